package app.extramile.absences;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model judged on a simulated village (seeded), replayed with no look-ahead.
 */
class BacktestTests {

	private static Backtest.Report report;

	@BeforeAll
	static void replayASimulatedVillage() {
		VillageSimulator.Village village = new VillageSimulator(20261124).simulate(400, LocalDate.of(2025, 11, 1), 365,
				0);
		List<Backtest.Seen> visits = village.visits()
			.stream()
			.map((v) -> new Backtest.Seen(v.customerId(), v.at()))
			.toList();
		report = new Backtest(AbsenceCommands.DEFAULT_RED, 7).run(visits, village.knownAbsences());
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
			assertThat(model).as(baseline).isLessThan(method(baseline).falseAlertsPer100RegularsPerWeek());
		}
	}

	@Test
	void detectsStopsSoonerThanTheGapBaselinesAtTheSameFalseAlertRate() {
		for (Backtest.Matched matched : report.matched()) {
			if (!matched.baseline().equals("fixed-7-days")) {
				assertThat(matched.modelDelayGaps()).as(matched.baseline()).isLessThan(matched.baselineDelayGaps());
			}
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

		int code = AbsenceCommands.run(
				new String[] { "backtest", "--visits", csv.toString(), "--out", json.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(code).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("customers=2").contains("gap-quantile");
		assertThat(Files.readString(json)).startsWith("{\"customers\": 2, \"gapsEvaluated\": 158")
			.contains("\"name\": \"model\"")
			.contains("\"flaggedFraction\": {\"0.01\": ")
			.contains("\"medianDetectionDelayGaps\"");
	}

	@Test
	void backtestCommandNamesTheBadLine(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("bad.csv");
		Files.writeString(csv, "customer_id,visit_timestamp\nA,2026-01-05T09:00\nA,5th of January\n");
		ByteArrayOutputStream err = new ByteArrayOutputStream();

		int code = AbsenceCommands.run(new String[] { "backtest", "--visits", csv.toString() }, System.out,
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(code).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3").contains("5th of January");
	}

	@Test
	void simulateCommandWritesVisitsAndTheTruth(@TempDir Path dir) throws Exception {
		Path csv = dir.resolve("village.csv");
		int code = AbsenceCommands.run(new String[] { "simulate", "--customers", "20", "--days", "60", "--seed", "3",
				"--out", csv.toString() }, new PrintStream(new ByteArrayOutputStream()), System.err);

		assertThat(code).isZero();
		assertThat(Files.readAllLines(csv).get(0)).isEqualTo("customer_id,visit_timestamp");
		assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(100);
		assertThat(Files.readAllLines(dir.resolve("village.csv.truth.csv"))).hasSize(21);
		assertThat(AbsenceCommands.readVisits(csv)).hasSize(Files.readAllLines(csv).size() - 1);
	}

}
