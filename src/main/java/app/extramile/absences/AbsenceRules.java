package app.extramile.absences;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import app.extramile.absences.AbsenceEvents.OpeningHoursSet;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The owner's settings for Who's missing: when the shop is open (weekdays, hours,
 * closures), the amber level, the red budget and the missed usual days, and the red
 * levels each sweep takes from the budget. Only the owner changes them.
 */
@Service
class AbsenceRules {

	private final JdbcClient jdbc;

	private final AbsenceStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AbsenceRules(JdbcClient jdbc, AbsenceStore store, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.store = store;
		this.events = events;
		this.clock = clock;
	}

	@Transactional
	public AbsenceSettings settings(ShopId shop) {
		return this.store.settings(shop, false);
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
		AbsenceSettings before = this.store.settings(owner.shopId(), true);
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
		this.store.settings(owner.shopId(), true);
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
	public AbsenceSettings redLevels(ShopId shop, AbsenceSettings settings, RhythmPrior prior, Instant now) {
		double whole = prior.redBelowFor(settings.redBudget());
		if (settings.redAfterMissedDays() == 0) {
			return settings.withRedLevels(whole, whole);
		}
		boolean measured = prior.regularWeeks >= RhythmPrior.MIN_REGULAR_WEEKS;
		double missedDaysBelow = measured ? whole : Level.MISSED_DAYS_UNUSUAL_BELOW;
		double budget = settings.redBudget();
		Integer regulars = this.store.regulars(shop);
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
		AbsenceSettings settings = this.store.settings(shop, false);
		Integer regulars = this.store.regulars(shop);
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

}
