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

import app.extramile.customers.CustomerEvents.CustomerArchived;
import app.extramile.customers.CustomerEvents.CustomerRegistered;
import app.extramile.shared.Language;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer directory: customers' profiles (register, import, update, archive), the
 * language each reads, search and the customer picker, birthdays coming up. Every method
 * is scoped by shop. Care profiles, missed-visit plans, consent and away notices have
 * their own services ({@link CareProfiles}, {@link MissedVisitPlans}, {@link Consents},
 * {@link AwayNotices}).
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
		CustomerData.requireCareReader(reader);
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
		CustomerData.requireCareReader(reader);
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

	private static MapSqlParameterSource detailParams(CustomerDetails d) {
		return new MapSqlParameterSource().addValue("reference", CustomerData.blankToNull(d.reference()))
			.addValue("name", d.name().trim())
			.addValue("preferredName", CustomerData.blankToNull(d.preferredName()))
			.addValue("phone", CustomerData.blankToNull(d.phone()))
			.addValue("mobile", CustomerData.blankToNull(d.mobile()))
			.addValue("addressLine", CustomerData.blankToNull(d.addressLine()))
			.addValue("town", CustomerData.blankToNull(d.town()))
			.addValue("postcode", CustomerData.blankToNull(d.postcode()))
			.addValue("latitude", d.latitude())
			.addValue("longitude", d.longitude())
			.addValue("birthday", d.birthday())
			.addValue("household", CustomerData.blankToNull(d.household()))
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

}
