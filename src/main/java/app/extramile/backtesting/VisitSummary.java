package app.extramile.backtesting;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import app.extramile.absences.Regulars;

/**
 * What a visit history looks like, in a few figures that can be compared between real
 * files and simulated villages: how many visits people make, how often they come twice a
 * day, how long and how irregular their gaps are, how many have only a handful of visits,
 * how many stop for good, and how much they keep to weekdays. Gaps are between visit days
 * (several visits a day count once), in calendar days, so day-only and timestamped files
 * compare. Definitions: docs/backtest-real.md.
 *
 * @param customers customers with at least one visit
 * @param visits every visit, several a day included
 * @param visitsPerCustomerMedian visits per customer, median
 * @param visitsPerCustomerP90 visits per customer, 90th percentile
 * @param sameDayShare share of visits (after each customer's first) on the same day as
 * that customer's previous visit
 * @param gapMedianDays gaps between visit days, all customers pooled: median
 * @param gapP90Days the same, 90th percentile
 * @param gapP99Days the same, 99th percentile
 * @param gapCvMedian per customer with at least {@value #MIN_GAPS_FOR_SHAPE} gaps, the
 * coefficient of variation of their gaps (standard deviation / mean; 1 for a visitor who
 * comes at random, 0 for clockwork, above 1 for bursts and long aways): median over them
 * @param longAwayShare the share of the gaps of those customers at least
 * {@value #LONG_AWAY} times their own median gap
 * @param fewVisitsShare share of customers with at most {@value #FEW_VISITS} visits
 * @param stoppedShare share of customers not seen in the last {@value #LAST_PART_PERCENT}
 * % of the history's span (stopped for good, as far as the history knows)
 * @param topWeekdayShareMedian per customer with at least {@value #MIN_DAYS_FOR_WEEKDAYS}
 * visit days, the share of their visit days on their commonest weekday (1/7 = 0.14 for no
 * preference, 1 for one fixed day): median over them
 * @param spanDays days from the first visit in the history to the last
 */
record VisitSummary(int customers, long visits, double visitsPerCustomerMedian, double visitsPerCustomerP90,
		double sameDayShare, double gapMedianDays, double gapP90Days, double gapP99Days, double gapCvMedian,
		double longAwayShare, double fewVisitsShare, double stoppedShare, double topWeekdayShareMedian, long spanDays) {

	static final int MIN_GAPS_FOR_SHAPE = 4;

	static final int LONG_AWAY = 5;

	static final int FEW_VISITS = 5;

	static final int LAST_PART_PERCENT = 25;

	static final int MIN_DAYS_FOR_WEEKDAYS = 10;

	/** The summary of any visits, in any order. */
	public static VisitSummary of(List<Backtest.Seen> visits) {
		if (visits.isEmpty()) {
			throw new IllegalArgumentException("no visits to summarise");
		}
		Map<String, List<Backtest.Seen>> byCustomer = new HashMap<>();
		for (Backtest.Seen seen : visits) {
			byCustomer.computeIfAbsent(seen.customerId(), (id) -> new ArrayList<>()).add(seen);
		}
		LocalDate first = null;
		LocalDate last = null;
		for (Backtest.Seen seen : visits) {
			LocalDate day = seen.at().toLocalDate();
			first = (first == null || day.isBefore(first)) ? day : first;
			last = (last == null || day.isAfter(last)) ? day : last;
		}
		long span = ChronoUnit.DAYS.between(first, last);
		LocalDate lastPartStarts = last.minusDays(Math.round(span * LAST_PART_PERCENT / 100.0));
		double[] perCustomer = new double[byCustomer.size()];
		List<Double> gaps = new ArrayList<>();
		List<Double> cvs = new ArrayList<>();
		List<Double> topWeekday = new ArrayList<>();
		long sameDay = 0;
		long repeatVisits = 0;
		long longAways = 0;
		long shapedGaps = 0;
		int few = 0;
		int stopped = 0;
		int c = 0;
		for (List<Backtest.Seen> own : byCustomer.values()) {
			own.sort((a, b) -> a.at().compareTo(b.at()));
			perCustomer[c++] = own.size();
			few += (own.size() <= FEW_VISITS) ? 1 : 0;
			List<LocalDate> days = new ArrayList<>();
			for (Backtest.Seen seen : own) {
				LocalDate day = seen.at().toLocalDate();
				if (!days.isEmpty() && days.get(days.size() - 1).equals(day)) {
					sameDay++;
				}
				else {
					days.add(day);
				}
			}
			repeatVisits += own.size() - 1;
			stopped += days.get(days.size() - 1).isBefore(lastPartStarts) ? 1 : 0;
			double[] ownGaps = new double[days.size() - 1];
			for (int i = 1; i < days.size(); i++) {
				ownGaps[i - 1] = ChronoUnit.DAYS.between(days.get(i - 1), days.get(i));
				gaps.add(ownGaps[i - 1]);
			}
			if (ownGaps.length >= MIN_GAPS_FOR_SHAPE) {
				double mean = Arrays.stream(ownGaps).average().orElse(0);
				double variance = Arrays.stream(ownGaps).map((g) -> (g - mean) * (g - mean)).sum()
						/ (ownGaps.length - 1);
				cvs.add(Math.sqrt(variance) / mean);
				double[] sorted = ownGaps.clone();
				Arrays.sort(sorted);
				double median = Regulars.quantileOf(sorted, 0.5);
				for (double gap : ownGaps) {
					longAways += (gap >= LONG_AWAY * median) ? 1 : 0;
				}
				shapedGaps += ownGaps.length;
			}
			if (days.size() >= MIN_DAYS_FOR_WEEKDAYS) {
				int[] counts = new int[7];
				for (LocalDate day : days) {
					counts[day.getDayOfWeek().getValue() - 1]++;
				}
				topWeekday.add(Arrays.stream(counts).max().orElse(0) / (double) days.size());
			}
		}
		Arrays.sort(perCustomer);
		double[] sortedGaps = sorted(gaps);
		int customers = byCustomer.size();
		return new VisitSummary(customers, visits.size(), Regulars.quantileOf(perCustomer, 0.5),
				Regulars.quantileOf(perCustomer, 0.9), share(sameDay, repeatVisits),
				Regulars.quantileOf(sortedGaps, 0.5), Regulars.quantileOf(sortedGaps, 0.9),
				Regulars.quantileOf(sortedGaps, 0.99), Regulars.quantileOf(sorted(cvs), 0.5),
				share(longAways, shapedGaps), share(few, customers), share(stopped, customers),
				Regulars.quantileOf(sorted(topWeekday), 0.5), span);
	}

	/** The summary of a simulated village's visits. */
	public static VisitSummary of(VillageSimulator.Village village) {
		return of(village.visits().stream().map((v) -> new Backtest.Seen(v.customerId(), v.at())).toList());
	}

	/** The header of {@link #toMarkdownRow}'s table. */
	public static String markdownHeader() {
		return "| history | customers | visits | visits per customer: median | p90 | same day as previous |"
				+ " gap days: median | p90 | p99 | gap CV (median customer) | long aways (gap >= 5x own median)"
				+ " | customers with <= 5 visits | stopped for good (not seen in the last 25 %) |"
				+ " top weekday share (median customer) |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
	}

	public String toMarkdownRow(String name) {
		return String.format(Locale.ROOT,
				"| %s | %,d | %,d | %.0f | %.0f | %.1f %% | %.0f | %.0f | %.0f | %.2f | %.1f %% | %.1f %% | %.1f %% |"
						+ " %.2f |%n",
				name, this.customers, this.visits, this.visitsPerCustomerMedian, this.visitsPerCustomerP90,
				100 * this.sameDayShare, this.gapMedianDays, this.gapP90Days, this.gapP99Days, this.gapCvMedian,
				100 * this.longAwayShare, 100 * this.fewVisitsShare, 100 * this.stoppedShare,
				this.topWeekdayShareMedian);
	}

	/** A row of the lowest and highest of each figure over {@code summaries}. */
	static String rangeRow(String name, List<VisitSummary> summaries) {
		StringBuilder row = new StringBuilder("| ").append(name).append(" |");
		row.append(range(summaries, (s) -> s.customers(), "%,.0f", 1))
			.append(range(summaries, (s) -> s.visits(), "%,.0f", 1));
		row.append(range(summaries, VisitSummary::visitsPerCustomerMedian, "%.0f", 1))
			.append(range(summaries, VisitSummary::visitsPerCustomerP90, "%.0f", 1))
			.append(range(summaries, VisitSummary::sameDayShare, "%.1f %%", 100))
			.append(range(summaries, VisitSummary::gapMedianDays, "%.0f", 1))
			.append(range(summaries, VisitSummary::gapP90Days, "%.0f", 1))
			.append(range(summaries, VisitSummary::gapP99Days, "%.0f", 1))
			.append(range(summaries, VisitSummary::gapCvMedian, "%.2f", 1))
			.append(range(summaries, VisitSummary::longAwayShare, "%.1f %%", 100))
			.append(range(summaries, VisitSummary::fewVisitsShare, "%.1f %%", 100))
			.append(range(summaries, VisitSummary::stoppedShare, "%.1f %%", 100))
			.append(range(summaries, VisitSummary::topWeekdayShareMedian, "%.2f", 1));
		return row.append('\n').toString();
	}

	private static String range(List<VisitSummary> summaries, ToDoubleFunction<VisitSummary> figure, String format,
			double scale) {
		double low = summaries.stream().mapToDouble(figure).min().orElse(Double.NaN) * scale;
		double high = summaries.stream().mapToDouble(figure).max().orElse(Double.NaN) * scale;
		return " " + String.format(Locale.ROOT, format, low) + " - " + String.format(Locale.ROOT, format, high) + " |";
	}

	/** One line, as the {@code simulate} command prints it. */
	public String toLine() {
		return String.format(Locale.ROOT,
				"customers=%d visits=%d visitsPerCustomer median=%.0f p90=%.0f sameDay=%.3f gapDays median=%.0f"
						+ " p90=%.0f p99=%.0f gapCV=%.2f longAways=%.3f fewVisits=%.3f stopped=%.3f topWeekday=%.2f",
				this.customers, this.visits, this.visitsPerCustomerMedian, this.visitsPerCustomerP90, this.sameDayShare,
				this.gapMedianDays, this.gapP90Days, this.gapP99Days, this.gapCvMedian, this.longAwayShare,
				this.fewVisitsShare, this.stoppedShare, this.topWeekdayShareMedian);
	}

	private static double share(long part, long whole) {
		return (whole == 0) ? Double.NaN : part / (double) whole;
	}

	private static double[] sorted(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
	}

}
