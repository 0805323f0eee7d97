package app.extramile.backtesting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import app.extramile.absences.OpenDays;

/**
 * Synthetic village customers with known rhythms, for tests, the backtest and the demo.
 * Two kinds of village ({@link VillageKind}): the {@code steady} one (the default, which
 * tests and figures were built on): weekday regulars, twice-a-week pensioners, weekly
 * families, irregular visitors and tourists; habits that drift, holidays (most told to
 * the shop beforehand, which the app records as away notices; some not), and injected
 * incidents (someone stops coming); and the {@code lifelike} one, whose figures
 * ({@link VisitSummary}) lie within those of real visit histories: several visits a day,
 * bursts, heavy-tailed gaps, people with a handful of visits, long aways, drifting habits
 * and people who stop for good. The truth about each customer is returned alongside the
 * visits. The shop is closed on Sundays and on Christmas Day. Deterministic for a seed.
 */
public final class VillageSimulator {

	public enum Kind {

		WEEKDAY_REGULAR, TWICE_WEEKLY, WEEKLY, IRREGULAR, TOURIST,

		/** Lifelike village: in several times a week, in bursts, some days twice. */
		FREQUENT,

		/** Lifelike village: about once a week or two, loosely on favourite days. */
		WEEKLY_ISH,

		/** Lifelike village: every few weeks to months, with no fixed days. */
		OCCASIONAL,

		/**
		 * Lifelike village: passing trade and trial customers, a visit or a few, then
		 * gone.
		 */
		PASSING

	}

	/**
	 * Which village {@link #simulate(VillageKind, int, LocalDate, int, double)} makes.
	 */
	public enum VillageKind {

		/**
		 * Clockwork regulars who stay all year (the default): what the model was first
		 * built and tested on.
		 */
		STEADY,

		/**
		 * Figures within the range of the real histories in {@code ../shared/data/visits}
		 * (docs/backtest-real.md).
		 */
		LIFELIKE;

		/** The kind named on the command line ({@code steady}, {@code lifelike}). */
		public static VillageKind named(String name) {
			for (VillageKind kind : values()) {
				if (kind.name().equalsIgnoreCase(name.trim())) {
					return kind;
				}
			}
			throw new IllegalArgumentException("no village kind '" + name + "': steady or lifelike");
		}

	}

	/**
	 * What really happened to a customer. {@code stoppedOn} is null unless an incident
	 * was injected or (lifelike village) they stopped for good, then the day after their
	 * last visit: from then on they never come back; {@code usualDays} are the weekdays
	 * they came on at the end (after any change of habits), empty for irregular visitors
	 * and tourists (lifelike village: their favourite days when at least half their
	 * visits keep to them, else empty). {@code dailyChance}: their chance of coming in on
	 * a usual day, or their visit days per day for those without usual days (lifelike
	 * village: always visit days per day, at the end).
	 */
	public record Truth(String customerId, Kind kind, double dailyChance, LocalDate stoppedOn, int holidays,
			LocalDate driftedOn, Set<DayOfWeek> usualDays) {

		/** A regular who comes on fixed weekdays and never changed habits. */
		boolean steadyWeekdayRegular() {
			return this.driftedOn == null && !this.usualDays.isEmpty() && this.kind != Kind.TOURIST;
		}

	}

	public record Visit(String customerId, LocalDateTime at) {
	}

	/**
	 * A holiday, both days included; {@code announced} when the shop was told (an away
	 * notice).
	 */
	public record Away(String customerId, LocalDate from, LocalDate to, boolean announced) {
	}

	public record Village(List<Visit> visits, List<Truth> truths, List<Away> aways) {

		/**
		 * A floor no detector can beat on this village: the false reds per 100 regulars
		 * per week raised by an ideal detector that knows every steady regular's true
		 * weekdays and every holiday (told or not) and says red once two of their usual
		 * open days have passed without a visit, which is what reaching red "within the
		 * next two expected visit days" needs. Without look-ahead a detector cannot tell
		 * such a normal gap from the start of a real stop, so whichever detector meets
		 * that figure raises at least about this many false reds. Counted on the
		 * simulated visits.
		 */
		public double idealFalseRedsPer100RegularWeeks() {
			return idealFalseRedsPer100RegularWeeks(0);
		}

		/**
		 * The same ideal detector, also told which regulars skip two usual days most
		 * often (counted afterwards, on their own visits) and excusing that share of them
		 * from red on the second missed day: the most a detector could save by giving up
		 * on the 5% of stops that "95% within two expected visit days" allows to be late.
		 * @param excusedShare share of steady regulars excused, the most irregular first
		 */
		public double idealFalseRedsPer100RegularWeeks(double excusedShare) {
			Map<String, List<LocalDate>> days = new HashMap<>();
			for (Visit visit : this.visits) {
				List<LocalDate> list = days.computeIfAbsent(visit.customerId(), (id) -> new ArrayList<>());
				if (list.isEmpty() || !list.get(list.size() - 1).equals(visit.at().toLocalDate())) {
					list.add(visit.at().toLocalDate());
				}
			}
			Map<String, List<Away>> holidays = new HashMap<>();
			for (Away away : this.aways) {
				holidays.computeIfAbsent(away.customerId(), (id) -> new ArrayList<>()).add(away);
			}
			List<long[]> alertsOf = new ArrayList<>();
			List<Double> weeksOf = new ArrayList<>();
			double weeks = 0;
			for (Truth truth : this.truths) {
				List<LocalDate> seen = days.getOrDefault(truth.customerId(), List.of());
				if (!truth.steadyWeekdayRegular() || seen.size() < 3) {
					continue;
				}
				List<Away> away = holidays.getOrDefault(truth.customerId(), List.of());
				long alerts = 0;
				for (int i = 1; i < seen.size(); i++) {
					int missed = 0;
					for (LocalDate day = seen.get(i - 1).plusDays(1); day
						.isBefore(seen.get(i)); day = day.plusDays(1)) {
						LocalDate d = day;
						boolean onHoliday = away.stream().anyMatch((a) -> !d.isBefore(a.from()) && !d.isAfter(a.to()));
						if (shopOpen(day) && !onHoliday && truth.usualDays().contains(day.getDayOfWeek())) {
							missed++;
						}
					}
					alerts += (missed >= 2) ? 1 : 0;
				}
				double theirWeeks = (seen.get(seen.size() - 1).toEpochDay() - seen.get(0).toEpochDay()) / 7.0;
				weeks += theirWeeks;
				alertsOf.add(new long[] { alerts });
				weeksOf.add(theirWeeks);
			}
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < alertsOf.size(); i++) {
				order.add(i);
			}
			order.sort((x, y) -> Double.compare(alertsOf.get(y)[0] / Math.max(weeksOf.get(y), 1e-9),
					alertsOf.get(x)[0] / Math.max(weeksOf.get(x), 1e-9)));
			long alerts = 0;
			for (int k = (int) Math.round(excusedShare * order.size()); k < order.size(); k++) {
				alerts += alertsOf.get(order.get(k))[0];
			}
			return (weeks > 0) ? 100.0 * alerts / weeks : Double.NaN;
		}

		public Map<String, OpenDays> knownAbsences() {
			Map<String, List<Away>> byCustomer = new HashMap<>();
			for (Away away : this.aways) {
				if (away.announced()) {
					byCustomer.computeIfAbsent(away.customerId(), (id) -> new ArrayList<>()).add(away);
				}
			}
			Map<String, OpenDays> open = new HashMap<>();
			byCustomer.forEach((id, list) -> open.put(id,
					(day) -> list.stream().noneMatch((a) -> !day.isBefore(a.from()) && !day.isAfter(a.to()))));
			return open;
		}

	}

	/** Share of holidays the customer tells the shop about beforehand. */
	private static final double ANNOUNCED = 0.8;

	private final Random random;

	public VillageSimulator(long seed) {
		this.random = new Random(seed);
	}

	public static boolean shopOpen(LocalDate day) {
		return day.getDayOfWeek() != DayOfWeek.SUNDAY && !(day.getMonthValue() == 12 && day.getDayOfMonth() == 25);
	}

	/**
	 * The steady village (the default).
	 * @param incidentShare share of regulars who stop coming at a random day in the last
	 * third
	 */
	public Village simulate(int customers, LocalDate start, int days, double incidentShare) {
		return simulate(VillageKind.STEADY, customers, start, days, incidentShare);
	}

	/**
	 * @param incidentShare share of regulars (lifelike village: of customers who are not
	 * passing trade) who stop coming at a random day in the last third, besides those who
	 * stop of their own accord in the lifelike village
	 */
	public Village simulate(VillageKind village, int customers, LocalDate start, int days, double incidentShare) {
		if (village == VillageKind.LIFELIKE) {
			return Lifelike.simulate(this.random, customers, start, days, incidentShare);
		}
		List<Visit> visits = new ArrayList<>();
		List<Truth> truths = new ArrayList<>();
		List<Away> aways = new ArrayList<>();
		LocalDate end = start.plusDays(days - 1);
		for (int c = 0; c < customers; c++) {
			String id = String.format("C%06d", c + 1);
			double pick = this.random.nextDouble();
			Kind kind = (pick < 0.25) ? Kind.WEEKDAY_REGULAR : (pick < 0.5) ? Kind.TWICE_WEEKLY
					: (pick < 0.7) ? Kind.WEEKLY : (pick < 0.9) ? Kind.IRREGULAR : Kind.TOURIST;
			truths.add(simulateOne(id, kind, start, end, incidentShare, visits, aways));
		}
		visits.sort((a, b) -> a.at().compareTo(b.at()));
		return new Village(visits, truths, aways);
	}

	private Truth simulateOne(String id, Kind kind, LocalDate start, LocalDate end, double incidentShare,
			List<Visit> out, List<Away> aways) {
		Random r = this.random;
		LocalDate first = (kind == Kind.TOURIST)
				? start.plusDays(r.nextInt(Math.max(1, (int) (end.toEpochDay() - start.toEpochDay()))))
				: start.plusDays(r.nextInt(30));
		LocalDate last = (kind == Kind.TOURIST) ? min(end, first.plusDays(3 + r.nextInt(12))) : end;
		double chance = switch (kind) {
			case WEEKDAY_REGULAR -> 0.85 + 0.13 * r.nextDouble();
			case TWICE_WEEKLY -> 0.8 + 0.17 * r.nextDouble();
			case WEEKLY -> 0.75 + 0.2 * r.nextDouble();
			case IRREGULAR -> 0;
			case TOURIST -> 0.5;
			default -> throw new IllegalArgumentException("not a steady village's customer: " + kind);
		};
		boolean[] days = daysFor(kind, r);
		double meanGap = 4 + 10 * r.nextDouble();
		int minuteOfDay = (7 * 60) + r.nextInt(10 * 60);
		int spread = 15 + r.nextInt(60);
		LocalDate stoppedOn = null;
		if (kind != Kind.TOURIST && kind != Kind.IRREGULAR && r.nextDouble() < incidentShare) {
			long span = end.toEpochDay() - first.toEpochDay();
			stoppedOn = first.plusDays(span * 2 / 3 + (long) (r.nextDouble() * (span / 3)));
			last = stoppedOn.minusDays(1);
		}
		LocalDate driftedOn = null;
		if (kind != Kind.TOURIST && r.nextDouble() < 0.2) {
			driftedOn = first.plusDays(r.nextInt(Math.max(1, (int) (last.toEpochDay() - first.toEpochDay()))));
		}
		int holidays = (kind == Kind.TOURIST) ? 0 : r.nextInt(3);
		List<LocalDate[]> away = new ArrayList<>();
		for (int h = 0; h < holidays; h++) {
			LocalDate from = first.plusDays(r.nextInt(Math.max(1, (int) (last.toEpochDay() - first.toEpochDay()))));
			LocalDate to = from.plusDays(4 + r.nextInt(11));
			away.add(new LocalDate[] { from, to });
			aways.add(new Away(id, from, to, r.nextDouble() < ANNOUNCED));
		}
		LocalDate next = first;
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			if (driftedOn != null && day.equals(driftedOn)) {
				days = daysFor(kind, r);
				minuteOfDay = Math.max(7 * 60, Math.min(19 * 60, minuteOfDay + (r.nextInt(181) - 90)));
			}
			if (!shopOpen(day) || onHoliday(away, day)) {
				continue;
			}
			boolean comes;
			if (kind == Kind.IRREGULAR) {
				comes = !day.isBefore(next);
				if (comes) {
					next = day.plusDays(Math.max(1, Math.round(gamma(r, 3, meanGap / 3))));
				}
			}
			else {
				comes = days[day.getDayOfWeek().getValue() - 1] && r.nextDouble() < chance;
			}
			if (comes) {
				int minute = (int) Math.round(minuteOfDay + r.nextGaussian() * spread);
				minute = Math.max(6 * 60, Math.min(21 * 60, minute));
				out.add(new Visit(id, day.atTime(LocalTime.of(minute / 60, minute % 60))));
			}
		}
		Set<DayOfWeek> usual = EnumSet.noneOf(DayOfWeek.class);
		if (kind != Kind.IRREGULAR && kind != Kind.TOURIST) {
			for (int d = 0; d < 7; d++) {
				if (days[d]) {
					usual.add(DayOfWeek.of(d + 1));
				}
			}
		}
		return new Truth(id, kind, (kind == Kind.IRREGULAR) ? 1 / meanGap : chance, stoppedOn, holidays, driftedOn,
				usual);
	}

	private static boolean[] daysFor(Kind kind, Random r) {
		boolean[] days = new boolean[7];
		switch (kind) {
			case WEEKDAY_REGULAR -> {
				for (int d = 0; d < 5; d++) {
					days[d] = true;
				}
				days[5] = r.nextBoolean();
			}
			case TWICE_WEEKLY -> {
				int a = r.nextInt(6);
				days[a] = true;
				days[(a + 2 + r.nextInt(2)) % 6] = true;
			}
			case WEEKLY -> days[r.nextInt(6)] = true;
			default -> {
				for (int d = 0; d < 6; d++) {
					days[d] = true;
				}
			}
		}
		return days;
	}

	private static boolean onHoliday(List<LocalDate[]> away, LocalDate day) {
		for (LocalDate[] period : away) {
			if (!day.isBefore(period[0]) && !day.isAfter(period[1])) {
				return true;
			}
		}
		return false;
	}

	private static double gamma(Random r, int shape, double scale) {
		double sum = 0;
		for (int i = 0; i < shape; i++) {
			sum -= Math.log(1 - r.nextDouble());
		}
		return sum * scale;
	}

	private static LocalDate min(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

}
