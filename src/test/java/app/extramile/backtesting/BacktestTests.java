package app.extramile.backtesting;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import app.extramile.absences.OpenDays;
import app.extramile.absences.RhythmPrior;
import app.extramile.absences.UsualRhythm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model judged on a simulated village (seeded), replayed with no look-ahead.
 */
class BacktestTests {

	private static Backtest.Report report;

	private static double idealFalseReds;

	@BeforeAll
	static void replayASimulatedVillage() {
		VillageSimulator.Village village = new VillageSimulator(20261124).simulate(400, LocalDate.of(2025, 11, 1), 365,
				0);
		List<Backtest.Seen> visits = village.visits()
			.stream()
			.map((v) -> new Backtest.Seen(v.customerId(), v.at()))
			.toList();
		idealFalseReds = village.idealFalseRedsPer100RegularWeeks();
		report = new Backtest(BacktestCommands.DEFAULT_RED, BacktestCommands.DEFAULT_RED_AFTER_MISSED_DAYS, 7)
			.run(visits, village.knownAbsences());
		System.out.print(report.toTable());
	}

	private static Backtest.MethodResult method(String name) {
		return report.methods().stream().filter((m) -> m.name().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void flagsNormalGapsAsOftenAsItSays() {
		Backtest.MethodResult model = method("model");
		assertThat(report.gapsEvaluated()).isGreaterThan(20_000);
		assertThat(model.flaggedFraction().get("0.01")).isBetween(0.005, 0.02);
		assertThat(model.flaggedFraction().get("0.05")).isBetween(0.03, 0.07);
		assertThat(model.flaggedFraction().get("0.10")).isBetween(0.07, 0.13);
	}

	@Test
	void raisesFewerFalseAlertsThanEveryBaseline() {
		double model = method("model").falseAlertsPer100RegularsPerWeek();
		for (String baseline : List.of("fixed-7-days", "twice-median-gap", "gap-quantile")) {
			// Not BG/NBD: its usual level (P(alive) below a half) is rarely reached by
			// a regular's normal gap, and it is slow for stops.
			assertThat(model).as(baseline).isLessThan(method(baseline).falseAlertsPer100RegularsPerWeek());
		}
	}

	@Test
	void detectsStopsSoonerThanTheGapBaselinesAtTheSameFalseAlertRate() {
		// Not "fixed 7 days": at its false-alert rate the model's median delay ties with
		// it in days and is longer in gaps (it is quick for weekly customers); the model
		// is on time far more often (next test). docs/backtest-simulated.md.
		for (Backtest.Matched matched : report.matched()) {
			if (!matched.baseline().equals("fixed-7-days")) {
				assertThat(matched.modelDelayGaps()).as(matched.baseline()).isLessThan(matched.baselineDelayGaps());
				assertThat(matched.modelDelayDays()).as(matched.baseline()).isLessThan(matched.baselineDelayDays());
			}
		}
	}

	@Test
	void catchesMoreStopsWithinTwoExpectedVisitDaysThanEveryBaselineAtTheSameFalseAlertRate() {
		for (Backtest.Matched matched : report.matched()) {
			assertThat(matched.modelWithinTwoExpectedVisitDays()).as(matched.baseline())
				.isGreaterThan(matched.baselineWithinTwoExpectedVisitDays());
		}
	}

	@Test
	void detectsInjectedStops() {
		assertThat(report.injectedStops()).isGreaterThan(100);
		assertThat(method("model").medianDetectionDelayDays()).isBetween(0.5, 30.0);
	}

	@Test
	void backtestCommandReadsACsvAndWritesJson(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("visits.csv");
		StringBuilder lines = new StringBuilder("customer_id,visit_timestamp,till\n");
		LocalDate day = LocalDate.of(2026, 1, 5);
		for (int i = 0; i < 120; i++) {
			lines.append("A,").append(day.plusDays(i)).append("T09:1").append(i % 10).append(",1\n");
			if (i % 3 == 0) {
				lines.append("B,").append(day.plusDays(i)).append(",2\n");
			}
		}
		Files.writeString(csv, lines);
		Path json = dir.resolve("report.json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		int code = BacktestCommands.run(
				new String[] { "backtest", "--visits", csv.toString(), "--out", json.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(code).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("customers=2").contains("gap-quantile");
		assertThat(Files.readString(json)).startsWith("{\"customers\": 2, \"gapsEvaluated\": 158")
			.contains("\"regularWeeks\": ")
			.contains("\"name\": \"model\"")
			.contains("\"name\": \"bg-nbd\"")
			.contains("\"atBudget\": [{\"falseRedsPer100RegularsPerWeek\": 1.000000, ")
			.contains("{\"falseRedsPer100RegularsPerWeek\": 5.000000, ")
			.contains("\"flaggedFraction\": {\"0.01\": ")
			.contains("\"medianDetectionDelayGaps\"")
			.contains("\"withinTwoExpectedVisitDays\"");
	}

	@Test
	void withABudgetTheModelIsCalibratedAndSpendsAboutItsBudget() {
		VillageSimulator.Village village = new VillageSimulator(20261124).simulate(400, LocalDate.of(2025, 11, 1), 365,
				0);
		List<Backtest.Seen> visits = village.visits()
			.stream()
			.map((v) -> new Backtest.Seen(v.customerId(), v.at()))
			.toList();

		Backtest.Report budgeted = Backtest.withBudget(BacktestCommands.DEFAULT_RED_BUDGET, 0, 7).run(visits);

		System.out.print(budgeted.toTable());
		Backtest.MethodResult model = BacktestReport.method(budgeted, "model");
		assertThat(BacktestReport.calibrated(model)).as("%s", model.flaggedFraction()).isTrue();
		assertThat(model.falseAlertsPer100RegularsPerWeek()).isBetween(
				BacktestCommands.DEFAULT_RED_BUDGET - BacktestReport.BUDGET_TOLERANCE,
				BacktestCommands.DEFAULT_RED_BUDGET + BacktestReport.BUDGET_TOLERANCE);
		for (Backtest.MethodResult method : budgeted.methods()) {
			assertThat(method.atBudget()).extracting(Backtest.AtBudget::falseRedsPer100RegularsPerWeek)
				.containsExactly(1.0, 2.0, 5.0);
		}
	}

	@Test
	void atLeast95PercentOfStopsAreRedWithinTheNextTwoExpectedVisitDays() {
		assertThat(method("model").withinTwoExpectedVisitDays()).isGreaterThanOrEqualTo(0.95);
	}

	@Test
	void raisesNotFarAboveTheFalseRedsThatAnyDetectorThatFastMustRaise() {
		// The ideal detector knows every steady regular's true weekdays and holidays; the
		// model also carries irregular regulars, holidays nobody announced and changed
		// habits (docs/backtest-simulated.md).
		System.out.printf("ideal detector: %.2f false reds per 100 regulars per week%n", idealFalseReds);
		assertThat(method("model").falseAlertsPer100RegularsPerWeek()).isLessThan(2 * idealFalseReds);
	}

	@Test
	void reportsTheShareOfStopsFlaggedWithinTwoExpectedVisitDays() {
		for (Backtest.MethodResult method : report.methods()) {
			assertThat(method.withinTwoExpectedVisitDays()).as(method.name()).isBetween(0.0, 1.0);
		}
		// "Twice the median gap" waits two gaps: for a weekly regular that is their next
		// two visit days, so it is on time for many stops, unlike the model at 1 in 100.
		assertThat(method("twice-median-gap").withinTwoExpectedVisitDays()).isGreaterThan(0.3);
	}

	@Test
	void theSecondExpectedVisitDayOfAWeekdayRegularIsTwoOpenWeekdaysOn() {
		UsualRhythm rhythm = new UsualRhythm();
		LocalDate monday = LocalDate.of(2026, 1, 5);
		for (int week = 0; week < 10; week++) {
			for (int day = 0; day < 5; day++) {
				rhythm.recordVisit(monday.plusWeeks(week).plusDays(day).atTime(9, 0), OpenDays.ALWAYS,
						RhythmPrior.uninformed());
			}
		}
		LocalDateTime lastSeen = monday.plusWeeks(10).atTime(9, 0);
		rhythm.recordVisit(lastSeen, OpenDays.ALWAYS, RhythmPrior.uninformed());

		// Seen Monday 9:00: Tuesday and Wednesday are the next two, so by Thursday 0:00.
		assertThat(Backtest.secondExpectedVisitDayEnds(rhythm, RhythmPrior.uninformed(), lastSeen, OpenDays.ALWAYS))
			.isEqualTo(2.625);
		// With Tuesday closed, Wednesday and Thursday.
		LocalDate tuesday = lastSeen.toLocalDate().plusDays(1);
		assertThat(Backtest.secondExpectedVisitDayEnds(rhythm, RhythmPrior.uninformed(), lastSeen,
				(day) -> !day.equals(tuesday)))
			.isEqualTo(3.625);
		// Seen Friday: the weekend is not theirs, so Monday and Tuesday.
		LocalDateTime friday = lastSeen.plusDays(4);
		rhythm.recordVisit(friday, OpenDays.ALWAYS, RhythmPrior.uninformed());
		assertThat(Backtest.secondExpectedVisitDayEnds(rhythm, RhythmPrior.uninformed(), friday, OpenDays.ALWAYS))
			.isEqualTo(4.625);
	}

	@Test
	void theIdealDetectorsFalseRedsCountGapsWithTwoMissedUsualDays() {
		// A Monday regular for 20 weeks: skips one Monday in week 5 (one missed day: not
		// red), two in a row in weeks 10-11 (red), and two more in weeks 15-16 on a
		// holiday (not red: the ideal detector knows every holiday).
		LocalDate first = LocalDate.of(2026, 1, 5);
		List<VillageSimulator.Visit> visits = new java.util.ArrayList<>();
		for (int week = 0; week <= 20; week++) {
			if (week != 5 && week != 10 && week != 11 && week != 15 && week != 16) {
				visits.add(new VillageSimulator.Visit("C1", first.plusWeeks(week).atTime(10, 0)));
			}
		}
		VillageSimulator.Truth truth = new VillageSimulator.Truth("C1", VillageSimulator.Kind.WEEKLY, 0.9, null, 1,
				null, java.util.Set.of(java.time.DayOfWeek.MONDAY));
		VillageSimulator.Away holiday = new VillageSimulator.Away("C1", first.plusWeeks(15).minusDays(1),
				first.plusWeeks(16).plusDays(1), false);

		double perHundredWeeks = new VillageSimulator.Village(visits, List.of(truth), List.of(holiday))
			.idealFalseRedsPer100RegularWeeks();

		assertThat(perHundredWeeks).isCloseTo(100.0 / 20, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void onTheSimulatedVillageTheIdealDetectorRaisesAboutThreeFalseRedsPerHundredRegularWeeks() {
		// Why "95% within two expected visit days" and "at most 1 false red per 100
		// regulars per week" cannot both hold on this village
		// (docs/backtest-simulated.md):
		// its regulars come on 75-98% of their usual days.
		VillageSimulator.Village village = new VillageSimulator(20261124).simulate(400, LocalDate.of(2025, 11, 1), 365,
				0);
		assertThat(village.idealFalseRedsPer100RegularWeeks()).isBetween(2.0, 4.0);
		// Even excusing the 5% of regulars who skip most (the 5% of stops allowed to be
		// late) leaves well above one.
		assertThat(village.idealFalseRedsPer100RegularWeeks(0.05)).isGreaterThan(1.5)
			.isLessThan(village.idealFalseRedsPer100RegularWeeks());
		assertThat(village.idealFalseRedsPer100RegularWeeks(1)).isZero();
	}

	@Test
	void backtestCommandNamesTheBadLine(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("bad.csv");
		Files.writeString(csv, "customer_id,visit_timestamp\nA,2026-01-05T09:00\nA,5th of January\n");
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = BacktestCommands.run(new String[] { "backtest", "--visits", csv.toString() }, System.out,
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(code).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3").contains("5th of January");
	}

	@Test
	void simulateCommandWritesVisitsAndTheTruth(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("village.csv");
		int code = BacktestCommands.run(new String[] { "simulate", "--customers", "20", "--days", "60", "--seed", "3",
				"--out", csv.toString() }, new PrintStream(new ByteArrayOutputStream()), System.err);

		assertThat(code).isZero();
		assertThat(Files.readAllLines(csv).get(0)).isEqualTo("customer_id,visit_timestamp");
		assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(100);
		assertThat(Files.readAllLines(dir.resolve("village.csv.truth.csv"))).hasSize(21);
		assertThat(BacktestCommands.readVisits(csv)).hasSize(Files.readAllLines(csv).size() - 1);
	}

}
