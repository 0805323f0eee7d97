package app.extramile.backtesting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import app.extramile.backtesting.VillageSimulator.Away;
import app.extramile.backtesting.VillageSimulator.Kind;
import app.extramile.backtesting.VillageSimulator.Truth;
import app.extramile.backtesting.VillageSimulator.Visit;

/**
 * The lifelike village ({@link VillageSimulator.VillageKind#LIFELIKE}): customers whose
 * visits follow no clock. Each has a pace (visit days per day, spread lognormally within
 * their kind), and their next visit day comes after a gap drawn from a lognormal around
 * that pace, or a day or two later when they are in a burst; some gaps are long aways
 * (Pareto lengths, some announced); favourite weekdays pull a share of their visits; on a
 * visit day they may come back once or more; their pace and favourite days may drift
 * once; after each visit day they may stop for good (a chance per visit, as in BG/NBD).
 * Customers keep joining all year. The shares and spreads below were chosen so that the
 * village's summary ({@link VisitSummary}) lies within the real files' range (the table
 * in docs/backtest-real.md), not to flatter any method.
 */
final class Lifelike {

	/** A customer kind's spread of habits. */
	private record Habits(Kind kind, double share, double medianPace, double paceSpread, double maxPace,
			double dropChance, double maxBurst, double awayChance, int minFavourites, int maxFavourites, double maxPull,
			double maxSameDay) {
	}

	/**
	 * In order: share of customers, median visit days per day and its lognormal spread
	 * (and cap), median chance of stopping for good after a visit day (spread lognormally
	 * with sigma 1), the most chance of a burst, the chance a gap is a long away, how
	 * many favourite weekdays, the most they pull, and the most chance of coming back the
	 * same day.
	 */
	private static final Habits[] HABITS = {
			new Habits(Kind.FREQUENT, 0.09, 0.45, 0.35, 0.9, 0.012, 0.35, 0.04, 3, 5, 0.75, 0.5),
			new Habits(Kind.WEEKLY_ISH, 0.17, 0.14, 0.35, 0.5, 0.02, 0.35, 0.05, 1, 3, 0.8, 0.35),
			new Habits(Kind.OCCASIONAL, 0.34, 0.025, 0.6, 0.2, 0.08, 0.25, 0.05, 1, 2, 0.4, 0.2),
			new Habits(Kind.PASSING, 0.40, 0.15, 0.8, 0.9, 0.45, 0.3, 0, 1, 1, 0.2, 0.3) };

	/** Share of customers (not passing trade) who were already customers on day one. */
	private static final double ESTABLISHED = 0.4;

	/** Chance a customer (not passing trade) changes pace and days once. */
	private static final double DRIFT = 0.3;

	/** Share of long aways told to the shop beforehand. */
	private static final double ANNOUNCED = 0.5;

	/** Shortest long away, days; lengths are Pareto with this shape, capped. */
	private static final double AWAY_MIN_DAYS = 21;

	private static final double AWAY_SHAPE = 1.1;

	private static final double AWAY_MAX_DAYS = 180;

	private Lifelike() {
	}

	static VillageSimulator.Village simulate(Random r, int customers, LocalDate start, int days, double incidentShare) {
		List<Visit> visits = new ArrayList<>();
		List<Truth> truths = new ArrayList<>();
		List<Away> aways = new ArrayList<>();
		LocalDate end = start.plusDays(days - 1);
		for (int c = 0; c < customers; c++) {
			String id = String.format("C%06d", c + 1);
			double pick = r.nextDouble();
			Habits habits = HABITS[HABITS.length - 1];
			double sum = 0;
			for (Habits h : HABITS) {
				sum += h.share();
				if (pick < sum) {
					habits = h;
					break;
				}
			}
			truths.add(one(r, id, habits, start, end, days, incidentShare, visits, aways));
		}
		visits.sort((a, b) -> a.at().compareTo(b.at()));
		return new VillageSimulator.Village(visits, truths, aways);
	}

	private static Truth one(Random r, String id, Habits habits, LocalDate start, LocalDate end, int days,
			double incidentShare, List<Visit> out, List<Away> aways) {
		boolean passing = habits.kind() == Kind.PASSING;
		LocalDate first = (!passing && r.nextDouble() < ESTABLISHED) ? start.plusDays(r.nextInt(Math.min(30, days)))
				: start.plusDays(r.nextInt(days));
		double pace = Math.min(habits.maxPace(),
				habits.medianPace() * Math.exp(habits.paceSpread() * r.nextGaussian()));
		double drop = Math.min(0.9, habits.dropChance() * Math.exp(r.nextGaussian()));
		double burst = habits.maxBurst() * r.nextDouble();
		double sigma = 0.5 + 0.6 * r.nextDouble();
		double sameDay = habits.maxSameDay() * r.nextDouble();
		boolean[] favourites = favourites(r, habits);
		double pull = habits.maxPull() * r.nextDouble();
		int minuteOfDay = (7 * 60) + r.nextInt(10 * 60);
		int spread = 15 + r.nextInt(90);
		LocalDate last = end;
		LocalDate stoppedOn = null;
		if (!passing && r.nextDouble() < incidentShare) {
			long span = end.toEpochDay() - first.toEpochDay();
			stoppedOn = first.plusDays(span * 2 / 3 + (long) (r.nextDouble() * (span / 3)));
			last = stoppedOn.minusDays(1);
		}
		LocalDate driftedOn = null;
		if (!passing && r.nextDouble() < DRIFT && last.isAfter(first)) {
			driftedOn = first.plusDays(1 + r.nextInt((int) (last.toEpochDay() - first.toEpochDay())));
		}
		int holidays = 0;
		LocalDate day = open(first);
		LocalDate lastSeen = null;
		while (!day.isAfter(last)) {
			if (driftedOn != null && !day.isBefore(driftedOn) && lastSeen != null && lastSeen.isBefore(driftedOn)) {
				pace = Math.min(habits.maxPace(), pace * Math.exp(0.6 * r.nextGaussian()));
				favourites = favourites(r, habits);
				pull = habits.maxPull() * r.nextDouble();
				minuteOfDay = Math.max(7 * 60, Math.min(19 * 60, minuteOfDay + (r.nextInt(181) - 90)));
			}
			lastSeen = day;
			int minute = clamp((int) Math.round(minuteOfDay + r.nextGaussian() * spread));
			out.add(new Visit(id, day.atTime(LocalTime.of(minute / 60, minute % 60))));
			while (r.nextDouble() < sameDay) {
				minute += 20 + r.nextInt(300);
				if (minute > 21 * 60) {
					break;
				}
				out.add(new Visit(id, day.atTime(LocalTime.of(minute / 60, minute % 60))));
			}
			if (r.nextDouble() < drop) {
				stoppedOn = day.plusDays(1);
				break;
			}
			double gap;
			if (r.nextDouble() < burst) {
				gap = 1 + geometric(r, 0.5);
			}
			else {
				// A lognormal with mean 1 / pace.
				gap = Math.exp(Math.log(1 / pace) - sigma * sigma / 2 + sigma * r.nextGaussian());
			}
			if (r.nextDouble() < habits.awayChance()) {
				double away = Math.min(AWAY_MAX_DAYS, AWAY_MIN_DAYS * Math.pow(1 - r.nextDouble(), -1 / AWAY_SHAPE));
				LocalDate from = day.plusDays(1);
				LocalDate to = from.plusDays((long) away - 1);
				aways.add(new Away(id, from, to, r.nextDouble() < ANNOUNCED));
				holidays++;
				gap += away;
			}
			LocalDate next = day.plusDays(Math.max(1, Math.round(gap)));
			if (r.nextDouble() < pull) {
				next = nearestFavourite(next, day, favourites);
			}
			day = open(next);
		}
		Set<DayOfWeek> usual = EnumSet.noneOf(DayOfWeek.class);
		if (pull >= 0.5) {
			for (int d = 0; d < 7; d++) {
				if (favourites[d]) {
					usual.add(DayOfWeek.of(d + 1));
				}
			}
		}
		return new Truth(id, habits.kind(), pace, stoppedOn, holidays, driftedOn, usual);
	}

	/** Favourite weekdays, Monday to Saturday (the shop is shut on Sundays). */
	private static boolean[] favourites(Random r, Habits habits) {
		boolean[] days = new boolean[7];
		int count = habits.minFavourites() + r.nextInt(habits.maxFavourites() - habits.minFavourites() + 1);
		for (int placed = 0; placed < count;) {
			int d = r.nextInt(6);
			if (!days[d]) {
				days[d] = true;
				placed++;
			}
		}
		return days;
	}

	/**
	 * The favourite weekday nearest to {@code day} within three days either side, never
	 * on or before the last visit; {@code day} itself when none is.
	 */
	private static LocalDate nearestFavourite(LocalDate day, LocalDate lastVisit, boolean[] favourites) {
		for (int shift = 0; shift <= 3; shift++) {
			for (int sign : new int[] { 1, -1 }) {
				LocalDate candidate = day.plusDays((long) sign * shift);
				if (candidate.isAfter(lastVisit) && favourites[candidate.getDayOfWeek().getValue() - 1]) {
					return candidate;
				}
			}
		}
		return day;
	}

	private static LocalDate open(LocalDate day) {
		LocalDate open = day;
		while (!VillageSimulator.shopOpen(open)) {
			open = open.plusDays(1);
		}
		return open;
	}

	private static int geometric(Random r, double stop) {
		int n = 0;
		while (r.nextDouble() >= stop && n < 10) {
			n++;
		}
		return n;
	}

	private static int clamp(int minute) {
		return Math.max(6 * 60, Math.min(21 * 60, minute));
	}

}
