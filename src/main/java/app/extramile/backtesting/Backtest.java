package app.extramile.backtesting;

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

import app.extramile.absences.Level;
import app.extramile.absences.OpenDays;
import app.extramile.absences.Regulars;
import app.extramile.absences.RhythmPrior;
import app.extramile.absences.UsualRhythm;

/**
 * Replays visit histories in time order with no look-ahead and compares the rhythm model
 * with four baselines: "not seen for 7 days", "twice the median gap", a per-customer
 * empirical gap quantile and BG/NBD's chance of being alive. Each method is judged at its
 * usual level and at red budgets: the level that spends exactly 1, 2 or 5 false reds per
 * 100 regulars per week on these histories. Every day counts as open (no shop calendar is
 * known). Definitions: docs/backtest-real.md.
 */
public final class Backtest {

	public static final double[] LEVELS = { 0.01, 0.05, 0.10 };

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
			double withinTwoExpectedVisitDays, List<AtBudget> atBudget) {
	}

	/**
	 * The red budgets every method is judged at: false reds per 100 regulars per week.
	 */
	public static final double[] BUDGETS = { 1, 2, 5 };

	/**
	 * A method at its red level that spends exactly the budget on the regulars' normal
	 * gaps, and how soon it then says red for a stop.
	 *
	 * @param redLevel the method's own level (a chance, days, a multiple of the median
	 * gap, or a chance of being alive)
	 */
	public record AtBudget(double falseRedsPer100RegularsPerWeek, double redLevel, double medianDetectionDelayDays,
			double medianDetectionDelayGaps, double withinTwoExpectedVisitDays) {
	}

	/**
	 * The model tuned to a baseline's false-alert rate, and how soon each then detects a
	 * stop.
	 */
	public record Matched(String baseline, double falseAlertsPer100RegularsPerWeek, double modelRedThreshold,
			double modelDelayGaps, double baselineDelayGaps, double modelDelayDays, double baselineDelayDays,
			double modelWithinTwoExpectedVisitDays, double baselineWithinTwoExpectedVisitDays) {
	}

	/**
	 * @param redBudget the red budget the model ran with (false reds per 100 regulars per
	 * week), or NaN for a fixed red level
	 * @param bgNbd the BG/NBD fit to the whole history (the baseline sees the future)
	 */
	public record Report(int customers, long gapsEvaluated, int regulars, double regularWeeks, int injectedStops,
			double redThreshold, double redBudget, List<MethodResult> methods, List<Matched> matched, BgNbd bgNbd) {

		public String toJson() {
			StringBuilder json = new StringBuilder();
			json.append("{\"customers\": ")
				.append(this.customers)
				.append(", \"gapsEvaluated\": ")
				.append(this.gapsEvaluated)
				.append(", \"regulars\": ")
				.append(this.regulars)
				.append(", \"regularWeeks\": ")
				.append(number(this.regularWeeks))
				.append(", \"injectedStops\": ")
				.append(this.injectedStops)
				.append(", \"redBudget\": ")
				.append(number(this.redBudget))
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
					.append(", \"atBudget\": [");
				for (int k = 0; k < m.atBudget().size(); k++) {
					AtBudget at = m.atBudget().get(k);
					json.append((k > 0) ? ", " : "")
						.append("{\"falseRedsPer100RegularsPerWeek\": ")
						.append(number(at.falseRedsPer100RegularsPerWeek()))
						.append(", \"redLevel\": ")
						.append(number(at.redLevel()))
						.append(", \"medianDetectionDelayDays\": ")
						.append(number(at.medianDetectionDelayDays()))
						.append(", \"medianDetectionDelayGaps\": ")
						.append(number(at.medianDetectionDelayGaps()))
						.append(", \"withinTwoExpectedVisitDays\": ")
						.append(number(at.withinTwoExpectedVisitDays()))
						.append('}');
				}
				json.append("]}");
			}
			json.append("]");
			if (this.bgNbd != null) {
				json.append(", \"bgNbdFit\": {\"r\": ")
					.append(number(this.bgNbd.r()))
					.append(", \"alpha\": ")
					.append(number(this.bgNbd.alpha()))
					.append(", \"a\": ")
					.append(number(this.bgNbd.a()))
					.append(", \"b\": ")
					.append(number(this.bgNbd.b()))
					.append(", \"logLikelihood\": ")
					.append(number(this.bgNbd.logLikelihood()))
					.append('}');
			}
			return json.append("}").toString();
		}

		public String toTable() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT,
					"customers=%d gapsEvaluated=%d regulars=%d regularWeeks=%.0f injectedStops=%d red<%.4f%s%n",
					this.customers, this.gapsEvaluated, this.regulars, this.regularWeeks, this.injectedStops,
					this.redThreshold, Double.isNaN(this.redBudget) ? "" : String.format(Locale.ROOT,
							" (budget %.1f false reds per 100 regulars per week)", this.redBudget)));
			out.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s %22s %14s %14s %17s%n", "method", "flag@1%",
					"flag@5%", "flag@10%", "falseRed/100reg/week", "delay(days)", "delay(gaps)", "within2visitDays"));
			for (MethodResult m : this.methods) {
				out.append(String.format(Locale.ROOT, "%-18s %9.4f %9.4f %9.4f %22.3f %14.2f %14.2f %17.3f%n", m.name(),
						m.flaggedFraction().get("0.01"), m.flaggedFraction().get("0.05"),
						m.flaggedFraction().get("0.10"), m.falseAlertsPer100RegularsPerWeek(),
						m.medianDetectionDelayDays(), m.medianDetectionDelayGaps(), m.withinTwoExpectedVisitDays()));
			}
			out.append(
					"at each red budget (the level that spends exactly that many false reds per 100 regulars per week;"
							+ " median detection delay in days and gaps, share red within two expected visit days):\n");
			out.append(String.format(Locale.ROOT, "%-18s", "method"));
			for (double budget : BUDGETS) {
				out.append(String.format(Locale.ROOT, " %30s", "budget " + (int) budget + ": days gaps within2"));
			}
			out.append('\n');
			for (MethodResult m : this.methods) {
				out.append(String.format(Locale.ROOT, "%-18s", m.name()));
				for (AtBudget at : m.atBudget()) {
					out.append(String.format(Locale.ROOT, " %30s",
							String.format(Locale.ROOT, "%.2f %.2f %.3f", at.medianDetectionDelayDays(),
									at.medianDetectionDelayGaps(), at.withinTwoExpectedVisitDays())));
				}
				out.append('\n');
			}
			if (this.bgNbd != null) {
				out.append(String.format(Locale.ROOT, "bg-nbd fit (weeks): r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.1f%n",
						this.bgNbd.r(), this.bgNbd.alpha(), this.bgNbd.a(), this.bgNbd.b(),
						this.bgNbd.logLikelihood()));
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

	private final double redBudget;

	private final int redAfterMissedDays;

	private final long seed;

	/**
	 * @param redThreshold red below this chance
	 * @param redAfterMissedDays and red once this many expected visit days are missed
	 * (when that is unusual for them; 0: by chance only)
	 */
	public Backtest(double redThreshold, int redAfterMissedDays, long seed) {
		this(redThreshold, Double.NaN, redAfterMissedDays, seed);
	}

	private Backtest(double redThreshold, double redBudget, int redAfterMissedDays, long seed) {
		this.redThreshold = redThreshold;
		this.redBudget = redBudget;
		this.redAfterMissedDays = redAfterMissedDays;
		this.seed = seed;
	}

	/**
	 * The model with a red budget: its red level is the one the shop-wide prior says
	 * spends {@code redsPer100RegularsPerWeek}, learned as the replay goes (no
	 * look-ahead).
	 */
	public static Backtest withBudget(double redsPer100RegularsPerWeek, int redAfterMissedDays, long seed) {
		return new Backtest(Double.NaN, redsPer100RegularsPerWeek, redAfterMissedDays, seed);
	}

	private double redLevel(RhythmPrior prior) {
		return Double.isNaN(this.redBudget) ? this.redThreshold : prior.redBelowFor(this.redBudget);
	}

	/** One visit per line: a customer id and when they were seen. Any order. */
	public record Seen(String customerId, LocalDateTime at) {
	}

	public Report run(List<Seen> visits) {
		return run(visits, Map.of());
	}

	static final String[] METHODS = { "model", "fixed-7-days", "twice-median-gap", "gap-quantile", "bg-nbd" };

	private static final int MODEL = 0;

	private static final int FIXED = 1;

	private static final int TWICE_MEDIAN = 2;

	private static final int QUANTILE = 3;

	private static final int BG_NBD = 4;

	/** BG/NBD's usual red: more likely gone than not. */
	private static final double BG_NBD_RED_BELOW = 0.5;

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
			customer.regular = customer.days.size() >= 3
					&& Regulars.regular(customer.days.size(), customer.wholeMedianGapDays());
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
		BgNbd bgNbd = ordered.isEmpty() ? null : fitBgNbd(customers.values(), ordered.get(ordered.size() - 1).at());

		Tally model = new Tally();
		Tally fixed = new Tally();
		Tally twiceMedian = new Tally();
		Tally quantile = new Tally();
		Tally bgNbdTally = new Tally();
		RhythmPrior prior = RhythmPrior.uninformed();
		LocalDateTime priorBuiltAt = ordered.isEmpty() ? null : ordered.get(0).at();
		double redLevel = redLevel(prior);
		List<Injection> injections = new ArrayList<>();
		List<Double> regularGapChances = new ArrayList<>();
		// How red each method found each regular's normal gap at its end (higher:
		// redder).
		List<double[]> regularGapRedness = new ArrayList<>();
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
				redLevel = redLevel(prior);
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
				double raw = customer.rhythm.uncalibratedChance(u, prior);
				double p = prior.calibrated(raw);
				double alive = (bgNbd == null) ? 1 : customer.probabilityAlive(bgNbd, customer.index - 1, at);
				gaps++;
				for (double level : LEVELS) {
					model.flag(level, p < level);
					fixed.flag(level, gapDays >= 7);
					bgNbdTally.flag(level, alive < level);
				}
				double missed = (this.redAfterMissedDays > 0)
						? customer.rhythm.missedExpectedVisitDays(previous, at, open, prior) : 0;
				boolean missedDaysRed = Level.redByMissedDays(p, missed, this.redAfterMissedDays);
				model.alert(customer.regular,
						Level.of(p, missed, redLevel, redLevel, this.redAfterMissedDays) == Level.RED);
				bgNbdTally.alert(customer.regular, alive < BG_NBD_RED_BELOW);
				// At a budget the model is judged by its chance alone: the budget sets
				// its level. Its chance before the shop-wide calibration, as in the app:
				// each sweep turns the budget into a level on that scale
				// (RhythmPrior.redBelowFor), so the calibration, which changes as the
				// shop's gaps end, never reorders who is red.
				double[] redness = { -raw, gapDays, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, -alive };
				if (customer.regular) {
					// Red at any chance level when missed days make it red.
					regularGapChances.add(missedDaysRed ? 0 : p);
				}
				fixed.alert(customer.regular, gapDays >= 7);
				if (customer.recentGaps.size() >= 3) {
					double[] sorted = customer.sortedRecentGaps();
					double median = Regulars.quantileOf(sorted, 0.5);
					for (double level : LEVELS) {
						twiceMedian.flag(level, gapDays > 2 * median);
						quantile.flag(level, gapDays > Regulars.quantileOf(sorted, 1 - level));
					}
					twiceMedian.alert(customer.regular, gapDays > 2 * median);
					quantile.alert(customer.regular, gapDays > Regulars.quantileOf(sorted, 1 - 0.01));
					redness[TWICE_MEDIAN] = gapDays / median;
					redness[QUANTILE] = -survival(sorted, gapDays);
				}
				if (customer.regular) {
					regularGapRedness.add(redness);
				}
				customer.addGap(gapDays);
			}
			customer.rhythm.recordVisit(at, openDays.getOrDefault(customer.id, OpenDays.ALWAYS), prior);
			if (customer.index == customer.cutAt) {
				double[] recent = customer.recentGaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
				injections.add(new Injection(customer, at, UsualRhythm.fromBytes(customer.rhythm.toBytes()), prior,
						customer.recentGaps.isEmpty() ? Double.NaN : customer.recentMedian(),
						customer.recentGaps.size() >= 3 ? customer.recentQuantile(0.99) : Double.NaN, recent,
						customer.index));
			}
			customer.index++;
		}

		double stops = injections.size();
		List<List<Double>> delayDays = new ArrayList<>();
		List<List<Double>> delayGaps = new ArrayList<>();
		int[] within = new int[METHODS.length];
		for (int m = 0; m < METHODS.length; m++) {
			delayDays.add(new ArrayList<>());
			delayGaps.add(new ArrayList<>());
		}
		for (Injection injection : injections) {
			double typicalGap = injection.medianGapDays();
			double second = secondExpectedVisitDayEnds(injection);
			double quantileDelay = Double.isNaN(injection.quantile99Days()) ? 2 * typicalGap
					: injection.quantile99Days();
			double[] delays = { modelDelayDays(injection, redLevel(injection.prior()), this.redAfterMissedDays), 7.0,
					2 * typicalGap, quantileDelay, delayDays(injection, BG_NBD, -BG_NBD_RED_BELOW, bgNbd) };
			for (int m = 0; m < delays.length; m++) {
				within[m] += (delays[m] <= second) ? 1 : 0;
				delayDays.get(m).add(delays[m]);
				delayGaps.get(m).add(delays[m] / typicalGap);
			}
		}
		Tally[] tallies = { model, fixed, twiceMedian, quantile, bgNbdTally };
		List<MethodResult> methods = new ArrayList<>();
		for (int m = 0; m < METHODS.length; m++) {
			methods.add(tallies[m].result(METHODS[m], regularWeeks, delayDays.get(m), delayGaps.get(m),
					within[m] / stops, atBudgets(m, regularGapRedness, regularWeeks, injections, bgNbd)));
		}
		double[] chances = regularGapChances.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		List<Matched> matched = new ArrayList<>();
		for (MethodResult baseline : methods.subList(1, methods.size())) {
			// The model's red level that, with the missed-days rule, raises as many false
			// alerts among regulars as the baseline.
			int alerts = (int) Math.floor(baseline.falseAlertsPer100RegularsPerWeek() * regularWeeks / 100);
			double red = (alerts <= 0 || chances.length == 0) ? Double.MIN_VALUE
					: (alerts >= chances.length) ? 1 : chances[alerts];
			List<Double> delays = new ArrayList<>();
			List<Double> days = new ArrayList<>();
			int onTime = 0;
			for (Injection injection : injections) {
				double delay = modelDelayDays(injection, red, this.redAfterMissedDays);
				days.add(delay);
				delays.add(delay / injection.medianGapDays());
				onTime += (delay <= secondExpectedVisitDayEnds(injection)) ? 1 : 0;
			}
			matched.add(new Matched(baseline.name(), baseline.falseAlertsPer100RegularsPerWeek(), red,
					Tally.median(delays), baseline.medianDetectionDelayGaps(), Tally.median(days),
					baseline.medianDetectionDelayDays(), onTime / stops, baseline.withinTwoExpectedVisitDays()));
		}
		return new Report(customers.size(), gaps, regulars.size(), regularWeeks, injections.size(), redLevel(prior),
				this.redBudget, methods, matched, bgNbd);
	}

	/**
	 * For one method at each budget: the red level that spends exactly the budget on the
	 * regulars' normal gaps (each gap red at most once, when its end is redder than the
	 * level), then how soon each stop turns red at that level.
	 */
	private List<AtBudget> atBudgets(int method, List<double[]> regularGapRedness, double regularWeeks,
			List<Injection> injections, BgNbd bgNbd) {
		double[] redness = new double[regularGapRedness.size()];
		for (int i = 0; i < redness.length; i++) {
			redness[i] = regularGapRedness.get(i)[method];
		}
		Arrays.sort(redness);
		List<AtBudget> results = new ArrayList<>();
		for (double budget : BUDGETS) {
			int reds = (int) Math.round(budget * regularWeeks / 100);
			// Red when redder than the (reds + 1)-th reddest gap: exactly that many, bar
			// ties.
			double level = (redness.length == 0) ? Double.NaN
					: (reds >= redness.length) ? Double.NEGATIVE_INFINITY : redness[redness.length - 1 - reds];
			List<Double> days = new ArrayList<>();
			List<Double> gapsLate = new ArrayList<>();
			int onTime = 0;
			for (Injection injection : injections) {
				double delay = delayDays(injection, method, level, bgNbd);
				days.add(delay);
				gapsLate.add(delay / injection.medianGapDays());
				onTime += (delay <= secondExpectedVisitDayEnds(injection)) ? 1 : 0;
			}
			double shown = switch (method) {
				case MODEL, QUANTILE, BG_NBD -> -level;
				default -> level;
			};
			results.add(new AtBudget(budget, shown, Tally.median(days), Tally.median(gapsLate),
					injections.isEmpty() ? Double.NaN : onTime / (double) injections.size()));
		}
		return results;
	}

	/**
	 * Days from the last visit until a method first finds the absence redder than
	 * {@code level} (capped at 90): whole days stepped first, then hours, as every
	 * method's redness only grows while an absence goes on.
	 */
	private double delayDays(Injection injection, int method, double level, BgNbd bgNbd) {
		if (Double.isNaN(level)) {
			return Double.NaN;
		}
		int day = 1;
		while (day * 24 <= MAX_DELAY_HOURS && !(redness(injection, method, day, bgNbd) > level)) {
			day++;
		}
		if (day * 24 > MAX_DELAY_HOURS) {
			return MAX_DELAY_HOURS / 24.0;
		}
		for (int hour = (day - 1) * 24 + 1; hour <= day * 24; hour++) {
			if (redness(injection, method, hour / 24.0, bgNbd) > level) {
				return hour / 24.0;
			}
		}
		return day;
	}

	private double redness(Injection injection, int method, double days, BgNbd bgNbd) {
		LocalDateTime now = injection.lastVisit().plusMinutes(Math.round(days * 24 * 60));
		switch (method) {
			case MODEL -> {
				UsualRhythm rhythm = injection.rhythm();
				return -rhythm.uncalibratedChance(
						rhythm.expectedVisits(injection.lastVisit(), now, OpenDays.ALWAYS, injection.prior()),
						injection.prior());
			}
			case FIXED -> {
				return days;
			}
			case TWICE_MEDIAN -> {
				return (injection.recentGaps().length >= 3) ? days / injection.medianGapDays()
						: Double.NEGATIVE_INFINITY;
			}
			case QUANTILE -> {
				return (injection.recentGaps().length >= 3) ? -survival(injection.recentGaps(), days)
						: Double.NEGATIVE_INFINITY;
			}
			default -> {
				return (bgNbd == null) ? Double.NEGATIVE_INFINITY
						: -injection.customer().probabilityAlive(bgNbd, injection.index() - 1, now);
			}
		}
	}

	/**
	 * The empirical chance of a gap at least this long among the recent ones, with one
	 * pseudo-gap so it is never zero; beyond the longest it keeps falling as 1/gap.
	 */
	static double survival(double[] sortedGaps, double days) {
		int n = sortedGaps.length;
		if (n == 0) {
			return 1;
		}
		if (days > sortedGaps[n - 1]) {
			return sortedGaps[n - 1] / days / (n + 1);
		}
		int atLeast = 0;
		for (int i = n - 1; i >= 0 && sortedGaps[i] >= days; i--) {
			atLeast++;
		}
		return (atLeast + 1) / (double) (n + 1);
	}

	/**
	 * BG/NBD fitted to the whole history (repeat visit days, weeks), as a shop would fit
	 * it to its records: it sees the future of the replay, to its advantage.
	 */
	private static BgNbd fitBgNbd(Iterable<Customer> customers, LocalDateTime end) {
		List<BgNbd.Summary> summaries = new ArrayList<>();
		for (Customer customer : customers) {
			LocalDateTime first = customer.days.get(0);
			LocalDateTime last = customer.days.get(customer.days.size() - 1);
			summaries.add(new BgNbd.Summary(customer.days.size() - 1, weeks(first, last), weeks(first, end)));
		}
		return BgNbd.fit(summaries);
	}

	static double weeks(LocalDateTime from, LocalDateTime to) {
		return Duration.between(from, to).toMinutes() / (7 * 24 * 60.0);
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
			double medianGapDays, double quantile99Days, double[] recentGaps, int index) {
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

		double[] sortedRecentGaps() {
			double[] sorted = new double[this.recentGaps.size()];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] = this.recentGaps.get(i);
			}
			Arrays.sort(sorted);
			return sorted;
		}

		/**
		 * BG/NBD's chance they are still alive at {@code now}, seen on the visit days up
		 * to {@code lastIndex}.
		 */
		double probabilityAlive(BgNbd model, int lastIndex, LocalDateTime now) {
			LocalDateTime first = this.days.get(0);
			return model.probabilityAlive(lastIndex, weeks(first, this.days.get(lastIndex)), weeks(first, now));
		}

		double recentQuantile(double q) {
			double[] sorted = new double[this.recentGaps.size()];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] = this.recentGaps.get(i);
			}
			Arrays.sort(sorted);
			return Regulars.quantileOf(sorted, q);
		}

		double wholeMedianGapDays() {
			double[] gaps = new double[this.days.size() - 1];
			for (int i = 1; i < this.days.size(); i++) {
				gaps[i - 1] = Duration.between(this.days.get(i - 1), this.days.get(i)).toMinutes() / (24.0 * 60);
			}
			Arrays.sort(gaps);
			return Regulars.quantileOf(gaps, 0.5);
		}

		@Override
		public String toString() {
			return this.id;
		}

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
				double withinTwoExpectedVisitDays, List<AtBudget> atBudget) {
			Map<String, Double> fractions = new LinkedHashMap<>();
			for (double level : LEVELS) {
				long[] counts = this.flagged.getOrDefault(level, new long[2]);
				fractions.put(String.format(Locale.ROOT, "%.2f", level),
						(counts[1] == 0) ? Double.NaN : counts[0] / (double) counts[1]);
			}
			return new MethodResult(name, fractions,
					(regularWeeks > 0) ? 100.0 * this.alerts / regularWeeks : Double.NaN, median(delayDays),
					median(delayGaps), withinTwoExpectedVisitDays, atBudget);
		}

		static double median(List<Double> values) {
			double[] sorted = values.stream()
				.filter(Double::isFinite)
				.mapToDouble(Double::doubleValue)
				.sorted()
				.toArray();
			return Regulars.quantileOf(sorted, 0.5);
		}

	}

}
