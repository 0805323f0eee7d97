package app.extramile.absences;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.absences.AbsenceEvents.ContactRecorded;
import app.extramile.absences.AbsenceEvents.ContactUndone;
import app.extramile.absences.AbsenceEvents.OpeningHoursSet;
import app.extramile.customers.AwayNotice;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory.CareFlags;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shop;
import app.extramile.system.Shops;
import app.extramile.visits.VisitEvents.VisitRecorded;
import app.extramile.visits.VisitEvents.VisitsImported;
import app.extramile.visits.VisitLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Who's missing: keeps every customer's rhythm up to date from the visit log, scores each
 * absence, keeps the morning list, and publishes {@link AbsenceNoticed} once per episode.
 * A sweep of one shop holds a row lock on the shop's settings, so sweeps of one shop
 * never overlap, whichever app instance runs them.
 */
@Service
public class AbsenceWatch {

	private static final Logger log = LoggerFactory.getLogger(AbsenceWatch.class);

	/** A customer needs this many days seen before their absences are judged. */
	static final int MIN_VISIT_DAYS = 2;

	/**
	 * Who's missing is about regulars: those expected in at least every three weeks or
	 * so.
	 */
	static final double MIN_VISITS_PER_WEEK = 0.35;

	/** Away notices and closures this far back still shape what the rhythm learns. */
	private static final int LEARNING_DAYS = 400;

	private final JdbcClient jdbc;

	private final VisitLog visits;

	private final CustomerDirectory customers;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final AbsenceProperties defaults;

	private final Clock clock;

	/**
	 * Each shop's sweep in its own transaction when the sweep is started from inside this
	 * class (start-up, the schedule): a call on {@code this} skips
	 * {@code @Transactional}.
	 */
	private final TransactionOperations transaction;

	AbsenceWatch(JdbcClient jdbc, VisitLog visits, CustomerDirectory customers, Shops shops,
			ApplicationEventPublisher events, AbsenceProperties defaults, Clock clock,
			TransactionOperations transaction) {
		this.transaction = transaction;
		this.jdbc = jdbc;
		this.visits = visits;
		this.customers = customers;
		this.shops = shops;
		this.events = events;
		this.defaults = defaults;
		this.clock = clock;
	}

	// --- Settings
	// -------------------------------------------------------------------------------

	@Transactional
	public AbsenceSettings settings(ShopId shop) {
		return loadSettings(shop, false);
	}

	private AbsenceSettings loadSettings(ShopId shop, boolean lock) {
		this.jdbc.sql("""
				insert into absence_settings (shop_id, open_weekdays, opens_at, closes_at, amber_below, red_below,
				  red_budget, red_after_missed_days)
				values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(shop.value(), this.defaults.openWeekdays(), this.defaults.opensAt(), this.defaults.closesAt(),
					this.defaults.amberBelow(), RhythmPrior.DEFAULT_RED_BELOW, this.defaults.redBudget(),
					this.defaults.redAfterMissedDays())
			.update();
		return this.jdbc.sql("""
				select open_weekdays, opens_at, closes_at, amber_below, red_below, red_budget, red_after_missed_days
				from absence_settings where shop_id = ?""" + (lock ? " for update" : ""))
			.param(shop.value())
			.query((rs, n) -> AbsenceSettings.parse(rs.getString("open_weekdays"),
					rs.getObject("opens_at", LocalTime.class), rs.getObject("closes_at", LocalTime.class),
					rs.getDouble("amber_below"), rs.getDouble("red_budget"), rs.getInt("red_after_missed_days"),
					rs.getDouble("red_below")))
			.single();
	}

	/**
	 * Changes when the shop is open, the amber level and the red budget. Amber is "an
	 * absence this long happens less than 1 time in N for them"; the red budget is how
	 * many reds a week the shop can follow up per 100 regulars
	 * ({@link AbsenceSettings#MIN_RED_BUDGET} to {@link AbsenceSettings#MAX_RED_BUDGET}),
	 * turned into the red level by the next sweep and every one after; red also after
	 * {@code redAfterMissedDays} missed usual days (0 to 14; 0: only by chance), spent
	 * from the same budget. A change of opening days makes the next sweep relearn every
	 * rhythm (a closed day is not a missed visit).
	 */
	@Transactional
	public void updateSettings(ShopUser owner, boolean[] openWeekdays, LocalTime opensAt, LocalTime closesAt,
			int amberOneIn, double redBudget, int redAfterMissedDays) {
		requireOwner(owner);
		if (openWeekdays == null || openWeekdays.length != 7 || !anyTrue(openWeekdays)) {
			throw new Refused("openWeekdays", "missing.settings.refused.days");
		}
		if (opensAt == null) {
			throw new Refused("opensAt", "missing.settings.refused.opensAt");
		}
		if (closesAt == null || !closesAt.isAfter(opensAt)) {
			throw new Refused("closesAt", "missing.settings.refused.closesAt");
		}
		if (amberOneIn < 2 || amberOneIn > 100_000) {
			throw new Refused("amberOneIn", "missing.settings.refused.oneIn");
		}
		if (!(redBudget >= AbsenceSettings.MIN_RED_BUDGET && redBudget <= AbsenceSettings.MAX_RED_BUDGET)) {
			throw new Refused("redBudget", "missing.settings.refused.budget");
		}
		if (redAfterMissedDays < 0 || redAfterMissedDays > 14) {
			throw new Refused("redAfterMissedDays", "missing.settings.refused.missedDays");
		}
		AbsenceSettings before = loadSettings(owner.shopId(), true);
		AbsenceSettings after = new AbsenceSettings(openWeekdays.clone(), opensAt, closesAt, 1.0 / amberOneIn,
				redBudget, redAfterMissedDays, before.redBelow(), before.missedDaysBelow());
		boolean daysChanged = !before.weekdaysText().equals(after.weekdaysText());
		this.jdbc.sql("""
				update absence_settings set open_weekdays = ?, opens_at = ?, closes_at = ?, amber_below = ?,
				  red_budget = ?, red_after_missed_days = ?, relearn = (relearn or ?)
				where shop_id = ?""")
			.params(after.weekdaysText(), opensAt, closesAt, after.amberBelow(), redBudget, redAfterMissedDays,
					daysChanged, owner.shopId().value())
			.update();
		this.events.publishEvent(new OpeningHoursSet(owner.shopId(), this.clock.instant()));
	}

	/** Days the shop is closed besides its usual closed weekdays, from today on. */
	@Transactional(readOnly = true)
	public List<LocalDate> closures(ShopId shop, LocalDate from) {
		return this.jdbc
			.sql("select closed_on from shop_closure where shop_id = ? and closed_on >= ? order by closed_on")
			.params(shop.value(), from)
			.query(LocalDate.class)
			.list();
	}

	/** Closes the shop on each day from {@code from} to {@code to} (at most a year). */
	@Transactional
	public void addClosure(ShopUser owner, LocalDate from, LocalDate to) {
		requireOwner(owner);
		if (from == null) {
			throw new Refused("closedFrom", "missing.settings.refused.closedFrom");
		}
		LocalDate last = (to != null) ? to : from;
		if (last.isBefore(from) || last.isAfter(from.plusDays(366))) {
			throw new Refused("closedTo", "missing.settings.refused.closedTo");
		}
		loadSettings(owner.shopId(), true);
		for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
			this.jdbc.sql("insert into shop_closure (shop_id, closed_on) values (?, ?) on conflict do nothing")
				.params(owner.shopId().value(), day)
				.update();
		}
		this.jdbc.sql("update absence_settings set relearn = true where shop_id = ?")
			.param(owner.shopId().value())
			.update();
		this.events.publishEvent(new OpeningHoursSet(owner.shopId(), this.clock.instant()));
	}

	@Transactional
	public void removeClosure(ShopUser owner, LocalDate day) {
		requireOwner(owner);
		int removed = this.jdbc.sql("delete from shop_closure where shop_id = ? and closed_on = ?")
			.params(owner.shopId().value(), day)
			.update();
		if (removed > 0) {
			this.jdbc.sql("update absence_settings set relearn = true where shop_id = ?")
				.param(owner.shopId().value())
				.update();
		}
	}

	private static boolean anyTrue(boolean[] days) {
		for (boolean open : days) {
			if (open) {
				return true;
			}
		}
		return false;
	}

	private static void requireOwner(ShopUser user) {
		if (user.role() != Role.OWNER) {
			throw new AccessDeniedException("only the owner changes opening days and levels");
		}
	}

	// --- Being seen
	// -----------------------------------------------------------------------------

	/**
	 * Any contact counts as being seen (a call, a delivery, a welfare check): the absence
	 * ends and the customer leaves the list until the next sweep judges them again.
	 */
	@Transactional
	public void seen(ShopId shop, CustomerId customer, Instant at, String how) {
		int updated = this.jdbc.sql("""
				update customer_seen set last_seen_at = ?, how = ?
				where shop_id = ? and customer_id = ? and last_seen_at < ?""")
			.params(Times.column(at), how, shop.value(), customer.value(), Times.column(at))
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into customer_seen (customer_id, shop_id, last_seen_at, how)
					values (?, ?, ?, ?) on conflict do nothing""")
				.params(customer.value(), shop.value(), Times.column(at), how)
				.update();
		}
		clear(shop, customer);
		this.events.publishEvent(new ContactRecorded(shop, customer, at, how));
	}

	/** How long "Seen or spoke to them" can be taken back. */
	public static final Duration CONTACT_UNDO_WINDOW = Duration.ofSeconds(30);

	/** A little slack over the window shown on screen, for a slow tablet or network. */
	private static final Duration CONTACT_UNDO_GRACE = Duration.ofSeconds(5);

	/**
	 * "Seen or spoke to them", tapped on the list: records the contact as {@link #seen}
	 * does, keeping what it replaced so that {@link #undoSeen} can put it back for
	 * {@link #CONTACT_UNDO_WINDOW}.
	 * @return what to undo it with
	 */
	@Transactional
	public UUID seenByHand(ShopId shop, CustomerId customer, Instant at, String how) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into absence_contact_undo (id, shop_id, customer_id, contact_at, contact_how, created_at,
				  previous_seen_at, previous_how, absence_last_seen_at, absence_chance, absence_level,
				  absence_computed_at, absence_snoozed_until, absence_missed_days, absence_red_by)
				select ?, ?, ?, ?, ?, ?,
				  (select s.last_seen_at from customer_seen s where s.shop_id = ? and s.customer_id = ?),
				  (select s.how from customer_seen s where s.shop_id = ? and s.customer_id = ?),
				  a.last_seen_at, a.chance, a.level, a.computed_at, a.snoozed_until, a.missed_days, a.red_by
				from (select 1 as one) x
				left join absence a on a.shop_id = ? and a.customer_id = ?""")
			.params(id, shop.value(), customer.value(), Times.column(at), how, Times.column(this.clock.instant()),
					shop.value(), customer.value(), shop.value(), customer.value(), shop.value(), customer.value())
			.update();
		seen(shop, customer, at, how);
		return id;
	}

	/**
	 * Takes back "Seen or spoke to them" tapped moments ago: the contact no longer counts
	 * and the customer is back on the list as they were. Empty when it is too late, was
	 * undone already, or a newer contact has been recorded since.
	 * @return the customer it was about
	 */
	@Transactional
	public Optional<CustomerId> undoSeen(ShopId shop, UUID undoId) {
		Instant cutoff = this.clock.instant().minus(CONTACT_UNDO_WINDOW).minus(CONTACT_UNDO_GRACE);
		Optional<Map<String, Object>> kept = this.jdbc
			.sql("select * from absence_contact_undo where shop_id = ? and id = ? and created_at >= ?")
			.params(shop.value(), undoId, Times.column(cutoff))
			.query()
			.listOfRows()
			.stream()
			.findFirst();
		if (kept.isEmpty() || this.jdbc.sql("delete from absence_contact_undo where shop_id = ? and id = ?")
			.params(shop.value(), undoId)
			.update() == 0) {
			return Optional.empty();
		}
		Map<String, Object> row = kept.get();
		CustomerId customer = new CustomerId((UUID) row.get("customer_id"));
		Instant at = instant(row.get("contact_at"));
		String how = (String) row.get("contact_how");
		boolean stillTheLatest = this.jdbc.sql("""
				select count(*) from customer_seen
				where shop_id = ? and customer_id = ? and last_seen_at = ? and how = ?""")
			.params(shop.value(), customer.value(), Times.column(at), how)
			.query(Integer.class)
			.single() > 0;
		if (!stillTheLatest) {
			return Optional.empty();
		}
		if (row.get("previous_seen_at") == null) {
			this.jdbc.sql("delete from customer_seen where shop_id = ? and customer_id = ?")
				.params(shop.value(), customer.value())
				.update();
		}
		else {
			this.jdbc.sql("update customer_seen set last_seen_at = ?, how = ? where shop_id = ? and customer_id = ?")
				.params(Times.column(instant(row.get("previous_seen_at"))), row.get("previous_how"), shop.value(),
						customer.value())
				.update();
		}
		if (row.get("absence_level") != null) {
			clear(shop, customer);
			this.jdbc.sql("""
					insert into absence (customer_id, shop_id, last_seen_at, chance, level, computed_at, snoozed_until,
					  missed_days, red_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(customer.value(), shop.value(), Times.column(instant(row.get("absence_last_seen_at"))),
						row.get("absence_chance"), row.get("absence_level"),
						Times.column(instant(row.get("absence_computed_at"))),
						Times.column(instant(row.get("absence_snoozed_until"))),
						(row.get("absence_missed_days") != null) ? row.get("absence_missed_days") : 0,
						row.get("absence_red_by"))
				.update();
		}
		this.events.publishEvent(new ContactUndone(shop, customer, at, how));
		return Optional.of(customer);
	}

	private static Instant instant(Object column) {
		if (column == null) {
			return null;
		}
		if (column instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (column instanceof Timestamp timestamp) {
			return timestamp.toInstant();
		}
		if (column instanceof Instant instant) {
			return instant;
		}
		throw new IllegalStateException("not a time: " + column.getClass());
	}

	@Transactional
	public void snooze(ShopId shop, CustomerId customer, Instant until) {
		this.jdbc.sql("update absence set snoozed_until = ? where shop_id = ? and customer_id = ?")
			.params(Times.column(until), shop.value(), customer.value())
			.update();
	}

	private void clear(ShopId shop, CustomerId customer) {
		this.jdbc.sql("delete from absence where shop_id = ? and customer_id = ?")
			.params(shop.value(), customer.value())
			.update();
	}

	@ApplicationModuleListener
	void on(VisitRecorded event) {
		clear(event.shopId(), event.customerId());
	}

	/**
	 * A till import may fill in history out of order: the next sweep relearns the shop's
	 * rhythms from scratch. Until then the list keeps the rhythms it has.
	 */
	@ApplicationModuleListener
	void on(VisitsImported event) {
		loadSettings(event.shopId(), false);
		this.jdbc.sql("update absence_settings set relearn = true where shop_id = ?")
			.param(event.shopId().value())
			.update();
	}

	// --- The sweep
	// ------------------------------------------------------------------------------

	/**
	 * At start-up, sweeps the shops never swept before (a new installation, the demo
	 * village), so the list is there at once, whatever the hour; and the shops holding
	 * episodes never announced (left by the sweeps of earlier versions, which lost their
	 * events), so a customer still absent gets their welfare check now.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void sweepNeverSweptShops() {
		Instant now = this.clock.instant();
		for (ShopId shop : this.jdbc.sql("""
				select s.id from shop s where not exists (
				  select 1 from absence_settings a where a.shop_id = s.id and a.last_sweep_at is not null)
				or exists (select 1 from absence_episode e where e.shop_id = s.id and e.announced_at is null)""")
			.query((rs, n) -> new ShopId(rs.getObject("id", UUID.class)))
			.list()) {
			sweepInItsOwnTransaction(shop, now);
		}
	}

	/** Sweeps every shop that is open now. Run by the durable schedule. */
	public int sweepOpenShops() {
		Instant now = this.clock.instant();
		int swept = 0;
		for (ShopId shop : this.jdbc.sql("select id from shop")
			.query((rs, n) -> new ShopId(rs.getObject("id", UUID.class)))
			.list()) {
			Optional<Shop> found = this.shops.find(shop);
			if (found.isEmpty()) {
				continue;
			}
			ZonedDateTime local = now.atZone(found.get().timeZone());
			if (settings(shop).openAt(local.getDayOfWeek(), local.toLocalTime())) {
				sweepInItsOwnTransaction(shop, now);
				swept++;
			}
		}
		return swept;
	}

	private void sweepInItsOwnTransaction(ShopId shop, Instant now) {
		this.transaction.executeWithoutResult((status) -> sweep(shop, now));
	}

	/**
	 * Learns from new visits, scores every customer's absence at {@code now}, keeps the
	 * list and publishes {@link AbsenceNoticed} for new red episodes. Safe to run twice.
	 * @return the number of customers scored
	 */
	@Transactional
	public int sweep(ShopId shop, Instant now) {
		AbsenceSettings settings = loadSettings(shop, true);
		ZoneId zone = this.shops.zone(shop);
		LocalDateTime nowLocal = LocalDateTime.ofInstant(now, zone);
		LocalDate today = nowLocal.toLocalDate();
		Set<LocalDate> closures = new HashSet<>(
				this.jdbc.sql("select closed_on from shop_closure where shop_id = ? and closed_on >= ?")
					.params(shop.value(), today.minusDays(LEARNING_DAYS))
					.query((rs, n) -> rs.getObject("closed_on", LocalDate.class))
					.list());
		Map<CustomerId, List<AwayNotice>> away = this.customers.awayNoticesBetween(shop, today.minusDays(LEARNING_DAYS),
				today.plusDays(1));
		Map<CustomerId, Customer> active = this.customers.active(shop);
		Set<CustomerId> actAtAmber = this.customers.actingAtAmber(shop);

		boolean relearn = this.jdbc.sql("select relearn from absence_settings where shop_id = ?")
			.param(shop.value())
			.query(Boolean.class)
			.single();
		Map<CustomerId, Learned> stored = loadRhythms(shop);
		RhythmPrior prior = RhythmPrior.pool(stored.values().stream().map(Learned::rhythm).toList());
		countRegularsOncePerDay(shop, zone, today, active.keySet(), relearn);
		AbsenceSettings levels = redLevels(shop, settings, prior, now);
		Map<CustomerId, Learned> rhythms = relearn ? new HashMap<>() : stored;
		Map<CustomerId, Instant> lastSeen = new HashMap<>(this.visits.lastVisits(shop));
		Instant since = null;
		if (rhythms.keySet().containsAll(lastSeen.keySet())
				&& rhythms.values().stream().allMatch((l) -> l.learnedUntil() != null)) {
			since = rhythms.values().stream().map(Learned::learnedUntil).min(Comparator.naturalOrder()).orElse(null);
		}
		Set<CustomerId> changed = new HashSet<>();
		this.visits.forEachVisitSince(shop, since, (customer, at) -> {
			Learned learned = rhythms.computeIfAbsent(customer, (c) -> new Learned(new UsualRhythm(), null));
			if (learned.learnedUntil() != null && !at.isAfter(learned.learnedUntil())) {
				return;
			}
			learned.rhythm()
				.recordVisit(LocalDateTime.ofInstant(at, zone), openDays(settings, closures, away.get(customer)),
						prior);
			rhythms.put(customer, new Learned(learned.rhythm(), at));
			changed.add(customer);
		});
		if (relearn) {
			this.jdbc.sql("delete from usual_rhythm where shop_id = ?").param(shop.value()).update();
			this.jdbc.sql("update absence_settings set relearn = false where shop_id = ?").param(shop.value()).update();
		}
		saveRhythms(shop, rhythms, changed, now);

		this.jdbc.sql("select customer_id, last_seen_at from customer_seen where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				lastSeen.merge(new CustomerId(rs.getObject("customer_id", UUID.class)),
						Times.instant(rs, "last_seen_at"), (a, b) -> a.isAfter(b) ? a : b);
			});

		Map<CustomerId, Instant> snoozes = new HashMap<>();
		Map<CustomerId, Instant> previousLastSeen = new HashMap<>();
		this.jdbc.sql("select customer_id, snoozed_until, last_seen_at from absence where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				CustomerId id = new CustomerId(rs.getObject("customer_id", UUID.class));
				Instant snoozed = Times.instant(rs, "snoozed_until");
				if (snoozed != null) {
					snoozes.put(id, snoozed);
				}
				previousLastSeen.put(id, Times.instant(rs, "last_seen_at"));
			});
		this.jdbc.sql("delete from absence where shop_id = ?").param(shop.value()).update();

		int scored = 0;
		for (Map.Entry<CustomerId, Customer> entry : active.entrySet()) {
			CustomerId customer = entry.getKey();
			Learned learned = rhythms.get(customer);
			Instant seen = lastSeen.get(customer);
			if (learned == null || seen == null || learned.rhythm().visitDays() < MIN_VISIT_DAYS
					|| learned.rhythm().visitsPerWeek(prior) < MIN_VISITS_PER_WEEK) {
				continue; // not a regular: an occasional visitor's long absence is no
							// cause for a call
			}
			List<AwayNotice> notices = away.getOrDefault(customer, List.of());
			boolean awayToday = notices.stream().anyMatch((n) -> n.covers(today));
			OpenDays open = openDays(settings, closures, notices);
			LocalDateTime seenLocal = LocalDateTime.ofInstant(seen, zone);
			double chance = awayToday ? 1 : learned.rhythm().chanceOfAbsence(seenLocal, nowLocal, open, prior);
			double missed = awayToday ? 0 : learned.rhythm().missedExpectedVisitDays(seenLocal, nowLocal, open, prior);
			Level level = levels.level(chance, missed);
			AbsenceSettings.RedBy redBy = levels.redBy(chance, missed);
			Instant snoozed = seen.equals(previousLastSeen.get(customer)) ? snoozes.get(customer) : null;
			this.jdbc.sql("""
					insert into absence (customer_id, shop_id, last_seen_at, chance, missed_days, level, computed_at,
					  snoozed_until, red_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(customer.value(), shop.value(), Times.column(seen), chance, missed, level.name(),
						Times.column(now), Times.column(snoozed), (redBy != null) ? redBy.name() : null)
				.update();
			if (level == Level.RED || (level == Level.AMBER && actAtAmber.contains(customer))) {
				notice(shop, customer, seen, chance, level, redBy, now);
			}
			scored++;
		}
		announceLeftOverEpisodes(shop, now);
		this.jdbc.sql("update absence_settings set last_sweep_at = ?, red_below = ? where shop_id = ?")
			.params(Times.column(now), levels.redBelow(), shop.value())
			.update();
		log.debug("Swept shop {}: {} customers scored, {} rhythms updated", shop, scored, changed.size());
		return scored;
	}

	/** Records the episode and publishes the event, both or neither, once per episode. */
	private void notice(ShopId shop, CustomerId customer, Instant lastSeen, double chance, Level level,
			AbsenceSettings.RedBy redBy, Instant now) {
		int inserted = this.jdbc.sql("""
				insert into absence_episode (id, shop_id, customer_id, last_seen_at, level, chance, noticed_at,
				  announced_at, red_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(UUID.randomUUID(), shop.value(), customer.value(), Times.column(lastSeen), level.name(), chance,
					Times.column(now), Times.column(now), (redBy != null) ? redBy.name() : null)
			.update();
		if (inserted == 1) {
			this.events.publishEvent(new AbsenceNoticed(shop, customer, lastSeen, chance, level, now));
			log.info("AbsenceNoticed: customer {} last seen {} ({})", customer, lastSeen, level);
		}
	}

	/**
	 * Episodes recorded without their event (by the sweeps of versions before V15): each
	 * whose customer is still absent since the same visit, at its level or worse, is
	 * announced now, once (the conditional update lets one sweep win); the rest are
	 * marked, as the customer has been seen since.
	 */
	private void announceLeftOverEpisodes(ShopId shop, Instant now) {
		record LeftOver(UUID id, CustomerId customer, Instant lastSeen, Level level, double chance) {
		}
		List<LeftOver> leftOvers = this.jdbc.sql("""
				select e.id, e.customer_id, e.last_seen_at, e.level, e.chance from absence_episode e
				join absence a on a.shop_id = e.shop_id and a.customer_id = e.customer_id
				  and a.last_seen_at = e.last_seen_at and (a.level = 'RED' or a.level = e.level)
				where e.shop_id = ? and e.announced_at is null""")
			.param(shop.value())
			.query((rs, n) -> new LeftOver(rs.getObject("id", UUID.class),
					new CustomerId(rs.getObject("customer_id", UUID.class)), Times.instant(rs, "last_seen_at"),
					Level.valueOf(rs.getString("level")), rs.getDouble("chance")))
			.list();
		for (LeftOver episode : leftOvers) {
			int claimed = this.jdbc
				.sql("update absence_episode set announced_at = ? where id = ? and announced_at is null")
				.params(Times.column(now), episode.id())
				.update();
			if (claimed == 1) {
				this.events.publishEvent(new AbsenceNoticed(shop, episode.customer(), episode.lastSeen(),
						episode.chance(), episode.level(), now));
				log.info("AbsenceNoticed: customer {} last seen {} ({}, announced late)", episode.customer(),
						episode.lastSeen(), episode.level());
			}
		}
		this.jdbc.sql("update absence_episode set announced_at = ? where shop_id = ? and announced_at is null")
			.params(Times.column(now), shop.value())
			.update();
	}

	private static OpenDays openDays(AbsenceSettings settings, Set<LocalDate> closures, List<AwayNotice> away) {
		if (away == null || away.isEmpty()) {
			return (day) -> settings.openOn(day) && !closures.contains(day);
		}
		return (day) -> settings.openOn(day) && !closures.contains(day)
				&& away.stream().noneMatch((notice) -> notice.covers(day));
	}

	// --- The red budget
	// -------------------------------------------------------------------------

	/** Reds from missed usual days spent from the budget are counted over these days. */
	static final int BUDGET_WINDOW_DAYS = 28;

	/**
	 * Whatever the missed usual days spend, the red level by chance keeps at least this
	 * share of the budget, so the rarest absences are still red.
	 */
	static final double MIN_CHANCE_SHARE = 0.25;

	/**
	 * The red levels that keep to the shop's budget, from its own calibrated chances (as
	 * the backtest does). The missed usual days make an absence red only below the level
	 * that would spend the whole budget by chance alone, so every red is one of the
	 * budget's; and the reds they made in the last four weeks are spent first, the chance
	 * alone getting what is left (at least {@link #MIN_CHANCE_SHARE}). While the shop has
	 * too little history to measure a budget by, the default red level and the missed
	 * days' own rule ({@link Level#MISSED_DAYS_UNUSUAL_BELOW}) hold.
	 */
	private AbsenceSettings redLevels(ShopId shop, AbsenceSettings settings, RhythmPrior prior, Instant now) {
		double whole = prior.redBelowFor(settings.redBudget());
		if (settings.redAfterMissedDays() == 0) {
			return settings.withRedLevels(whole, whole);
		}
		boolean measured = prior.regularWeeks >= RhythmPrior.MIN_REGULAR_WEEKS;
		double missedDaysBelow = measured ? whole : Level.MISSED_DAYS_UNUSUAL_BELOW;
		double budget = settings.redBudget();
		Integer regulars = regulars(shop);
		if (regulars != null && regulars > 0) {
			long byMissedDays = this.jdbc.sql("""
					select count(*) from absence_episode
					where shop_id = ? and level = 'RED' and red_by = 'MISSED_DAYS' and noticed_at >= ?""")
				.params(shop.value(), Times.column(now.minus(Duration.ofDays(BUDGET_WINDOW_DAYS))))
				.query(Long.class)
				.single();
			double spentPerWeek = 100.0 * byMissedDays / regulars / (BUDGET_WINDOW_DAYS / 7.0);
			budget = Math.max(budget * MIN_CHANCE_SHARE, budget - spentPerWeek);
		}
		return settings.withRedLevels(prior.redBelowFor(budget), missedDaysBelow);
	}

	/** The shop's regulars at the latest count, or null before the first. */
	private Integer regulars(ShopId shop) {
		List<Integer> regulars = this.jdbc.sql("select regulars from absence_settings where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> rs.getObject("regulars", Integer.class))
			.list();
		return regulars.isEmpty() ? null : regulars.get(0);
	}

	/**
	 * Counts the shop's regulars (as the backtest defines them, among its active
	 * customers) at the first sweep of each day, or when the rhythms are relearned.
	 */
	private void countRegularsOncePerDay(ShopId shop, ZoneId zone, LocalDate today, Set<CustomerId> active,
			boolean relearn) {
		List<LocalDate> counted = this.jdbc.sql("select regulars_counted_on from absence_settings where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> rs.getObject("regulars_counted_on", LocalDate.class))
			.list();
		LocalDate countedOn = counted.isEmpty() ? null : counted.get(0);
		if (!relearn && today.equals(countedOn)) {
			return;
		}
		Regulars<CustomerId> regulars = new Regulars<>();
		this.visits.forEachVisitSince(shop, null,
				(customer, at) -> regulars.visit(customer, LocalDateTime.ofInstant(at, zone)));
		this.jdbc.sql("update absence_settings set regulars = ?, regulars_counted_on = ? where shop_id = ?")
			.params(regulars.count(active), today, shop.value())
			.update();
	}

	/**
	 * The shop's red budget in its own terms, for the pages.
	 *
	 * @param redsPer100RegularsPerWeek the owner's budget
	 * @param regulars the shop's regulars at the latest count; null before the first
	 * sweep
	 * @param redBelow the red level the latest sweep used
	 * @param redsLastFourWeeks red absences noticed in the last four weeks
	 * @param byMissedDaysLastFourWeeks of which red for the usual days missed
	 */
	public record RedBudget(double redsPer100RegularsPerWeek, Integer regulars, double redBelow, int redAfterMissedDays,
			long redsLastFourWeeks, long byMissedDaysLastFourWeeks) {

		/** About how many reds a week the budget means for this shop. */
		public double redsPerWeek() {
			return (this.regulars != null) ? this.redsPer100RegularsPerWeek * this.regulars / 100 : 0;
		}

	}

	@Transactional
	public RedBudget redBudget(ShopId shop) {
		AbsenceSettings settings = loadSettings(shop, false);
		Integer regulars = regulars(shop);
		Instant since = this.clock.instant().minus(Duration.ofDays(BUDGET_WINDOW_DAYS));
		long[] reds = new long[2];
		this.jdbc.sql("""
				select red_by from absence_episode where shop_id = ? and level = 'RED' and noticed_at >= ?""")
			.params(shop.value(), Times.column(since))
			.query((rs) -> {
				reds[0]++;
				if ("MISSED_DAYS".equals(rs.getString("red_by"))) {
					reds[1]++;
				}
			});
		return new RedBudget(settings.redBudget(), regulars, settings.redBelow(), settings.redAfterMissedDays(),
				reds[0], reds[1]);
	}

	// --- The list
	// -------------------------------------------------------------------------------

	/**
	 * The morning list: amber and red absences, red before amber and each most worrying
	 * first, snoozed ones last.
	 */
	@Transactional(readOnly = true)
	public List<MissingCustomer> missing(ShopId shop) {
		Map<CustomerId, Customer> active = this.customers.active(shop);
		Map<CustomerId, CareFlags> care = this.customers.careFlags(shop);
		Map<CustomerId, Learned> rhythms = loadRhythms(shop);
		RhythmPrior prior = RhythmPrior.pool(rhythms.values().stream().map(Learned::rhythm).toList());
		Instant now = this.clock.instant();
		List<MissingCustomer> list = new ArrayList<>();
		this.jdbc.sql("""
				select customer_id, last_seen_at, chance, missed_days, level, red_by, snoozed_until from absence
				where shop_id = ? and level <> 'FINE'""").param(shop.value()).query((rs) -> {
			CustomerId id = new CustomerId(rs.getObject("customer_id", UUID.class));
			Customer customer = active.get(id);
			Learned learned = rhythms.get(id);
			if (customer == null || learned == null) {
				return;
			}
			CareFlags flags = care.getOrDefault(id, CareFlags.NONE);
			double chance = rs.getDouble("chance");
			Instant snoozed = Times.instant(rs, "snoozed_until");
			String redBy = rs.getString("red_by");
			list.add(new MissingCustomer(customer, flags, Level.valueOf(rs.getString("level")),
					(redBy != null) ? AbsenceSettings.RedBy.valueOf(redBy) : null, chance, rs.getDouble("missed_days"),
					Times.instant(rs, "last_seen_at"), learned.rhythm().usualDays(prior), learned.rhythm().usualHour(),
					concern(chance, flags), (snoozed != null && snoozed.isAfter(now)) ? snoozed : null));
		});
		list.sort(Comparator.comparing((MissingCustomer m) -> m.snoozedUntil() != null)
			.thenComparing(MissingCustomer::level, Comparator.reverseOrder())
			.thenComparing(Comparator.comparingDouble(MissingCustomer::concern).reversed()));
		return list;
	}

	/**
	 * How much to worry: how unusual, weighted up for those living alone, with an alarm,
	 * or vulnerable.
	 */
	static double concern(double chance, CareFlags care) {
		double weight = 1 + (care.livesAlone() ? 0.5 : 0) + (care.personalAlarm() ? 0.3 : 0)
				+ (care.vulnerable() ? 0.5 : 0);
		return -Math.log(Math.max(chance, 1e-12)) * weight;
	}

	/**
	 * A customer's usual week for the heat strip on their page, or empty before two
	 * visits.
	 */
	@Transactional(readOnly = true)
	public Optional<double[][]> usualWeek(ShopId shop, CustomerId customer) {
		Map<CustomerId, Learned> rhythms = loadRhythms(shop);
		Learned learned = rhythms.get(customer);
		if (learned == null || learned.rhythm().visitDays() < MIN_VISIT_DAYS) {
			return Optional.empty();
		}
		RhythmPrior prior = RhythmPrior.pool(rhythms.values().stream().map(Learned::rhythm).toList());
		return Optional.of(learned.rhythm().usualWeek(prior));
	}

	@Transactional(readOnly = true)
	public Optional<Instant> lastSweep(ShopId shop) {
		return this.jdbc.sql("select last_sweep_at from absence_settings where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> Optional.ofNullable(Times.instant(rs, "last_sweep_at")))
			.optional()
			.flatMap((o) -> o);
	}

	// --- Storage
	// --------------------------------------------------------------------------------

	private record Learned(UsualRhythm rhythm, Instant learnedUntil) {
	}

	private Map<CustomerId, Learned> loadRhythms(ShopId shop) {
		Map<CustomerId, Learned> rhythms = new HashMap<>();
		this.jdbc.sql("select customer_id, state, learned_until from usual_rhythm where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				rhythms.put(new CustomerId(rs.getObject("customer_id", UUID.class)),
						new Learned(UsualRhythm.fromBytes(rs.getBytes("state")), Times.instant(rs, "learned_until")));
			});
		return rhythms;
	}

	private void saveRhythms(ShopId shop, Map<CustomerId, Learned> rhythms, Set<CustomerId> changed, Instant now) {
		for (CustomerId customer : changed) {
			Learned learned = rhythms.get(customer);
			int updated = this.jdbc.sql("""
					update usual_rhythm set state = ?, learned_until = ?, updated_at = ?
					where shop_id = ? and customer_id = ?""")
				.params(learned.rhythm().toBytes(), Times.column(learned.learnedUntil()), Times.column(now),
						shop.value(), customer.value())
				.update();
			if (updated == 0) {
				this.jdbc.sql("""
						insert into usual_rhythm (customer_id, shop_id, state, learned_until, updated_at)
						values (?, ?, ?, ?, ?)""")
					.params(customer.value(), shop.value(), learned.rhythm().toBytes(),
							Times.column(learned.learnedUntil()), Times.column(now))
					.update();
			}
		}
	}

}
