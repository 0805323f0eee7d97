package app.extramile.customers;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerEvents.CareProfileUpdated;
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
 * Customers' care profiles (lives alone, personal alarm, mobility, sight and hearing,
 * care notes and access notes) and their care access log: who was shown whose care data.
 * Care data is refused to roles that may not read it; every reveal is logged; saving a
 * profile needs the customer's consent to keep care notes. Scoped by shop.
 */
@Service
@Transactional
public class CareProfiles {

	private final JdbcClient jdbc;

	private final CustomerDirectory directory;

	private final Consents consents;

	private final CareAccessLog accessLog;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CareProfiles(JdbcClient jdbc, CustomerDirectory directory, Consents consents, CareAccessLog accessLog,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.consents = consents;
		this.accessLog = accessLog;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The care profile without care and access notes, for roles that may read care data,
	 * to show them. Showing it is a view of care data like any reveal: when it has
	 * anything to show (a flag, mobility, sight or hearing notes, usual items, the paper)
	 * the care access log gets a row ({@code CARE_PROFILE}).
	 */
	public Optional<CareProfile> forShowing(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		Optional<CareProfile> profile = loadCareProfile(reader.shopId(), id).map(CareProfile::withoutNotes);
		if (profile.filter(CareProfile::showsAnything).isPresent()) {
			this.accessLog.write(reader, id, "CARE_PROFILE");
		}
		return profile;
	}

	/**
	 * Writes to the care access log that the viewer was shown these customers' care flags
	 * (lives alone, personal alarm, vulnerable), as badges on a list such as Who's
	 * missing: one row ({@code CARE_FLAGS}) for each customer whose flags were shown.
	 */
	public void careFlagsShown(ShopUser viewer, Collection<CustomerId> customers) {
		CustomerData.requireCareReader(viewer);
		for (CustomerId id : customers) {
			this.accessLog.write(viewer, id, "CARE_FLAGS");
		}
	}

	/**
	 * Whether there are care notes ({@code care}) or access notes, without revealing
	 * them.
	 */
	@Transactional(readOnly = true)
	public boolean hasNotes(ShopUser reader, CustomerId id, boolean care) {
		CustomerData.requireCareReader(reader);
		return loadCareProfile(reader.shopId(), id).map(care ? CareProfile::hasCareNotes : CareProfile::hasAccessNotes)
			.orElse(false);
	}

	/** Reveals the care notes and logs who read them. */
	public Optional<String> revealCareNotes(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		this.directory.get(reader.shopId(), id);
		this.accessLog.write(reader, id, "CARE_NOTES");
		return loadCareProfile(reader.shopId(), id).map(CareProfile::careNotes).filter((s) -> !s.isBlank());
	}

	/** Reveals the access notes (key safe, how to get in) and logs who read them. */
	public Optional<String> revealAccessNotes(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		this.directory.get(reader.shopId(), id);
		this.accessLog.write(reader, id, "ACCESS_NOTES");
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
		this.directory.get(shop, id);
		this.accessLog.writeForResponder(shop, id, readerId, "ACCESS_NOTES");
		return loadCareProfile(shop, id).map(CareProfile::accessNotes).filter((s) -> !s.isBlank());
	}

	/**
	 * The whole profile, notes included, for the edit form: a logged reveal of the
	 * profile and both notes.
	 */
	public CareProfile forEditing(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		this.directory.get(reader.shopId(), id);
		this.accessLog.write(reader, id, "CARE_PROFILE");
		this.accessLog.write(reader, id, "CARE_NOTES");
		this.accessLog.write(reader, id, "ACCESS_NOTES");
		return loadCareProfile(reader.shopId(), id).orElse(CareProfile.none());
	}

	public void save(ShopUser writer, CustomerId id, CareProfile profile) {
		CustomerData.requireCareReader(writer);
		ShopId shop = writer.shopId();
		this.directory.get(shop, id);
		if (this.consents.current(shop, id).filter(Consent::keepCareNotes).isEmpty()) {
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
			.addValue("mobilityNotes", CustomerData.blankToNull(p.mobilityNotes()))
			.addValue("sightNotes", CustomerData.blankToNull(p.sightNotes()))
			.addValue("hearingNotes", CustomerData.blankToNull(p.hearingNotes()))
			.addValue("usualItems", CustomerData.blankToNull(p.usualItems()))
			.addValue("newspaper", CustomerData.blankToNull(p.newspaper()))
			.addValue("careNotes", CustomerData.blankToNull(p.careNotes()))
			.addValue("accessNotes", CustomerData.blankToNull(p.accessNotes()))
			.addValue("now", Times.column(now))
			.addValue("by", by);
	}

}
