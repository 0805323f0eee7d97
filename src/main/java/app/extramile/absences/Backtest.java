package app.extramile.absences;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Replays visit histories in time order with no look-ahead and compares the rhythm model
 * with three baselines: "not seen for 7 days", "twice the median gap" and a per-customer
 * empirical gap quantile. Every day counts as open (no shop calendar is known).
 */
public final class Backtest {

	public static final double[] LEVELS = { 0.01, 0.05, 0.10 };

	/** A customer is a regular when their median gap is at most this many days. */
	static final double REGULAR_MEDIAN_GAP_DAYS = 7;

	/** Baselines keep this many recent gaps (they too should follow changing habits). */
	private static final int WINDOW = 60;

	private static final int MIN_VISITS_BEFORE_CUT = 10;

	private static final int MAX_INJECTIONS = 500;

	private static final int MAX_DELAY_HOURS = 90 * 24;

	/**
	 * How often the shop-wide prior is rebuilt from everyone's rhythms during the replay.
	 */
	private static final Duration PRIOR_REFRESH = Duration.ofDays(14);

	/**
	 * @param withinTwoExpectedVisitDays share of injected stops flagged by the end of the
	 * customer's second expected visit day after they were last seen
	 */
	public record MethodResult(String name, Map<String, Double> flaggedFraction,
			double falseAlertsPer100RegularsPerWeek, double medianDetectionDelayDays, double medianDetectionDelayGaps,
			double withinTwoExpectedVisitDays) {
	}

	/**
	 * The model tuned to a baseline's false-alert rate, and how soon each then detects a
	 * stop.
	 */
	public record Matched(String baseline, double falseAlertsPer100RegularsPerWeek, double modelRedThreshold,
			double modelDelayGaps, double baselineDelayGaps, double modelDelayDays, double baselineDelayDays,
			double modelWithinTwoExpectedVisitDays, double baselineWithinTwoExpectedVisitDays) {
	}

	public record Report(int customers, long gapsEvaluated, int regulars, double regularWeeks, int injectedStops,
			double redThreshold, List<MethodResult> methods, List<Matched> matched) {

		public String toJson() {
			StringBuilder json = new StringBuilder();
			json.append("{\"customers\": ")
				.append(this.customers)
				.append(", \"gapsEvaluated\": ")
				.append(this.gapsEvaluated)
				.append(", \"regulars\": ")
				.append(this.regulars)
				.append(", \"injectedStops\": ")
				.append(this.injectedStops)
				.append(", \"redThreshold\": ")
				.append(number(this.redThreshold))
				.append(", \"methods\": [");
			for (int i = 0; i < this.methods.size(); i++) {
				MethodResult m = this.methods.get(i);
				json.append((i > 0) ? ", " : "")
					.append("{\"name\": \"")
					.append(m.name())
					.append("\", \"flaggedFraction\": {");
				int j = 0;
				for (Map.Entry<String, Double> entry : m.flaggedFraction().entrySet()) {
					json.append((j++ > 0) ? ", " : "")
						.append('"')
						.append(entry.getKey())
						.append("\": ")
						.append(number(entry.getValue()));
				}
				json.append("}, \"falseAlertsPer100RegularsPerWeek\": ")
					.append(number(m.falseAlertsPer100RegularsPerWeek()))
					.append(", \"medianDetectionDelayDays\": ")
					.append(number(m.medianDetectionDelayDays()))
					.append(", \"medianDetectionDelayGaps\": ")
					.append(number(m.medianDetectionDelayGaps()))
					.append(", \"withinTwoExpectedVisitDays\": ")
					.append(number(m.withinTwoExpectedVisitDays()))
					.append('}');
			}
			return json.append("]}").toString();
		}

		public String toTable() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT,
					"customers=%d gapsEvaluated=%d regulars=%d regularWeeks=%.0f injectedStops=%d red<%.4f%n",
					this.customers, this.gapsEvaluated, this.regulars, this.regularWeeks, this.injectedStops,
					this.redThreshold));
			out.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s %22s %14s %14s %17s%n", "method", "flag@1%",
					"flag@5%", "flag@10%", "falseRed/100reg/week", "delay(days)", "delay(gaps)", "within2visitDays"));
			for (MethodResult m : this.methods) {
				out.append(String.format(Locale.ROOT, "%-18s %9.4f %9.4f %9.4f %22.3f %14.2f %14.2f %17.3f%n", m.name(),
						m.flaggedFraction().get("0.01"), m.flaggedFraction().get("0.05"),
						m.flaggedFraction().get("0.10"), m.falseAlertsPer100RegularsPerWeek(),
						m.medianDetectionDelayDays(), m.medianDetectionDelayGaps(), m.withinTwoExpectedVisitDays()));
			}
			out.append("at the same false-alert rate as each baseline (median detection delay, gaps and days):\n");
			for (Matched m : this.matched) {
				out.append(String.format(Locale.ROOT,
						"  %-18s falseRed/100reg/week=%.3f model(red<%.5f)=%.2f gaps %.2f days within2 %.3f,"
								+ " baseline=%.2f gaps %.2f days within2 %.3f%n",
						m.baseline(), m.falseAlertsPer100RegularsPerWeek(), m.modelRedThreshold(), m.modelDelayGaps(),
						m.modelDelayDays(), m.modelWithinTwoExpectedVisitDays(), m.baselineDelayGaps(),
						m.baselineDelayDays(), m.baselineWithinTwoExpectedVisitDays()));
			}
			return out.toString();
		}

		private static String number(double value) {
			return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "null";
		}

	}

	private final double redThreshold;

	private final int redAfterMissedDays;

	private final long seed;

	/**
	 * @param redThreshold red below this chance
	 * @param redAfterMissedDays and red once this many expected visit days are missed
	 * (when that is unusual for them; 0: by chance only)
	 */
	public Backtest(double redThreshold, int redAfterMissedDays, long seed) {
		this.redThreshold = redThreshold;
		this.redAfterMissedDays = redAfterMissedDays;
		this.seed = seed;
	}

	/** One visit per line: a customer id and when they were seen. Any order. */
	public record Seen(String customerId, LocalDateTime at) {
	}

	public Report run(List<Seen> visits) {
		return run(visits, Map.of());
	}

	/**
	 * Replays with the away notices the shop knew ({@code openDays} per customer; every
	 * day counts as open for customers without one). The baselines, like the tools shops
	 * use today, know nothing of away notices.
	 */
	public Report run(List<Seen> visits, Map<String, OpenDays> openDays) {
		List<Seen> ordered = new ArrayList<>(visits);
		ordered.sort((a, b) -> a.at().compareTo(b.at()));
		Map<String, Customer> customers = new LinkedHashMap<>();
		for (Seen seen : ordered) {
			Customer customer = customers.computeIfAbsent(seen.customerId(), Customer::new);
			int size = customer.days.size();
			if (size == 0 || !customer.days.get(size - 1).toLocalDate().equals(seen.at().toLocalDate())) {
				customer.days.add(seen.at());
			}
		}
		Random random = new Random(this.seed);
		List<Customer> regulars = new ArrayList<>();
		double regularWeeks = 0;
		for (Customer customer : customers.values()) {
			customer.regular = customer.days.size() >= 3 && customer.wholeMedianGapDays() <= REGULAR_MEDIAN_GAP_DAYS;
			if (customer.regular) {
				regulars.add(customer);
				regularWeeks += Duration.between(customer.days.get(0), customer.days.get(customer.days.size() - 1))
					.toHours() / (24.0 * 7);
			}
		}
		List<Customer> eligible = new ArrayList<>();
		for (Customer customer : regulars) {
			if (customer.days.size() >= MIN_VISITS_BEFORE_CUT + 2) {
				eligible.add(customer);
			}
		}
		Collections.shuffle(eligible, random);
		for (Customer customer : eligible.subList(0, Math.min(MAX_INJECTIONS, eligible.size()))) {
			customer.cutAt = MIN_VISITS_BEFORE_CUT + random.nextInt(customer.days.size() - MIN_VISITS_BEFORE_CUT - 1);
		}

		Tally model = new Tally();
		Tally fixed = new Tally();
		Tally twiceMedian = new Tally();
		Tally quantile = new Tally();
		RhythmPrior prior = RhythmPrior.uninformed();
		LocalDateTime priorBuiltAt = ordered.isEmpty() ? null : ordered.get(0).at();
		List<Injection> injections = new ArrayList<>();
		List<Double> regularGapChances = new ArrayList<>();
		long gaps = 0;
		for (Seen seen : ordered) {
			if (Duration.between(priorBuiltAt, seen.at()).compareTo(PRIOR_REFRESH) >= 0) {
				List<UsualRhythm> rhythms = new ArrayList<>(customers.size());
				for (Customer c : customers.values()) {
					if (c.index > 0) {
						rhythms.add(c.rhythm);
					}
				}
				prior = RhythmPrior.pool(rhythms);
				priorBuiltAt = seen.at();
			}
			Customer customer = customers.get(seen.customerId());
			if (customer.index >= customer.days.size() || !customer.days.get(customer.index).equals(seen.at())) {
				continue; // a second visit the same day
			}
			LocalDateTime at = seen.at();
			if (customer.index > 0) {
				LocalDateTime previous = customer.days.get(customer.index - 1);
				double gapDays = Duration.between(previous, at).toMinutes() / (24.0 * 60);
				OpenDays open = openDays.getOrDefault(customer.id, OpenDays.ALWAYS);
				double u = customer.rhythm.expectedVisits(previous, at, open, prior);
				double p = customer.rhythm.chanceOfGapAtLeast(u, prior);
				gaps++;
				for (double level : LEVELS) {
					model.flag(level, p < level);
					fixed.flag(level, gapDays >= 7);
				}
				double missed = customer.rhythm.missedExpectedVisitDays(previous, at, open, prior);
				model.alert(customer.regular, Level.of(p, missed, this.redThreshold, this.redThreshold,
						this.redAfterMissedDays) == Level.RED);
				if (customer.regular) {
					// Red at any chance level when missed days make it red.
					regularGapChances.add(Level.redByMissedDays(p, missed, this.redAfterMissedDays) ? 0 : p);
				}
				fixed.alert(customer.regular, gapDays >= 7);
				if (customer.recentGaps.size() >= 3) {
					double median = customer.recentMedian();
					for (double level : LEVELS) {
						twiceMedian.flag(level, gapDays > 2 * median);
						quantile.flag(level, gapDays > customer.recentQuantile(1 - level));
					}
					twiceMedian.alert(customer.regular, gapDays > 2 * median);
					quantile.alert(customer.regular, gapDays > customer.recentQuantile(1 - 0.01));
				}
				customer.addGap(gapDays);
			}
			customer.rhythm.recordVisit(at, openDays.getOrDefault(customer.id, OpenDays.ALWAYS), prior);
			if (customer.index == customer.cutAt) {
				injections.add(new Injection(customer, at, UsualRhythm.fromBytes(customer.rhythm.toBytes()), prior,
						customer.recentGaps.isEmpty() ? Double.NaN : customer.recentMedian(),
						customer.recentGaps.size() >= 3 ? customer.recentQuantile(0.99) : Double.NaN));
			}
			customer.index++;
		}

		List<Double> modelDays = new ArrayList<>();
		List<Double> modelGaps = new ArrayList<>();
		List<Double> fixedDays = new ArrayList<>();
		List<Double> fixedGaps = new ArrayList<>();
		List<Double> medianDays = new ArrayList<>();
		List<Double> medianGaps = new ArrayList<>();
		List<Double> quantileDays = new ArrayList<>();
		List<Double> quantileGaps = new ArrayList<>();
		int[] within = new int[4];
		for (Injection injection : injections) {
			double typicalGap = injection.medianGapDays();
			double delay = modelDelayDays(injection, this.redThreshold, this.redAfterMissedDays);
			double second = secondExpectedVisitDayEnds(injection);
			double quantileDelay = Double.isNaN(injection.quantile99Days()) ? 2 * typicalGap
					: injection.quantile99Days();
			double[] delays = { delay, 7.0, 2 * typicalGap, quantileDelay };
			for (int m = 0; m < delays.length; m++) {
				within[m] += (delays[m] <= second) ? 1 : 0;
			}
			modelDays.add(delay);
			modelGaps.add(delay / typicalGap);
			fixedDays.add(7.0);
			fixedGaps.add(7.0 / typicalGap);
			medianDays.add(2 * typicalGap);
			medianGaps.add(2.0);
			quantileDays.add(quantileDelay);
			quantileGaps.add(quantileDelay / typicalGap);
		}
		double stops = injections.size();
		List<MethodResult> methods = List.of(
				model.result("model", regularWeeks, modelDays, modelGaps, within[0] / stops),
				fixed.result("fixed-7-days", regularWeeks, fixedDays, fixedGaps, within[1] / stops),
				twiceMedian.result("twice-median-gap", regularWeeks, medianDays, medianGaps, within[2] / stops),
				quantile.result("gap-quantile", regularWeeks, quantileDays, quantileGaps, within[3] / stops));
		double[] chances = regularGapChances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		List<Matched> matched = new ArrayList<>();
		for (MethodResult baseline : methods.subList(1, methods.size())) {
			// The model's red level that, with the missed-days rule, raises as many false
			// alerts among regulars as the baseline.
			int alerts = (int) Math.floor(baseline.falseAlertsPer100RegularsPerWeek() * regularWeeks / 100);
			double red = (alerts <= 0 || chances.length == 0) ? Double.MIN_VALUE
					: (alerts >= chances.length) ? 1 : chances[alerts];
			List<Double> delays = new ArrayList<>();
			List<Double> delayDays = new ArrayList<>();
			int onTime = 0;
			for (Injection injection : injections) {
				double days = modelDelayDays(injection, red, this.redAfterMissedDays);
				delayDays.add(days);
				delays.add(days / injection.medianGapDays());
				onTime += (days <= secondExpectedVisitDayEnds(injection)) ? 1 : 0;
			}
			matched.add(new Matched(baseline.name(), baseline.falseAlertsPer100RegularsPerWeek(), red,
					Tally.median(delays), baseline.medianDetectionDelayGaps(), Tally.median(delayDays),
					baseline.medianDetectionDelayDays(), onTime / stops, baseline.withinTwoExpectedVisitDays()));
		}
		return new Report(customers.size(), gaps, regulars.size(), regularWeeks, injections.size(), this.redThreshold,
				methods, matched);
	}

	/**
	 * Hours from the last visit until the model first says red, in days (capped at 90).
	 * The chance only falls as an absence goes on, so whole days are stepped first, then
	 * hours.
	 */
	private double modelDelayDays(Injection injection, double red, int afterMissedDays) {
		LocalDateTime from = injection.lastVisit();
		int day = 1;
		while (day * 24 <= MAX_DELAY_HOURS && !isRed(injection, from.plusHours(day * 24L), red, afterMissedDays)) {
			day++;
		}
		if (day * 24 > MAX_DELAY_HOURS) {
			return MAX_DELAY_HOURS / 24.0;
		}
		for (int hour = (day - 1) * 24 + 1; hour <= day * 24; hour++) {
			if (isRed(injection, from.plusHours(hour), red, afterMissedDays)) {
				return hour / 24.0;
			}
		}
		return day;
	}

	/**
	 * Days from the last visit to the end of the customer's second expected visit day
	 * after it: the next two of their usual weekdays (a visit at least as likely as not),
	 * or, for someone without usual weekdays, the day by which they would have been
	 * expected to come in twice.
	 */
	static double secondExpectedVisitDayEnds(UsualRhythm rhythm, RhythmPrior prior, LocalDateTime lastVisit,
			OpenDays openDays) {
		boolean[] usual = rhythm.usualDays(prior);
		boolean anyUsual = false;
		for (boolean day : usual) {
			anyUsual |= day;
		}
		LocalDate day = lastVisit.toLocalDate();
		double expected = 0;
		for (int k = 1; k <= MAX_DELAY_HOURS / 24; k++) {
			LocalDate next = day.plusDays(k);
			if (!openDays.isOpen(next)) {
				continue;
			}
			int weekday = UsualRhythm.weekday(next.getDayOfWeek());
			expected += anyUsual ? (usual[weekday] ? 1 : 0) : rhythm.chanceOn(weekday, prior);
			if (expected >= 2) {
				return Duration.between(lastVisit, next.plusDays(1).atStartOfDay()).toMinutes() / (24.0 * 60);
			}
		}
		return MAX_DELAY_HOURS / 24.0;
	}

	private static double secondExpectedVisitDayEnds(Injection injection) {
		return secondExpectedVisitDayEnds(injection.rhythm(), injection.prior(), injection.lastVisit(),
				OpenDays.ALWAYS);
	}

	private boolean isRed(Injection injection, LocalDateTime now, double red, int afterMissedDays) {
		UsualRhythm rhythm = injection.rhythm();
		double chance = rhythm.chanceOfAbsence(injection.lastVisit(), now, OpenDays.ALWAYS, injection.prior());
		double missed = (afterMissedDays > 0)
				? rhythm.missedExpectedVisitDays(injection.lastVisit(), now, OpenDays.ALWAYS, injection.prior()) : 0;
		return Level.of(chance, missed, red, red, afterMissedDays) == Level.RED;
	}

	private record Injection(Customer customer, LocalDateTime lastVisit, UsualRhythm rhythm, RhythmPrior prior,
			double medianGapDays, double quantile99Days) {
	}

	private static final class Customer {

		final String id;

		final List<LocalDateTime> days = new ArrayList<>();

		final UsualRhythm rhythm = new UsualRhythm();

		final ArrayList<Double> recentGaps = new ArrayList<>();

		boolean regular;

		int index;

		int cutAt = -1;

		Customer(String id) {
			this.id = id;
		}

		void addGap(double days) {
			if (this.recentGaps.size() == WINDOW) {
				this.recentGaps.remove(0);
			}
			this.recentGaps.add(days);
		}

		double recentMedian() {
			return recentQuantile(0.5);
		}

		double recentQuantile(double q) {
			double[] sorted = new double[this.recentGaps.size()];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] = this.recentGaps.get(i);
			}
			Arrays.sort(sorted);
			return quantileOf(sorted, q);
		}

		double wholeMedianGapDays() {
			double[] gaps = new double[this.days.size() - 1];
			for (int i = 1; i < this.days.size(); i++) {
				gaps[i - 1] = Duration.between(this.days.get(i - 1), this.days.get(i)).toMinutes() / (24.0 * 60);
			}
			Arrays.sort(gaps);
			return quantileOf(gaps, 0.5);
		}

		@Override
		public String toString() {
			return this.id;
		}

	}

	static double quantileOf(double[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		double position = q * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(sorted.length - 1, below + 1);
		return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
	}

	private static final class Tally {

		final Map<Double, long[]> flagged = new HashMap<>();

		long alerts;

		void flag(double level, boolean flagged) {
			long[] counts = this.flagged.computeIfAbsent(level, (l) -> new long[2]);
			counts[0] += flagged ? 1 : 0;
			counts[1]++;
		}

		void alert(boolean regular, boolean alerted) {
			if (regular && alerted) {
				this.alerts++;
			}
		}

		MethodResult result(String name, double regularWeeks, List<Double> delayDays, List<Double> delayGaps,
				double withinTwoExpectedVisitDays) {
			Map<String, Double> fractions = new LinkedHashMap<>();
			for (double level : LEVELS) {
				long[] counts = this.flagged.getOrDefault(level, new long[2]);
				fractions.put(String.format(Locale.ROOT, "%.2f", level),
						(counts[1] == 0) ? Double.NaN : counts[0] / (double) counts[1]);
			}
			return new MethodResult(name, fractions,
					(regularWeeks > 0) ? 100.0 * this.alerts / regularWeeks : Double.NaN, median(delayDays),
					median(delayGaps), withinTwoExpectedVisitDays);
		}

		static double median(List<Double> values) {
			double[] sorted = values.stream()
				.filter(Double::isFinite)
				.mapToDouble(Double::doubleValue)
				.sorted()
				.toArray();
			return quantileOf(sorted, 0.5);
		}

	}

}
