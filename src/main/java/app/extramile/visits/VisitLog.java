package app.extramile.visits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.visits.VisitEvents.VisitRecorded;
import app.extramile.visits.VisitEvents.VisitUndone;
import app.extramile.visits.till.ShopZones;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The visits module's facade: record a visit at the counter (and undo it for a few
 * seconds), and answer when a customer was seen.
 */
@Service
@Transactional
public class VisitLog {

	/** How long "undo" stays possible after a tap at the counter. */
	public static final Duration UNDO_WINDOW = Duration.ofSeconds(10);

	/**
	 * A little slack over the undo window shown on screen, for a slow tablet or network.
	 */
	private static final Duration UNDO_GRACE = Duration.ofSeconds(5);

	/**
	 * The oldest tap the counter still takes: a tap kept on a tablet through a dropped
	 * line is sent within minutes; one kept for days belongs to no day anyone remembers.
	 */
	public static final Duration OLDEST_TAP = Duration.ofHours(24);

	/**
	 * A tablet's clock stepped back a little (a time sync) between the tap and its
	 * sending is not a tap from the future.
	 */
	static final Duration CLOCK_STEP = Duration.ofMinutes(2);

	/**
	 * How long a tap's key is kept: well beyond {@link #OLDEST_TAP}, so a tap sent again
	 * after its answer was lost is answered "recorded" rather than "too old".
	 */
	public static final Duration TAP_KEYS_KEPT = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ShopZones zones;

	VisitLog(JdbcClient jdbc, CustomerDirectory customers, ApplicationEventPublisher events, Clock clock,
			ShopZones zones) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.events = events;
		this.clock = clock;
		this.zones = zones;
	}

	/** "In today": records that the customer is in the shop now. */
	public Visit recordAtCounter(ShopUser staff, CustomerId customer) {
		ShopId shop = staff.shopId();
		this.customers.get(shop, customer);
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into visit (id, shop_id, customer_id, seen_at, source, recorded_by, created_at)
				values (?, ?, ?, ?, 'COUNTER', ?, ?)""")
			.params(id, shop.value(), customer.value(), Times.column(now), staff.accountId(), Times.column(now))
			.update();
		this.events.publishEvent(new VisitRecorded(shop, customer, id, now));
		return new Visit(id, customer, now, Visit.Source.COUNTER, null);
	}

	/**
	 * A tap at the counter under the key the browser made when it was tapped: the first
	 * time a key arrives it records the visit, seen {@code age} before now; every later
	 * arrival of that key (a resend after a lost answer, a second tab sending the same
	 * kept tap, both at once) answers with that visit and records nothing.
	 * <p>
	 * The tap's time is its age as measured by the tablet, not the tablet's clock: a
	 * tablet whose clock is wrong still puts the visit at the right moment (and on the
	 * right day), and a tap can never land in the future. A tap older than
	 * {@link #OLDEST_TAP} is refused, as is one whose customer is no longer there; a
	 * refused tap stores nothing.
	 * <p>
	 * The key is claimed with {@code insert … on conflict do nothing} before the visit is
	 * written, in the same transaction: two arrivals at the same moment wait on the
	 * unique key, and the second finds the first one's visit.
	 */
	public Tap recordTap(ShopUser staff, CustomerId customer, UUID key, Duration age) {
		ShopId shop = staff.shopId();
		Optional<Tap> earlier = tapByKey(shop, key);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Duration since = age;
		if (since.isNegative()) {
			if (since.abs().compareTo(CLOCK_STEP) > 0) {
				throw new Refused(null, "counter.tap.refused.future");
			}
			since = Duration.ZERO;
		}
		if (since.compareTo(OLDEST_TAP) > 0) {
			throw new Refused(null, "counter.tap.refused.tooOld");
		}
		if (this.customers.find(shop, customer).isEmpty()) {
			throw new Refused(null, "counter.tap.refused.unknownCustomer");
		}
		Instant now = this.clock.instant();
		Instant seenAt = now.minus(since);
		UUID id = UUID.randomUUID();
		int claimed = this.jdbc.sql("""
				insert into counter_tap (shop_id, tap_key, visit_id, seen_at, created_at)
				values (?, ?, ?, ?, ?) on conflict do nothing""")
			.params(shop.value(), key, id, Times.column(seenAt), Times.column(now))
			.update();
		if (claimed == 0) {
			// The same key at the same moment from another request: that one records it.
			return tapByKey(shop, key).orElseThrow();
		}
		this.jdbc.sql("""
				insert into visit (id, shop_id, customer_id, seen_at, source, recorded_by, created_at)
				values (?, ?, ?, ?, 'COUNTER', ?, ?)""")
			.params(id, shop.value(), customer.value(), Times.column(seenAt), staff.accountId(), Times.column(now))
			.update();
		this.events.publishEvent(new VisitRecorded(shop, customer, id, seenAt));
		return new Tap(id, seenAt, false);
	}

	private Optional<Tap> tapByKey(ShopId shop, UUID key) {
		return this.jdbc.sql("select visit_id, seen_at from counter_tap where shop_id = ? and tap_key = ?")
			.params(shop.value(), key)
			.query((rs, n) -> new Tap(rs.getObject("visit_id", UUID.class), Times.instant(rs, "seen_at"), true))
			.optional();
	}

	/**
	 * Forgets the keys of taps older than {@link #TAP_KEYS_KEPT}, in every shop; returns
	 * how many.
	 */
	public int purgeTapKeys() {
		return this.jdbc.sql("delete from counter_tap where created_at < ?")
			.param(Times.column(this.clock.instant().minus(TAP_KEYS_KEPT)))
			.update();
	}

	/**
	 * What a tap did: the visit it recorded (or recorded when its key first came), when
	 * the customer was seen, and whether this arrival only repeated an earlier one.
	 */
	public record Tap(UUID visitId, Instant seenAt, boolean replayed) {
	}

	/**
	 * Takes back a counter visit recorded moments ago; false when the window has passed.
	 */
	public boolean undo(ShopUser staff, UUID visitId) {
		Instant cutoff = this.clock.instant().minus(UNDO_WINDOW).minus(UNDO_GRACE);
		Optional<CustomerId> customer = this.jdbc.sql(
				"select customer_id from visit where shop_id = ? and id = ? and source = 'COUNTER' and created_at >= ?")
			.params(staff.shopId().value(), visitId, Times.column(cutoff))
			.query((rs, n) -> new CustomerId(rs.getObject("customer_id", UUID.class)))
			.optional();
		if (customer.isEmpty()) {
			return false;
		}
		this.jdbc.sql("delete from visit where shop_id = ? and id = ?")
			.params(staff.shopId().value(), visitId)
			.update();
		this.events.publishEvent(new VisitUndone(staff.shopId(), customer.get(), visitId));
		return true;
	}

	/** The customer's visits, newest first. */
	@Transactional(readOnly = true)
	public List<Visit> visitsOf(ShopId shop, CustomerId customer, int limit) {
		return this.jdbc.sql("""
				select id, customer_id, seen_at, source, amount_minor from visit
				where shop_id = ? and customer_id = ? order by seen_at desc limit ?""")
			.params(shop.value(), customer.value(), limit)
			.query(VisitLog::visit)
			.list();
	}

	@Transactional(readOnly = true)
	public Optional<Instant> lastSeen(ShopId shop, CustomerId customer) {
		return Optional.ofNullable(
				this.jdbc.sql("select max(seen_at) as last_seen from visit where shop_id = ? and customer_id = ?")
					.params(shop.value(), customer.value())
					.query((rs, n) -> Times.instant(rs, "last_seen"))
					.single());
	}

	/**
	 * Which of these customers have been in today (since midnight in the shop's time
	 * zone, however the visit was recorded), each with the latest time.
	 */
	@Transactional(readOnly = true)
	public Map<CustomerId, Instant> inToday(ShopId shop, Collection<CustomerId> customers) {
		Map<CustomerId, Instant> seen = new HashMap<>();
		if (customers.isEmpty()) {
			return seen;
		}
		ZoneId zone = this.zones.zoneOf(shop);
		Instant midnight = LocalDate.now(this.clock.withZone(zone)).atStartOfDay(zone).toInstant();
		this.jdbc.sql("""
				select customer_id, max(seen_at) as last_seen from visit
				where shop_id = :shop and seen_at >= :midnight and customer_id in (:customers)
				group by customer_id""")
			.param("shop", shop.value())
			.param("midnight", Times.column(midnight))
			.param("customers", customers.stream().map(CustomerId::value).toList())
			.query((rs) -> {
				seen.put(new CustomerId(rs.getObject("customer_id", UUID.class)), Times.instant(rs, "last_seen"));
			});
		return seen;
	}

	/** When each of the shop's customers was last in. */
	@Transactional(readOnly = true)
	public Map<CustomerId, Instant> lastVisits(ShopId shop) {
		Map<CustomerId, Instant> last = new HashMap<>();
		this.jdbc.sql("select customer_id, max(seen_at) as last_seen from visit where shop_id = ? group by customer_id")
			.param(shop.value())
			.query((rs) -> {
				last.put(new CustomerId(rs.getObject("customer_id", UUID.class)), Times.instant(rs, "last_seen"));
			});
		return last;
	}

	/**
	 * Streams the shop's visits seen after {@code after} (all of them when null), oldest
	 * first, to the consumer: the input for learning rhythms without holding every visit
	 * in memory.
	 */
	@Transactional(readOnly = true)
	public void forEachVisitSince(ShopId shop, Instant after, BiConsumer<CustomerId, Instant> consumer) {
		String sql = "select customer_id, seen_at from visit where shop_id = ?"
				+ ((after != null) ? " and seen_at > ?" : "") + " order by seen_at";
		var statement = this.jdbc.sql(sql).param(shop.value());
		if (after != null) {
			statement = statement.param(Times.column(after));
		}
		statement.query((rs) -> {
			consumer.accept(new CustomerId(rs.getObject("customer_id", UUID.class)), Times.instant(rs, "seen_at"));
		});
	}

	@Transactional(readOnly = true)
	public long count(ShopId shop) {
		return this.jdbc.sql("select count(*) from visit where shop_id = ?")
			.param(shop.value())
			.query(Long.class)
			.single();
	}

	Visit get(ShopId shop, UUID id) {
		return this.jdbc
			.sql("select id, customer_id, seen_at, source, amount_minor from visit where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query(VisitLog::visit)
			.optional()
			.orElseThrow(() -> new NotFoundException("visit"));
	}

	private static Visit visit(ResultSet rs, int row) throws SQLException {
		long amount = rs.getLong("amount_minor");
		return new Visit(rs.getObject("id", UUID.class), new CustomerId(rs.getObject("customer_id", UUID.class)),
				Times.instant(rs, "seen_at"), Visit.Source.valueOf(rs.getString("source")),
				rs.wasNull() ? null : amount);
	}

}
