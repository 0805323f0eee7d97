package app.extramile.absences;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model replayed on real visit histories (read at run time from
 * {@code ../shared/data/visits}, never copied into the project) at the default red
 * budget: calibrated without per-file settings, and spending no more than its budget. The
 * full figures for every history are in docs/backtest-real.md.
 */
class RealHistoriesBacktestTests {

	private static Backtest.Report replay(String name) throws Exception {
		Path file = RealHistories.file(name);
		List<Backtest.Seen> visits = AbsenceCommands.readVisits(file);
		Backtest.Report report = Backtest.withBudget(AbsenceCommands.DEFAULT_RED_BUDGET, 0, 1).run(visits);
		System.out.print(name + "\n" + report.toTable());
		return report;
	}

	@Test
	void onTheGiftRetailersInvoicesTheModelIsCalibratedAndKeepsItsBudget() throws Exception {
		Backtest.Report report = replay("uci-online-retail.csv");
		Backtest.MethodResult model = BacktestReport.method(report, "model");

		assertThat(BacktestReport.calibrated(model)).as("%s", model.flaggedFraction()).isTrue();
		assertThat(model.falseAlertsPer100RegularsPerWeek())
			.isLessThanOrEqualTo(AbsenceCommands.DEFAULT_RED_BUDGET + BacktestReport.BUDGET_TOLERANCE);
		assertThat(report.toJson()).contains("\"name\": \"bg-nbd\"")
			.contains("\"atBudget\": [{\"falseRedsPer100RegularsPerWeek\": 1.000000")
			.contains("\"regularWeeks\": ");
	}

	@Test
	void onNewYorkCheckInsTheModelIsCalibratedAndKeepsItsBudget() throws Exception {
		Backtest.Report report = replay("gowalla-nyc.csv");
		Backtest.MethodResult model = BacktestReport.method(report, "model");

		assertThat(BacktestReport.calibrated(model)).as("%s", model.flaggedFraction()).isTrue();
		assertThat(model.falseAlertsPer100RegularsPerWeek())
			.isLessThanOrEqualTo(AbsenceCommands.DEFAULT_RED_BUDGET + BacktestReport.BUDGET_TOLERANCE);
	}

	@Test
	void onTheCdnowCohortTheModelFlagsNoMoreThanItSaysAndKeepsItsBudget() throws Exception {
		Backtest.Report report = replay("cdnow.csv");
		Backtest.MethodResult model = BacktestReport.method(report, "model");

		// Before calibration on the shop's own gaps: 10.5 %, 13.6 % and 16.7 %.
		// At 1 % it now flags slightly too few (docs/backtest-real.md).
		assertThat(model.flaggedFraction().get("0.01")).isBetween(0.003, 0.02);
		assertThat(model.flaggedFraction().get("0.05")).isBetween(0.03, 0.07);
		assertThat(model.flaggedFraction().get("0.10")).isBetween(0.07, 0.13);
		assertThat(model.falseAlertsPer100RegularsPerWeek())
			.isLessThanOrEqualTo(AbsenceCommands.DEFAULT_RED_BUDGET + BacktestReport.BUDGET_TOLERANCE);
	}

}
