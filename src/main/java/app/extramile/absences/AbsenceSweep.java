package app.extramile.absences;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.absences.AbsenceStore.Learned;
import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.system.Shop;
import app.extramile.system.Shops;
import app.extramile.visits.VisitEvents.VisitsImported;
import app.extramile.visits.VisitLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The sweep: keeps every customer's rhythm up to date from the visit log, scores each
 * absence at the time of the sweep, keeps the list, and publishes {@link AbsenceNoticed}
 * once per episode. Run by the durable schedule ({@link #sweepOpenShops}), at start-up
 * for shops never swept, and by "Check now". A sweep of one shop holds a row lock on the
 * shop's settings, so sweeps of one shop never overlap, whichever app instance runs them;
 * each shop's sweep is its own transaction, and its events go out with it.
 */
@Service
public class AbsenceSweep {

	private static final Logger log = LoggerFactory.getLogger(AbsenceSweep.class);

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

	private final AwayNotices awayNotices;

	private final MissedVisitPlans missedVisitPlans;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final AbsenceStore store;

	private final AbsenceRules rules;

	private final Clock clock;

	/**
	 * Each shop's sweep in its own transaction when the sweep is started from inside this
	 * class (start-up, the schedule): a call on {@code this} skips
	 * {@code @Transactional}.
	 */
	private final TransactionOperations transaction;

	AbsenceSweep(JdbcClient jdbc, VisitLog visits, CustomerDirectory customers, AwayNotices awayNotices,
			MissedVisitPlans missedVisitPlans, Shops shops, ApplicationEventPublisher events, AbsenceStore store,
			AbsenceRules rules, Clock clock, TransactionOperations transaction) {
		this.jdbc = jdbc;
		this.visits = visits;
		this.customers = customers;
		this.awayNotices = awayNotices;
		this.missedVisitPlans = missedVisitPlans;
		this.shops = shops;
		this.events = events;
		this.store = store;
		this.rules = rules;
		this.clock = clock;
		this.transaction = transaction;
	}

	/**
	 * A till import may fill in history out of order: the next sweep relearns the shop's
	 * rhythms from scratch. Until then the list keeps the rhythms it has.
	 */
	@ApplicationModuleListener
	void on(VisitsImported event) {
		this.store.settings(event.shopId(), false);
		this.jdbc.sql("update absence_settings set relearn = true where shop_id = ?")
			.param(event.shopId().value())
			.update();
	}

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
			if (this.rules.settings(shop).openAt(local.getDayOfWeek(), local.toLocalTime())) {
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
		AbsenceSettings settings = this.store.settings(shop, true);
		ZoneId zone = this.shops.zone(shop);
		LocalDateTime nowLocal = LocalDateTime.ofInstant(now, zone);
		LocalDate today = nowLocal.toLocalDate();
		Set<LocalDate> closures = new HashSet<>(
				this.jdbc.sql("select closed_on from shop_closure where shop_id = ? and closed_on >= ?")
					.params(shop.value(), today.minusDays(LEARNING_DAYS))
					.query((rs, n) -> rs.getObject("closed_on", LocalDate.class))
					.list());
		Map<CustomerId, List<AwayNotice>> away = this.awayNotices.between(shop, today.minusDays(LEARNING_DAYS),
				today.plusDays(1));
		Map<CustomerId, Customer> active = this.customers.active(shop);
		Set<CustomerId> actAtAmber = this.missedVisitPlans.actingAtAmber(shop);

		boolean relearn = this.jdbc.sql("select relearn from absence_settings where shop_id = ?")
			.param(shop.value())
			.query(Boolean.class)
			.single();
		Map<CustomerId, Learned> stored = this.store.rhythms(shop);
		RhythmPrior prior = RhythmPrior.pool(stored.values().stream().map(Learned::rhythm).toList());
		countRegularsOncePerDay(shop, zone, today, active.keySet(), relearn);
		AbsenceSettings levels = this.rules.redLevels(shop, settings, prior, now);
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
		this.store.saveRhythms(shop, rhythms, changed, now);

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

	@Transactional(readOnly = true)
	public Optional<Instant> lastSweep(ShopId shop) {
		return this.jdbc.sql("select last_sweep_at from absence_settings where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> Optional.ofNullable(Times.instant(rs, "last_sweep_at")))
			.optional()
			.flatMap((o) -> o);
	}

}
