package app.extramile.customers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import app.extramile.customers.CustomerEvents.AwayNoticeRecorded;
import app.extramile.customers.CustomerEvents.CareProfileUpdated;
import app.extramile.customers.CustomerEvents.ConsentRecorded;
import app.extramile.customers.CustomerEvents.ConsentRevoked;
import app.extramile.customers.CustomerEvents.CustomerArchived;
import app.extramile.customers.CustomerEvents.CustomerRegistered;
import app.extramile.shared.Language;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customers module's facade: profiles, care, contacts, consent and away notices.
 * Every method is scoped by shop. Care data is refused to roles that may not read it, and
 * saving it needs the customer's recorded consent.
 */
@Service
@Transactional
public class CustomerDirectory {

	private static final String CUSTOMER_COLUMNS = """
			id, shop_id, reference, name, preferred_name, phone, mobile, address_line, town, postcode,
			latitude, longitude, birthday, household, tags, archived_at""";

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerDirectory(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	// --- Profiles
	// -------------------------------------------------------------------------------

	public CustomerId register(ShopId shop, CustomerDetails details) {
		CustomerId id = new CustomerId(UUID.randomUUID());
		Instant now = this.clock.instant();
		this.jdbc
			.sql("insert into customer (" + CUSTOMER_COLUMNS + ", search_key, created_at, updated_at) "
					+ "values (:id, :shop, :reference, :name, :preferredName, :phone, :mobile, :addressLine, :town, "
					+ ":postcode, :latitude, :longitude, :birthday, :household, :tags, null, :searchKey, :now, :now)")
			.paramSource(detailParams(details).addValue("id", id.value())
				.addValue("shop", shop.value())
				.addValue("now", Times.column(now)))
			.update();
		this.events.publishEvent(new CustomerRegistered(shop, id, now));
		return id;
	}

	/**
	 * Registers a customer from an imported list, with the notes that came with them (not
	 * care notes).
	 */
	public CustomerId registerImported(ShopId shop, CustomerDetails details, String notes) {
		CustomerId id = register(shop, details);
		if (notes != null && !notes.isBlank()) {
			this.jdbc.sql("update customer set notes = ? where shop_id = ? and id = ?")
				.params(notes.strip(), shop.value(), id.value())
				.update();
		}
		return id;
	}

	/**
	 * Fills what an existing customer's profile lacks from an imported row that is the
	 * same person; what is already there is kept.
	 */
	public void mergeImported(ShopId shop, CustomerId id, CustomerDetails row, String notes) {
		Customer c = get(shop, id);
		CustomerDetails merged = new CustomerDetails(either(c.reference(), row.reference()), c.name(),
				c.preferredName(), either(c.phone(), row.phone()), c.mobile(),
				either(c.addressLine(), row.addressLine()), c.town(), either(c.postcode(), row.postcode()),
				c.latitude(), c.longitude(), (c.birthday() != null) ? c.birthday() : row.birthday(), c.household(),
				c.tags());
		update(shop, id, merged);
		if (notes != null && !notes.isBlank()) {
			this.jdbc.sql("update customer set notes = coalesce(notes, ?) where shop_id = ? and id = ?")
				.params(notes.strip(), shop.value(), id.value())
				.update();
		}
	}

	/** Notes that came with imported customers, by customer; for owners and staff. */
	@Transactional(readOnly = true)
	public Map<CustomerId, String> notes(ShopUser reader) {
		requireCareReader(reader);
		Map<CustomerId, String> notes = new HashMap<>();
		this.jdbc.sql("select id, notes from customer where shop_id = ? and notes is not null")
			.param(reader.shopId().value())
			.query((rs, n) -> notes.put(new CustomerId(rs.getObject("id", UUID.class)), rs.getString("notes")))
			.list();
		return notes;
	}

	/** The notes that came with an imported customer; for owners and staff. */
	@Transactional(readOnly = true)
	public Optional<String> notesOf(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		return this.jdbc.sql("select notes from customer where shop_id = ? and id = ? and notes is not null")
			.params(reader.shopId().value(), id.value())
			.query((rs, n) -> rs.getString("notes"))
			.optional();
	}

	private static String either(String kept, String offered) {
		return (kept != null && !kept.isBlank()) ? kept : offered;
	}

	/** The language the customer reads, if anyone has said. */
	public Optional<Language> language(ShopId shop, CustomerId id) {
		return this.jdbc.sql("select language from customer where shop_id = ? and id = ?")
			.params(shop.value(), id.value())
			.query((rs, n) -> Optional.ofNullable(rs.getString("language")))
			.optional()
			.flatMap((code) -> code.flatMap(Language::of));
	}

	/** Says which language the customer reads; empty: the shop's. */
	public void setLanguage(ShopId shop, CustomerId id, Optional<Language> language) {
		int rows = this.jdbc.sql("update customer set language = ?, updated_at = ? where shop_id = ? and id = ?")
			.params(language.map(Language::code).orElse(null), Times.column(this.clock.instant()), shop.value(),
					id.value())
			.update();
		if (rows == 0) {
			throw new NotFoundException("Customer");
		}
	}

	public void update(ShopId shop, CustomerId id, CustomerDetails details) {
		int rows = this.jdbc.sql("""
				update customer set reference = :reference, name = :name, preferred_name = :preferredName,
				  phone = :phone, mobile = :mobile, address_line = :addressLine, town = :town, postcode = :postcode,
				  latitude = :latitude, longitude = :longitude, birthday = :birthday, household = :household,
				  tags = :tags, search_key = :searchKey, updated_at = :now
				where shop_id = :shop and id = :id""")
			.paramSource(detailParams(details).addValue("id", id.value())
				.addValue("shop", shop.value())
				.addValue("now", Times.column(this.clock.instant())))
			.update();
		if (rows == 0) {
			throw new NotFoundException("customer");
		}
	}

	public void archive(ShopId shop, CustomerId id) {
		Instant now = this.clock.instant();
		int rows = this.jdbc
			.sql("update customer set archived_at = ? where shop_id = ? and id = ? and archived_at is null")
			.params(Times.column(now), shop.value(), id.value())
			.update();
		if (rows > 0) {
			this.events.publishEvent(new CustomerArchived(shop, id, now));
		}
	}

	public void restore(ShopId shop, CustomerId id) {
		this.jdbc.sql("update customer set archived_at = null where shop_id = ? and id = ?")
			.params(shop.value(), id.value())
			.update();
	}

	@Transactional(readOnly = true)
	public Customer get(ShopId shop, CustomerId id) {
		return find(shop, id).orElseThrow(() -> new NotFoundException("customer"));
	}

	@Transactional(readOnly = true)
	public Optional<Customer> find(ShopId shop, CustomerId id) {
		return this.jdbc.sql("select " + CUSTOMER_COLUMNS + " from customer where shop_id = ? and id = ?")
			.params(shop.value(), id.value())
			.query(CustomerDirectory::customer)
			.optional();
	}

	@Transactional(readOnly = true)
	public Optional<Customer> findByReference(ShopId shop, String reference) {
		return this.jdbc.sql("select " + CUSTOMER_COLUMNS + " from customer where shop_id = ? and reference = ?")
			.params(shop.value(), reference.trim())
			.query(CustomerDirectory::customer)
			.optional();
	}

	/** Customer ids by their till or loyalty-card reference, for imports. */
	@Transactional(readOnly = true)
	public Map<String, CustomerId> idsByReference(ShopId shop) {
		return this.jdbc.sql("select reference, id from customer where shop_id = ? and reference is not null")
			.param(shop.value())
			.query((rs, n) -> Map.entry(rs.getString("reference"), new CustomerId(rs.getObject("id", UUID.class))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/** Which of these ids are customers of this shop. */
	@Transactional(readOnly = true)
	public Set<CustomerId> existing(ShopId shop, Collection<CustomerId> ids) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		return this.jdbc.sql("select id from customer where shop_id = :shop and id in (:ids)")
			.param("shop", shop.value())
			.param("ids", ids.stream().map(CustomerId::value).toList())
			.query((rs, n) -> new CustomerId(rs.getObject("id", UUID.class)))
			.set();
	}

	/**
	 * Finds customers by any part of a name, preferred name or reference
	 * (case-insensitive), or exactly by a scanned card reference. Archived customers are
	 * left out.
	 */
	@Transactional(readOnly = true)
	public List<Customer> search(ShopId shop, String query, int limit) {
		String q = (query != null) ? query.trim().toLowerCase(Locale.ROOT) : "";
		if (q.isEmpty()) {
			return this.jdbc
				.sql("select " + CUSTOMER_COLUMNS
						+ " from customer where shop_id = ? and archived_at is null order by name limit ?")
				.params(shop.value(), limit)
				.query(CustomerDirectory::customer)
				.list();
		}
		String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		// The search key holds the lower-case reference, so the LIKE alone finds a card;
		// an "or lower(reference) = ?" cost H2 a second test of every row in the shop
		// (docs/benchmarks.md). An exact card match still sorts first.
		return this.jdbc
			.sql("select " + CUSTOMER_COLUMNS
					+ """
							 from customer where shop_id = ? and archived_at is null
							  and search_key like ? escape '\\'
							order by case when lower(reference) = ? then 0 when search_key like ? escape '\\' then 1 else 2 end, name
							limit ?""")
			.params(shop.value(), like, q, q.replace("%", "") + "%", limit)
			.query(CustomerDirectory::customer)
			.list();
	}

	@Transactional(readOnly = true)
	/**
	 * The customer chosen in a picker you type into: their id, their picker label
	 * ({@link Customer#pickLabel()}), or a name only one current customer has. Empty for
	 * anything else (unknown, archived, another shop's, or a name shared by two), for the
	 * form to refuse by its field.
	 */
	public Optional<CustomerId> pick(ShopId shop, String typed) {
		if (typed == null || typed.isBlank()) {
			return Optional.empty();
		}
		String text = typed.strip();
		try {
			CustomerId id = new CustomerId(UUID.fromString(text));
			return find(shop, id).filter((c) -> !c.archived()).map(Customer::id);
		}
		catch (IllegalArgumentException notAnId) {
			// a label or a name
		}
		List<Customer> current = list(shop, false, Integer.MAX_VALUE, 0);
		List<Customer> byLabel = current.stream().filter((c) -> c.pickLabel().equalsIgnoreCase(text)).toList();
		List<Customer> found = byLabel.isEmpty()
				? current.stream().filter((c) -> c.name().strip().equalsIgnoreCase(text)).toList() : byLabel;
		return (found.size() == 1) ? Optional.of(found.get(0).id()) : Optional.empty();
	}

	public List<Customer> list(ShopId shop, boolean includeArchived, int limit, int offset) {
		return this.jdbc
			.sql("select " + CUSTOMER_COLUMNS + " from customer where shop_id = ? "
					+ (includeArchived ? "" : "and archived_at is null ") + "order by name limit ? offset ?")
			.params(shop.value(), limit, offset)
			.query(CustomerDirectory::customer)
			.list();
	}

	@Transactional(readOnly = true)
	public long count(ShopId shop) {
		return this.jdbc.sql("select count(*) from customer where shop_id = ? and archived_at is null")
			.param(shop.value())
			.query(Long.class)
			.single();
	}

	// --- Care profile
	// ---------------------------------------------------------------------------

	/**
	 * The care profile without care and access notes, for roles that may read care data,
	 * to show them. Showing it is a view of care data like any reveal: when it has
	 * anything to show (a flag, mobility, sight or hearing notes, usual items, the paper)
	 * the care access log gets a row ({@code CARE_PROFILE}).
	 */
	public Optional<CareProfile> careProfile(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		Optional<CareProfile> profile = loadCareProfile(reader.shopId(), id).map(CareProfile::withoutNotes);
		if (profile.filter(CareProfile::showsAnything).isPresent()) {
			logAccess(reader, id, "CARE_PROFILE");
		}
		return profile;
	}

	/**
	 * Writes to the care access log that the viewer was shown these customers' care flags
	 * (lives alone, personal alarm, vulnerable), as badges on a list such as Who's
	 * missing: one row ({@code CARE_FLAGS}) for each customer whose flags were shown.
	 */
	public void careFlagsShown(ShopUser viewer, Collection<CustomerId> customers) {
		requireCareReader(viewer);
		for (CustomerId id : customers) {
			logAccess(viewer, id, "CARE_FLAGS");
		}
	}

	/**
	 * Whether there are care notes ({@code care}) or access notes, without revealing
	 * them.
	 */
	@Transactional(readOnly = true)
	public boolean hasNotes(ShopUser reader, CustomerId id, boolean care) {
		requireCareReader(reader);
		return loadCareProfile(reader.shopId(), id).map(care ? CareProfile::hasCareNotes : CareProfile::hasAccessNotes)
			.orElse(false);
	}

	/** Reveals the care notes and logs who read them. */
	public Optional<String> revealCareNotes(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		get(reader.shopId(), id);
		logAccess(reader, id, "CARE_NOTES");
		return loadCareProfile(reader.shopId(), id).map(CareProfile::careNotes).filter((s) -> !s.isBlank());
	}

	/** Reveals the access notes (key safe, how to get in) and logs who read them. */
	public Optional<String> revealAccessNotes(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		get(reader.shopId(), id);
		logAccess(reader, id, "ACCESS_NOTES");
		return loadCareProfile(reader.shopId(), id).map(CareProfile::accessNotes).filter((s) -> !s.isBlank());
	}

	/**
	 * Reveals the access notes to a helper at the door who may not read the care profile,
	 * and logs it like any reveal. The calling module has checked that they hold the job
	 * at this customer's door: the responder who said they are going to the alarm
	 * (alarms), the volunteer who took the pop-round (welfare), the driver of the round
	 * (errands). A responder may not have a login, so {@code readerId} is their account
	 * id or, without one, their team member id.
	 */
	public Optional<String> revealAccessNotesToResponder(ShopId shop, CustomerId id, UUID readerId) {
		get(shop, id);
		this.jdbc.sql("""
				insert into care_access_log (id, shop_id, customer_id, account_id, what, at)
				values (?, ?, ?, ?, 'ACCESS_NOTES', ?)""")
			.params(UUID.randomUUID(), shop.value(), id.value(), readerId, Times.column(this.clock.instant()))
			.update();
		return loadCareProfile(shop, id).map(CareProfile::accessNotes).filter((s) -> !s.isBlank());
	}

	/**
	 * The whole profile, notes included, for the edit form: a logged reveal of the
	 * profile and both notes.
	 */
	public CareProfile careProfileForEditing(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		get(reader.shopId(), id);
		logAccess(reader, id, "CARE_PROFILE");
		logAccess(reader, id, "CARE_NOTES");
		logAccess(reader, id, "ACCESS_NOTES");
		return loadCareProfile(reader.shopId(), id).orElse(CareProfile.none());
	}

	public void saveCareProfile(ShopUser writer, CustomerId id, CareProfile profile) {
		requireCareReader(writer);
		ShopId shop = writer.shopId();
		get(shop, id);
		if (currentConsent(shop, id).filter(Consent::keepCareNotes).isEmpty()) {
			throw new ConsentMissingException("keepCareNotes");
		}
		Instant now = this.clock.instant();
		int rows = this.jdbc.sql("""
				update care_profile set lives_alone = :livesAlone, personal_alarm = :personalAlarm,
				  vulnerable = :vulnerable, free_delivery = :freeDelivery, mobility_notes = :mobilityNotes,
				  sight_notes = :sightNotes, hearing_notes = :hearingNotes, usual_items = :usualItems,
				  newspaper = :newspaper, care_notes = :careNotes, access_notes = :accessNotes,
				  updated_at = :now, updated_by = :by
				where shop_id = :shop and customer_id = :id""")
			.paramSource(careParams(shop, id, profile, now, writer.accountId()))
			.update();
		if (rows == 0) {
			this.jdbc.sql("""
					insert into care_profile (customer_id, shop_id, lives_alone, personal_alarm, vulnerable,
					  free_delivery, mobility_notes, sight_notes, hearing_notes, usual_items, newspaper, care_notes,
					  access_notes, updated_at, updated_by)
					values (:id, :shop, :livesAlone, :personalAlarm, :vulnerable, :freeDelivery, :mobilityNotes,
					  :sightNotes, :hearingNotes, :usualItems, :newspaper, :careNotes, :accessNotes, :now, :by)""")
				.paramSource(careParams(shop, id, profile, now, writer.accountId()))
				.update();
		}
		this.events.publishEvent(new CareProfileUpdated(shop, id, now));
	}

	/**
	 * Who was shown whose care data, newest first: care or access notes revealed, the
	 * care profile shown, care flags on a list. Owners only.
	 */
	@Transactional(readOnly = true)
	public List<CareAccess> careAccessLog(ShopUser owner, int limit) {
		if (owner.role() != Role.OWNER) {
			throw new AccessDeniedException("owners only");
		}
		return this.jdbc.sql("""
				select l.customer_id, c.name, l.account_id, l.what, l.at from care_access_log l
				join customer c on c.id = l.customer_id
				where l.shop_id = ? order by l.at desc limit ?""")
			.params(owner.shopId().value(), limit)
			.query((rs, n) -> new CareAccess(new CustomerId(rs.getObject("customer_id", UUID.class)),
					rs.getString("name"), rs.getObject("account_id", UUID.class), rs.getString("what"),
					Times.instant(rs, "at")))
			.list();
	}

	public record CareAccess(CustomerId customerId, String customerName, UUID accountId, String what, Instant at) {
	}

	// --- Missed-visit plan: contacts
	// --------------------------------------------------------------

	@Transactional(readOnly = true)
	public List<Contact> contacts(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		return this.jdbc.sql("""
				select id, name, relationship, phone, has_key, ring_order from customer_contact
				where shop_id = ? and customer_id = ? order by ring_order, name""")
			.params(reader.shopId().value(), id.value())
			.query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
					Contact.Relationship.valueOf(rs.getString("relationship")), rs.getString("phone"),
					rs.getBoolean("has_key"), rs.getInt("ring_order")))
			.list();
	}

	public UUID addContact(ShopUser writer, CustomerId id, String name, Contact.Relationship relationship, String phone,
			boolean hasKey) {
		requireCareReader(writer);
		ShopId shop = writer.shopId();
		get(shop, id);
		if (currentConsent(shop, id).filter(Consent::contactNamedPeople).isEmpty()) {
			throw new ConsentMissingException("contactNamedPeople");
		}
		int next = this.jdbc
			.sql("select coalesce(max(ring_order), 0) + 1 from customer_contact where shop_id = ? and customer_id = ?")
			.params(shop.value(), id.value())
			.query(Integer.class)
			.single();
		UUID contactId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into customer_contact (id, shop_id, customer_id, name, relationship, phone, has_key, ring_order)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(contactId, shop.value(), id.value(), name.trim(), relationship.name(), phone.trim(), hasKey, next)
			.update();
		return contactId;
	}

	public void removeContact(ShopUser writer, CustomerId id, UUID contactId) {
		requireCareReader(writer);
		this.jdbc.sql("delete from customer_contact where shop_id = ? and customer_id = ? and id = ?")
			.params(writer.shopId().value(), id.value(), contactId)
			.update();
	}

	/** Moves a contact one place earlier in the ringing order. */
	public void ringEarlier(ShopUser writer, CustomerId id, UUID contactId) {
		List<Contact> contacts = contacts(writer, id);
		for (int i = 1; i < contacts.size(); i++) {
			if (contacts.get(i).id().equals(contactId)) {
				Contact before = contacts.get(i - 1);
				setRingOrder(writer.shopId(), contactId, i);
				setRingOrder(writer.shopId(), before.id(), i + 1);
				for (int j = 0; j < contacts.size(); j++) {
					if (j != i && j != i - 1) {
						setRingOrder(writer.shopId(), contacts.get(j).id(), j + 1);
					}
				}
				return;
			}
		}
	}

	private void setRingOrder(ShopId shop, UUID contactId, int order) {
		this.jdbc.sql("update customer_contact set ring_order = ? where shop_id = ? and id = ?")
			.params(order, shop.value(), contactId)
			.update();
	}

	/** Whether this customer's missed-visit plan starts at amber rather than red. */
	@Transactional(readOnly = true)
	public boolean actsAtAmber(ShopId shop, CustomerId id) {
		return this.jdbc.sql("select act_at_amber from customer where shop_id = ? and id = ?")
			.params(shop.value(), id.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** The shop's customers whose plan starts at amber. */
	@Transactional(readOnly = true)
	public Set<CustomerId> actingAtAmber(ShopId shop) {
		return this.jdbc.sql("select id from customer where shop_id = ? and act_at_amber")
			.param(shop.value())
			.query((rs, n) -> new CustomerId(rs.getObject("id", UUID.class)))
			.set();
	}

	public void actAtAmber(ShopUser writer, CustomerId id, boolean atAmber) {
		requireCareReader(writer);
		int rows = this.jdbc.sql("update customer set act_at_amber = ? where shop_id = ? and id = ?")
			.params(atAmber, writer.shopId().value(), id.value())
			.update();
		if (rows == 0) {
			throw new NotFoundException("customer");
		}
	}

	/**
	 * The missed-visit plan's contacts in ringing order, for the system to build a
	 * welfare check (no signed-in person: a check may start from a sweep). Empty without
	 * consent to contact named people.
	 */
	@Transactional(readOnly = true)
	public List<Contact> planContacts(ShopId shop, CustomerId id) {
		if (currentConsent(shop, id).filter(Consent::contactNamedPeople).isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				select id, name, relationship, phone, has_key, ring_order from customer_contact
				where shop_id = ? and customer_id = ? order by ring_order, name""")
			.params(shop.value(), id.value())
			.query((rs, n) -> new Contact(rs.getObject("id", UUID.class), rs.getString("name"),
					Contact.Relationship.valueOf(rs.getString("relationship")), rs.getString("phone"),
					rs.getBoolean("has_key"), rs.getInt("ring_order")))
			.list();
	}

	// --- Consent
	// --------------------------------------------------------------------------------

	@Transactional(readOnly = true)
	public Optional<Consent> currentConsent(ShopId shop, CustomerId id) {
		return this.jdbc.sql("""
				select id, welfare_checks, contact_named_people, keep_care_notes, how_given, signed_on, witnessed_by,
				  recorded_at, recorded_by, revoked_at, revoked_how, revoke_signed_on, revoke_witnessed_by
				from consent where shop_id = ? and customer_id = ? and revoked_at is null
				order by recorded_at desc limit 1""")
			.params(shop.value(), id.value())
			.query(CustomerDirectory::consent)
			.optional()
			.map((c) -> withPages(shop, c));
	}

	/**
	 * Whether any of the shop's customers has consent recorded (the first is a
	 * milestone).
	 */
	@Transactional(readOnly = true)
	public boolean anyConsentRecorded(ShopId shop) {
		return this.jdbc.sql("select count(*) from consent where shop_id = ?")
			.param(shop.value())
			.query(Long.class)
			.single() > 0;
	}

	@Transactional(readOnly = true)
	public List<Consent> consentHistory(ShopUser reader, CustomerId id) {
		requireCareReader(reader);
		return this.jdbc.sql("""
				select id, welfare_checks, contact_named_people, keep_care_notes, how_given, signed_on, witnessed_by,
				  recorded_at, recorded_by, revoked_at, revoked_how, revoke_signed_on, revoke_witnessed_by
				from consent where shop_id = ? and customer_id = ? order by recorded_at desc""")
			.params(reader.shopId().value(), id.value())
			.query(CustomerDirectory::consent)
			.list()
			.stream()
			.map((c) -> withPages(reader.shopId(), c))
			.toList();
	}

	private Consent withPages(ShopId shop, Consent consent) {
		List<Consent.Page> pages = this.jdbc
			.sql("select id, purpose from consent_page where shop_id = ? and consent_id = ? order by uploaded_at")
			.params(shop.value(), consent.id())
			.query((rs, n) -> new Consent.Page(rs.getObject("id", UUID.class),
					"WITHDRAWN".equals(rs.getString("purpose"))))
			.list();
		return new Consent(consent.id(), consent.welfareChecks(), consent.contactNamedPeople(), consent.keepCareNotes(),
				consent.howGiven(), consent.signedOn(), consent.witnessedBy(), consent.recordedAt(),
				consent.recordedBy(), consent.revokedAt(), consent.revokedHow(), consent.revokeSignedOn(),
				consent.revokeWitnessedBy(), pages);
	}

	/**
	 * A scanned consent page of one of the shop's customers, for those who may read care
	 * data.
	 */
	@Transactional(readOnly = true)
	public Optional<Consent.Scan> consentPage(ShopUser reader, CustomerId id, UUID pageId) {
		requireCareReader(reader);
		return this.jdbc
			.sql("select content_type, content from consent_page where shop_id = ? and customer_id = ? and id = ?")
			.params(reader.shopId().value(), id.value(), pageId)
			.query((rs, n) -> new Consent.Scan(rs.getString("content_type"), rs.getBytes("content")))
			.optional();
	}

	/**
	 * Records what the customer agrees to now, replacing any earlier consent. Withdrawing
	 * consent to keep care notes or to contact named people erases that data.
	 */
	public void recordConsent(ShopUser writer, CustomerId id, boolean welfareChecks, boolean contactNamedPeople,
			boolean keepCareNotes, String howGiven) {
		recordConsent(writer, id, welfareChecks, contactNamedPeople, keepCareNotes, howGiven, null);
	}

	/**
	 * Records consent as above; {@code paper}, when not null, is the signed consent form:
	 * the day it was signed (not in the future), who witnessed it, and its scan if any.
	 */
	public void recordConsent(ShopUser writer, CustomerId id, boolean welfareChecks, boolean contactNamedPeople,
			boolean keepCareNotes, String howGiven, Consent.Paper paper) {
		requireCareReader(writer);
		ShopId shop = writer.shopId();
		get(shop, id);
		Instant now = this.clock.instant();
		requireSound(shop, paper, now);
		revokeCurrent(shop, id, writer.accountId(), now, null, null);
		UUID consentId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into consent (id, shop_id, customer_id, welfare_checks, contact_named_people, keep_care_notes,
				  how_given, signed_on, witnessed_by, recorded_at, recorded_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(consentId, shop.value(), id.value(), welfareChecks, contactNamedPeople, keepCareNotes,
					blankToNull(howGiven), (paper != null) ? paper.signedOn() : null,
					(paper != null) ? paper.witnessedBy().strip() : null, Times.column(now), writer.accountId())
			.update();
		if (paper != null && paper.scan() != null) {
			keepPage(writer, id, consentId, "GIVEN", paper.scan(), now);
		}
		eraseWithoutConsent(shop, id, contactNamedPeople, keepCareNotes);
		this.events.publishEvent(new ConsentRecorded(shop, id, welfareChecks, contactNamedPeople, keepCareNotes, now));
	}

	public void revokeConsent(ShopUser writer, CustomerId id) {
		revokeConsent(writer, id, null, null);
	}

	/**
	 * Withdraws all consent as above; {@code how} says how they told us, and
	 * {@code paper}, when not null, is the signed withdrawal (its day, witness and scan).
	 */
	public void revokeConsent(ShopUser writer, CustomerId id, String how, Consent.Paper paper) {
		requireCareReader(writer);
		ShopId shop = writer.shopId();
		get(shop, id);
		Instant now = this.clock.instant();
		requireSound(shop, paper, now);
		Optional<Consent> current = currentConsent(shop, id);
		if (revokeCurrent(shop, id, writer.accountId(), now, how, paper) > 0) {
			if (paper != null && paper.scan() != null && current.isPresent()) {
				keepPage(writer, id, current.get().id(), "WITHDRAWN", paper.scan(), now);
			}
			eraseWithoutConsent(shop, id, false, false);
			this.events.publishEvent(new ConsentRevoked(shop, id, now));
		}
	}

	private int revokeCurrent(ShopId shop, CustomerId id, UUID by, Instant now, String how, Consent.Paper paper) {
		return this.jdbc.sql("""
				update consent set revoked_at = ?, revoked_by = ?, revoked_how = ?, revoke_signed_on = ?,
				  revoke_witnessed_by = ?
				where shop_id = ? and customer_id = ? and revoked_at is null""")
			.params(Times.column(now), by, blankToNull(how), (paper != null) ? paper.signedOn() : null,
					(paper != null) ? paper.witnessedBy().strip() : null, shop.value(), id.value())
			.update();
	}

	private void requireSound(ShopId shop, Consent.Paper paper, Instant now) {
		if (paper == null) {
			return;
		}
		if (paper.signedOn() == null
				|| paper.signedOn().isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1))) {
			throw new IllegalArgumentException("a paper consent form needs the day it was signed, not in the future");
		}
		if (paper.witnessedBy() == null || paper.witnessedBy().isBlank()) {
			throw new IllegalArgumentException("a paper consent form needs who witnessed it");
		}
		if (paper.scan() != null && (paper.scan().content().length > Consent.Scan.MAX_BYTES
				|| Consent.Scan.typeOf(paper.scan().content()) == null)) {
			throw new IllegalArgumentException("a scanned page is a PDF, JPEG or PNG of at most 5 MB");
		}
	}

	private void keepPage(ShopUser writer, CustomerId id, UUID consentId, String purpose, Consent.Scan scan,
			Instant now) {
		this.jdbc.sql("""
				insert into consent_page (id, shop_id, customer_id, consent_id, purpose, content_type, content,
				  uploaded_at, uploaded_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), writer.shopId().value(), id.value(), consentId, purpose,
					Consent.Scan.typeOf(scan.content()), scan.content(), Times.column(now), writer.accountId())
			.update();
	}

	private void eraseWithoutConsent(ShopId shop, CustomerId id, boolean contactNamedPeople, boolean keepCareNotes) {
		if (!keepCareNotes) {
			this.jdbc.sql("delete from care_profile where shop_id = ? and customer_id = ?")
				.params(shop.value(), id.value())
				.update();
		}
		if (!contactNamedPeople) {
			this.jdbc.sql("delete from customer_contact where shop_id = ? and customer_id = ?")
				.params(shop.value(), id.value())
				.update();
		}
	}

	// --- Away notices
	// ---------------------------------------------------------------------------

	public UUID recordAway(ShopUser writer, CustomerId id, AwayNotice.Reason reason, LocalDate from, LocalDate to,
			String note) {
		ShopId shop = writer.shopId();
		get(shop, id);
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("away notice ends before it starts");
		}
		UUID noticeId = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into away_notice (id, shop_id, customer_id, reason, from_date, to_date, note, created_by, created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(noticeId, shop.value(), id.value(), reason.name(), from, to, blankToNull(note), writer.accountId(),
					Times.column(now))
			.update();
		this.events.publishEvent(new AwayNoticeRecorded(shop, id, reason, from, to, now));
		return noticeId;
	}

	public void cancelAway(ShopUser writer, CustomerId id, UUID noticeId) {
		this.jdbc.sql("update away_notice set cancelled_at = ? where shop_id = ? and customer_id = ? and id = ?")
			.params(Times.column(this.clock.instant()), writer.shopId().value(), id.value(), noticeId)
			.update();
	}

	/** Away notices that end on or after {@code since}, soonest first. */
	@Transactional(readOnly = true)
	public List<AwayNotice> awayNotices(ShopId shop, CustomerId id, LocalDate since) {
		return this.jdbc.sql("""
				select id, reason, from_date, to_date, note from away_notice
				where shop_id = ? and customer_id = ? and cancelled_at is null and to_date >= ?
				order by from_date""")
			.params(shop.value(), id.value(), since)
			.query((rs, n) -> new AwayNotice(rs.getObject("id", UUID.class),
					AwayNotice.Reason.valueOf(rs.getString("reason")), rs.getObject("from_date", LocalDate.class),
					rs.getObject("to_date", LocalDate.class), rs.getString("note")))
			.list();
	}

	/** Away notices of all the shop's customers that overlap the given days. */
	@Transactional(readOnly = true)
	public Map<CustomerId, List<AwayNotice>> awayNoticesBetween(ShopId shop, LocalDate from, LocalDate to) {
		Map<CustomerId, List<AwayNotice>> notices = new HashMap<>();
		this.jdbc.sql("""
				select customer_id, id, reason, from_date, to_date, note from away_notice
				where shop_id = ? and cancelled_at is null and to_date >= ? and from_date <= ?""")
			.params(shop.value(), from, to)
			.query((rs) -> {
				notices
					.computeIfAbsent(new CustomerId(rs.getObject("customer_id", UUID.class)), (k) -> new ArrayList<>())
					.add(new AwayNotice(rs.getObject("id", UUID.class),
							AwayNotice.Reason.valueOf(rs.getString("reason")),
							rs.getObject("from_date", LocalDate.class), rs.getObject("to_date", LocalDate.class),
							rs.getString("note")));
			});
		return notices;
	}

	/**
	 * Who needs looking out for most, without any notes: for ranking Who's missing. Safe
	 * for the system to read without a signed-in person because it reveals no care text;
	 * a page that shows these flags to someone logs it with {@link #careFlagsShown}.
	 */
	@Transactional(readOnly = true)
	public Map<CustomerId, CareFlags> careFlags(ShopId shop) {
		Map<CustomerId, CareFlags> flags = new HashMap<>();
		this.jdbc.sql("select customer_id, lives_alone, personal_alarm, vulnerable from care_profile where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				flags.put(new CustomerId(rs.getObject("customer_id", UUID.class)), new CareFlags(
						rs.getBoolean("lives_alone"), rs.getBoolean("personal_alarm"), rs.getBoolean("vulnerable")));
			});
		return flags;
	}

	/** The care facts that make an absence more worrying. */
	public record CareFlags(boolean livesAlone, boolean personalAlarm, boolean vulnerable) {

		public static final CareFlags NONE = new CareFlags(false, false, false);

	}

	/**
	 * Customers (not archived) whose birthday falls from {@code from} to {@code days}
	 * later, soonest first; someone born on 29 February has it on the 28th in other
	 * years.
	 */
	@Transactional(readOnly = true)
	public List<Birthday> birthdays(ShopId shop, LocalDate from, int days) {
		LocalDate until = from.plusDays(days);
		List<Birthday> found = new ArrayList<>();
		this.jdbc
			.sql("select " + CUSTOMER_COLUMNS
					+ " from customer where shop_id = ? and archived_at is null and birthday is not null")
			.param(shop.value())
			.query(CustomerDirectory::customer)
			.list()
			.forEach((c) -> {
				MonthDay day = MonthDay.from(c.birthday());
				LocalDate on = day.atYear(from.getYear());
				if (on.isBefore(from)) {
					on = day.atYear(from.getYear() + 1);
				}
				if (!on.isAfter(until) && on.isAfter(c.birthday())) {
					found.add(new Birthday(c, on, on.getYear() - c.birthday().getYear()));
				}
			});
		found.sort(Comparator.comparing(Birthday::on).thenComparing((b) -> b.customer().name()));
		return found;
	}

	/** A customer's birthday coming up: the day, and the age they turn. */
	public record Birthday(Customer customer, LocalDate on, int age) {
	}

	/** The shop's customers who are not archived, by id. */
	@Transactional(readOnly = true)
	public Map<CustomerId, Customer> active(ShopId shop) {
		Map<CustomerId, Customer> active = new HashMap<>();
		this.jdbc.sql("select " + CUSTOMER_COLUMNS + " from customer where shop_id = ? and archived_at is null")
			.param(shop.value())
			.query(CustomerDirectory::customer)
			.list()
			.forEach((c) -> active.put(c.id(), c));
		return active;
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	private static void requireCareReader(ShopUser user) {
		if (!user.mayReadCareProfile()) {
			throw new AccessDeniedException("care data is for owners and staff");
		}
	}

	/** A reveal of care or access notes made by another part of this module. */
	void logReveal(ShopUser reader, CustomerId id, String what) {
		logAccess(reader, id, what);
	}

	private void logAccess(ShopUser reader, CustomerId id, String what) {
		this.jdbc.sql("""
				insert into care_access_log (id, shop_id, customer_id, account_id, what, at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), reader.shopId().value(), id.value(), reader.accountId(), what,
					Times.column(this.clock.instant()))
			.update();
	}

	private Optional<CareProfile> loadCareProfile(ShopId shop, CustomerId id) {
		return this.jdbc.sql("""
				select lives_alone, personal_alarm, vulnerable, free_delivery, mobility_notes, sight_notes,
				  hearing_notes, usual_items, newspaper, care_notes, access_notes
				from care_profile where shop_id = ? and customer_id = ?""")
			.params(shop.value(), id.value())
			.query((rs, n) -> new CareProfile(rs.getBoolean("lives_alone"), rs.getBoolean("personal_alarm"),
					rs.getBoolean("vulnerable"), rs.getBoolean("free_delivery"), rs.getString("mobility_notes"),
					rs.getString("sight_notes"), rs.getString("hearing_notes"), rs.getString("usual_items"),
					rs.getString("newspaper"), rs.getString("care_notes"), rs.getString("access_notes")))
			.optional();
	}

	private static MapSqlParameterSource careParams(ShopId shop, CustomerId id, CareProfile p, Instant now, UUID by) {
		return new MapSqlParameterSource().addValue("id", id.value())
			.addValue("shop", shop.value())
			.addValue("livesAlone", p.livesAlone())
			.addValue("personalAlarm", p.personalAlarm())
			.addValue("vulnerable", p.vulnerable())
			.addValue("freeDelivery", p.freeDelivery())
			.addValue("mobilityNotes", blankToNull(p.mobilityNotes()))
			.addValue("sightNotes", blankToNull(p.sightNotes()))
			.addValue("hearingNotes", blankToNull(p.hearingNotes()))
			.addValue("usualItems", blankToNull(p.usualItems()))
			.addValue("newspaper", blankToNull(p.newspaper()))
			.addValue("careNotes", blankToNull(p.careNotes()))
			.addValue("accessNotes", blankToNull(p.accessNotes()))
			.addValue("now", Times.column(now))
			.addValue("by", by);
	}

	private static MapSqlParameterSource detailParams(CustomerDetails d) {
		return new MapSqlParameterSource().addValue("reference", blankToNull(d.reference()))
			.addValue("name", d.name().trim())
			.addValue("preferredName", blankToNull(d.preferredName()))
			.addValue("phone", blankToNull(d.phone()))
			.addValue("mobile", blankToNull(d.mobile()))
			.addValue("addressLine", blankToNull(d.addressLine()))
			.addValue("town", blankToNull(d.town()))
			.addValue("postcode", blankToNull(d.postcode()))
			.addValue("latitude", d.latitude())
			.addValue("longitude", d.longitude())
			.addValue("birthday", d.birthday())
			.addValue("household", blankToNull(d.household()))
			.addValue("tags", (d.tags() != null && !d.tags().isEmpty()) ? String.join(",", d.tags()) : null)
			.addValue("searchKey", searchKey(d));
	}

	static String searchKey(CustomerDetails d) {
		return String
			.join(" ", d.name().trim(), (d.preferredName() != null) ? d.preferredName().trim() : "",
					(d.reference() != null) ? d.reference().trim() : "")
			.toLowerCase(Locale.ROOT)
			.trim();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static Customer customer(ResultSet rs, int row) throws SQLException {
		String tags = rs.getString("tags");
		return new Customer(new CustomerId(rs.getObject("id", UUID.class)),
				new ShopId(rs.getObject("shop_id", UUID.class)), rs.getString("reference"), rs.getString("name"),
				rs.getString("preferred_name"), rs.getString("phone"), rs.getString("mobile"),
				rs.getString("address_line"), rs.getString("town"), rs.getString("postcode"),
				(Double) rs.getObject("latitude"), (Double) rs.getObject("longitude"),
				rs.getObject("birthday", LocalDate.class), rs.getString("household"),
				(tags != null) ? Arrays.stream(tags.split(",")).map(String::trim).filter((t) -> !t.isEmpty()).toList()
						: List.of(),
				Times.instant(rs, "archived_at"));
	}

	private static Consent consent(ResultSet rs, int row) throws SQLException {
		return new Consent(rs.getObject("id", UUID.class), rs.getBoolean("welfare_checks"),
				rs.getBoolean("contact_named_people"), rs.getBoolean("keep_care_notes"), rs.getString("how_given"),
				rs.getObject("signed_on", LocalDate.class), rs.getString("witnessed_by"),
				Times.instant(rs, "recorded_at"), rs.getObject("recorded_by", UUID.class),
				Times.instant(rs, "revoked_at"), rs.getString("revoked_how"),
				rs.getObject("revoke_signed_on", LocalDate.class), rs.getString("revoke_witnessed_by"), List.of());
	}

}
