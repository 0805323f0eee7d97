package app.extramile.backtesting;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifelike village looks like the real visit histories: each figure of its summary
 * lies within the range the real files span, its drop-outs are true, and the model stays
 * calibrated and within its budget on it.
 */
class LifelikeVillageTests {

	// The real files' range of each figure, measured with VisitSummary on cdnow.csv,
	// cdnow-sample2357.csv, gowalla-nyc.csv and uci-online-retail.csv in
	// ../shared/data/visits (the "real files' range" row of docs/backtest-real.md,
	// 2026-12-07), lowest first.

	/** Visits per customer, median: cdnow 1, gowalla 5. */
	private static final double[] VISITS_MEDIAN = { 1, 5 };

	/** Visits per customer, 90th percentile: cdnow 6, gowalla 40. */
	private static final double[] VISITS_P90 = { 6, 40 };

	/**
	 * Visits on the same day as the previous one: cdnow 0 % (day only), gowalla 64.2 %.
	 */
	private static final double[] SAME_DAY = { 0, 0.642 };

	/** Median gap, days: gowalla 1, cdnow 34. */
	private static final double[] GAP_MEDIAN = { 1, 34 };

	/** 90th percentile gap, days: gowalla 12, cdnow 200. */
	private static final double[] GAP_P90 = { 12, 200 };

	/** 99th percentile gap, days: gowalla 92, cdnow 416. */
	private static final double[] GAP_P99 = { 92, 416 };

	/** Coefficient of variation of a customer's gaps, median: uci 0.65, gowalla 1.09. */
	private static final double[] GAP_CV = { 0.65, 1.09 };

	/** Gaps at least 5 times the customer's own median: uci 1.8 %, gowalla 9.1 %. */
	private static final double[] LONG_AWAYS = { 0.018, 0.091 };

	/** Customers with at most 5 visits: gowalla 51.0 %, cdnow-sample 88.0 %. */
	private static final double[] FEW_VISITS = { 0.510, 0.880 };

	/** Not seen in the last quarter of the span: uci 32.7 %, cdnow-sample 81.3 %. */
	private static final double[] STOPPED = { 0.327, 0.813 };

	/** Share of visit days on the commonest weekday, median: gowalla 0.24, uci 0.33. */
	private static final double[] TOP_WEEKDAY = { 0.24, 0.33 };

	private static final LocalDate START = LocalDate.of(2025, 11, 1);

	private static VillageSimulator.Village village;

	private static VisitSummary summary;

	@BeforeAll
	static void simulate() {
		village = new VillageSimulator(20261207).simulate(VillageSimulator.VillageKind.LIFELIKE, 2000, START, 365, 0);
		summary = VisitSummary.of(village);
		System.out.println(summary.toLine());
	}

	@Test
	void everyFigureOfTheVillageLiesWithinTheRealFilesRange() {
		assertThat(summary.visitsPerCustomerMedian()).as("visits per customer, median")
			.isBetween(VISITS_MEDIAN[0], VISITS_MEDIAN[1]);
		assertThat(summary.visitsPerCustomerP90()).as("visits per customer, p90")
			.isBetween(VISITS_P90[0], VISITS_P90[1]);
		assertThat(summary.sameDayShare()).as("same day as previous").isBetween(SAME_DAY[0], SAME_DAY[1]);
		assertThat(summary.gapMedianDays()).as("gap median").isBetween(GAP_MEDIAN[0], GAP_MEDIAN[1]);
		assertThat(summary.gapP90Days()).as("gap p90").isBetween(GAP_P90[0], GAP_P90[1]);
		assertThat(summary.gapP99Days()).as("gap p99").isBetween(GAP_P99[0], GAP_P99[1]);
		assertThat(summary.gapCvMedian()).as("gap CV").isBetween(GAP_CV[0], GAP_CV[1]);
		assertThat(summary.longAwayShare()).as("long aways").isBetween(LONG_AWAYS[0], LONG_AWAYS[1]);
		assertThat(summary.fewVisitsShare()).as("few visits").isBetween(FEW_VISITS[0], FEW_VISITS[1]);
		assertThat(summary.stoppedShare()).as("stopped").isBetween(STOPPED[0], STOPPED[1]);
		assertThat(summary.topWeekdayShareMedian()).as("top weekday").isBetween(TOP_WEEKDAY[0], TOP_WEEKDAY[1]);
		// Several visits a day, not merely allowed by the range (day-only files have
		// none).
		assertThat(summary.sameDayShare()).isGreaterThan(0.05);
	}

	@Test
	void theSteadyVillageIsWhatItWasAndLooksLikeNoRealFile() {
		VisitSummary steady = VisitSummary
			.of(new VillageSimulator(20261207).simulate(VillageSimulator.VillageKind.STEADY, 500, START, 365, 0));
		// Why the lifelike village exists: nobody in the steady one has few visits,
		// stops for good or comes twice a day.
		assertThat(steady.fewVisitsShare()).isLessThan(FEW_VISITS[0]);
		assertThat(steady.gapP99Days()).isLessThan(GAP_P99[0]);
		assertThat(steady.sameDayShare()).isZero();
	}

	@Test
	void whoeverStoppedIsNeverSeenFromThatDayAndDropOutsAreCommon() {
		Map<String, LocalDate> lastSeen = new HashMap<>();
		for (VillageSimulator.Visit visit : village.visits()) {
			lastSeen.merge(visit.customerId(), visit.at().toLocalDate(), (a, b) -> a.isAfter(b) ? a : b);
		}
		long stopped = 0;
		for (VillageSimulator.Truth truth : village.truths()) {
			if (truth.stoppedOn() != null) {
				stopped++;
				assertThat(lastSeen.get(truth.customerId())).as(truth.customerId()).isBefore(truth.stoppedOn());
			}
		}
		assertThat(stopped).isGreaterThan(village.truths().size() / 3);
		assertThat(village.aways()).anyMatch(VillageSimulator.Away::announced)
			.anyMatch((away) -> !away.announced())
			.anyMatch((away) -> away.to().toEpochDay() - away.from().toEpochDay() >= 60);
		assertThat(village.truths()).anyMatch((truth) -> truth.driftedOn() != null);
	}

	@Test
	void theModelIsCalibratedAndKeepsItsBudgetOnTheLifelikeVillage() {
		List<Backtest.Seen> visits = village.visits()
			.stream()
			.map((v) -> new Backtest.Seen(v.customerId(), v.at()))
			.toList();
		Backtest.Report report = Backtest.withBudget(BacktestCommands.DEFAULT_RED_BUDGET, 0, 1).run(visits);
		System.out.print(report.toTable());
		Backtest.MethodResult model = BacktestReport.method(report, "model");

		assertThat(BacktestReport.calibrated(model)).as("%s", model.flaggedFraction()).isTrue();
		assertThat(model.falseAlertsPer100RegularsPerWeek())
			.isLessThanOrEqualTo(BacktestCommands.DEFAULT_RED_BUDGET + BacktestReport.BUDGET_TOLERANCE);
	}

	@Test
	void simulateAndBacktestCommandsSayWhatTheVillageLooksLike(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("village.csv");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int code = BacktestCommands.run(
				new String[] { "simulate", "--village", "lifelike", "--customers", "50", "--days", "120", "--seed", "3",
						"--start", "2025-11-01", "--out", csv.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(code).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("looks like: customers=").contains("sameDay=");
		assertThat(Files.readAllLines(dir.resolve("village.csv.truth.csv"))).hasSize(51)
			.anyMatch((line) -> line.contains(",PASSING,"));
		assertThat(BacktestCommands.readVisits(csv)).hasSize(Files.readAllLines(csv).size() - 1)
			.allMatch((seen) -> !seen.at().toLocalDate().isBefore(LocalDate.of(2025, 11, 1))
					&& seen.at().toLocalDate().isBefore(LocalDate.of(2026, 3, 1)));

		ByteArrayOutputStream backtest = new ByteArrayOutputStream();
		assertThat(BacktestCommands.run(new String[] { "backtest", "--visits", csv.toString() },
				new PrintStream(backtest, true, StandardCharsets.UTF_8), System.err))
			.isZero();
		assertThat(backtest.toString(StandardCharsets.UTF_8)).contains("looks like: customers=");

		ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertThat(BacktestCommands.run(
				new String[] { "simulate", "--village", "bustling", "--customers", "5", "--days", "5", "--out",
						csv.toString() },
				new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
			.isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("steady or lifelike");
	}

}
