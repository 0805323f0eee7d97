package app.extramile.welfare;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.Consent;
import app.extramile.customers.Consents;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Regular check-ins: "check in and chat with Mrs Evans every Thursday at 10". Each is a
 * row with the time its next check falls due, in the shop's own time zone (10 o'clock
 * stays 10 o'clock across the clocks changing). A durable recurring task opens a welfare
 * check for every one that has fallen due: it first moves the row on to its next time
 * with a conditional update (only one instance can win a given occurrence), and the
 * check's source key names the occurrence, so a task that runs twice, on one instance or
 * two, opens one check. If the app was stopped over several due times, one check opens
 * (late), not one per missed week.
 */
@Service
class CheckIns {

	private static final Logger log = LoggerFactory.getLogger(CheckIns.class);

	/** Longest note ("check in and chat"), in characters. */
	public static final int NOTE_LENGTH = 120;

	private static final int BATCH = 200;

	private final JdbcClient jdbc;

	private final WelfareChecks checks;

	private final CustomerDirectory customers;

	private final Consents consents;

	private final Shops shops;

	private final TransactionTemplate transaction;

	private final Clock clock;

	CheckIns(JdbcClient jdbc, WelfareChecks checks, CustomerDirectory customers, Consents consents, Shops shops,
			PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.checks = checks;
		this.customers = customers;
		this.consents = consents;
		this.shops = shops;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** A regular check-in as listed. */
	public record CheckIn(UUID id, Customer customer, DayOfWeek weekday, LocalTime at, String note, Instant nextDueAt) {
	}

	public UUID add(ShopUser user, CustomerId customer, DayOfWeek weekday, LocalTime at, String note) {
		requireStaff(user);
		if (customer == null) {
			throw new Refused("customerId", "checkIns.refused.customer");
		}
		try {
			this.customers.get(user.shopId(), customer);
		}
		catch (NotFoundException ex) {
			throw new Refused("customerId", "checkIns.refused.customer");
		}
		if (weekday == null) {
			throw new Refused("weekday", "checkIns.refused.weekday");
		}
		if (at == null) {
			throw new Refused("at", "checkIns.refused.at");
		}
		String text = (note != null && !note.isBlank()) ? note.trim() : null;
		if (text != null && text.length() > NOTE_LENGTH) {
			throw new Refused("note", "checkIns.refused.note");
		}
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into welfare_check_in (id, shop_id, customer_id, weekday, at_time, note, next_due_at, created_at,
				  created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, user.shopId().value(), customer.value(), weekday.getValue(), at, text,
					Times.column(nextAfter(now, weekday, at, zone(user.shopId()))), Times.column(now), user.accountId())
			.update();
		return id;
	}

	/** Stops a regular check-in; checks it already opened carry on. */
	public void end(ShopUser user, UUID id) {
		requireStaff(user);
		this.jdbc.sql("update welfare_check_in set ended_at = ? where shop_id = ? and id = ? and ended_at is null")
			.params(Times.column(this.clock.instant()), user.shopId().value(), id)
			.update();
	}

	public List<CheckIn> list(ShopId shop) {
		return this.jdbc.sql("""
				select id, customer_id, weekday, at_time, note, next_due_at from welfare_check_in
				where shop_id = ? and ended_at is null order by weekday, at_time""")
			.param(shop.value())
			.query((rs, n) -> new CheckIn(rs.getObject("id", UUID.class),
					this.customers.get(shop, new CustomerId(rs.getObject("customer_id", UUID.class))),
					DayOfWeek.of(rs.getInt("weekday")), rs.getObject("at_time", LocalTime.class), rs.getString("note"),
					Times.instant(rs, "next_due_at")))
			.list();
	}

	/** The note a scheduled check was opened with, if it was. */
	public String noteOf(ShopId shop, UUID checkId) {
		return this.jdbc.sql("""
				select i.note from welfare_check c join welfare_check_in i on i.id = c.check_in_id
				where c.shop_id = ? and c.id = ?""")
			.params(shop.value(), checkId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * Opens a welfare check for every check-in that has fallen due, each in its own
	 * transaction. Safe to run twice and on several instances at once.
	 * @return how many checks this run opened
	 */
	public int openDue() {
		Instant now = this.clock.instant();
		List<Due> due = this.jdbc.sql("""
				select id, shop_id, customer_id, weekday, at_time, next_due_at from welfare_check_in
				where ended_at is null and next_due_at <= ? order by next_due_at limit ?""")
			.params(Times.column(now), BATCH)
			.query((rs, n) -> new Due(rs.getObject("id", UUID.class), new ShopId(rs.getObject("shop_id", UUID.class)),
					new CustomerId(rs.getObject("customer_id", UUID.class)), DayOfWeek.of(rs.getInt("weekday")),
					rs.getObject("at_time", LocalTime.class), Times.instant(rs, "next_due_at")))
			.list();
		int opened = 0;
		for (Due one : due) {
			try {
				Boolean did = this.transaction.execute((status) -> open(one, now));
				opened += Boolean.TRUE.equals(did) ? 1 : 0;
			}
			catch (RuntimeException ex) {
				log.warn("Regular check-in {} could not open its check; it will be tried again", one.id(), ex);
			}
		}
		return opened;
	}

	private boolean open(Due one, Instant now) {
		Instant next = nextAfter(now, one.weekday(), one.at(), zone(one.shop()));
		int claimed = this.jdbc.sql("update welfare_check_in set next_due_at = ? where id = ? and next_due_at = ?")
			.params(Times.column(next), one.id(), Times.column(one.dueAt()))
			.update();
		if (claimed == 0) {
			return false;
		}
		boolean agreed = this.consents.current(one.shop(), one.customer()).map(Consent::welfareChecks).orElse(false);
		if (!agreed) {
			log.info("Regular check-in {} opened no check: no consent to welfare checks", one.id());
			return false;
		}
		UUID check = this.checks.open(one.shop(), one.customer(), "SCHEDULED", null,
				"check-in:" + one.id() + ":" + one.dueAt().toEpochMilli());
		this.jdbc.sql(
				"update welfare_check set check_in_id = ? where id = ? and reason = 'SCHEDULED' and check_in_id is null")
			.params(one.id(), check)
			.update();
		return true;
	}

	private record Due(UUID id, ShopId shop, CustomerId customer, DayOfWeek weekday, LocalTime at, Instant dueAt) {
	}

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	/**
	 * The first {@code weekday} at {@code at}, local time in {@code zone}, after
	 * {@code after}.
	 */
	static Instant nextAfter(Instant after, DayOfWeek weekday, LocalTime at, ZoneId zone) {
		LocalDate date = after.atZone(zone).toLocalDate().with(TemporalAdjusters.nextOrSame(weekday));
		Instant candidate = ZonedDateTime.of(date, at, zone).toInstant();
		if (!candidate.isAfter(after)) {
			candidate = ZonedDateTime.of(date.plusWeeks(1), at, zone).toInstant();
		}
		return candidate;
	}

	private static void requireStaff(ShopUser user) {
		if (user.role() != Role.OWNER && user.role() != Role.STAFF) {
			throw new AccessDeniedException("staff only");
		}
	}

}
