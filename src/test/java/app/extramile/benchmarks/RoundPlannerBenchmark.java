package app.extramile.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import app.extramile.rounds.RoundPlan;
import app.extramile.rounds.RoundPlanner;
import app.extramile.rounds.RoundProblem;
import app.extramile.rounds.SolomonInstance;

/**
 * The delivery round planner on the Solomon VRPTW instances (C1, R1, RC1) and on
 * re-planning a 40-stop day after one change. Run on demand, one instance after another
 * in one JVM:
 *
 * <pre>
 * ./mvnw -o -q -Pbenchmarks -DskipTests package -Dbenchmark=RoundPlanner \
 *   -Dbenchmark.args="seconds=10 instances=ALL replan=true"
 * </pre>
 *
 * Options: {@code seconds} (per instance), {@code instances} ({@code ALL} or a comma list
 * such as {@code C101,R101}), {@code data} (the folder with the instances and
 * best_known.csv), {@code replan} (true/false).
 */
public final class RoundPlannerBenchmark {

	private RoundPlannerBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		// The build passes -Dbenchmark.args as one argument: space-separated key=value.
		for (String option : String.join(" ", args).trim().split("\\s+")) {
			String[] kv = option.split("=", 2);
			if (kv.length == 2) {
				options.put(kv[0], kv[1]);
			}
		}
		double seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
		Path data = Path.of(options.getOrDefault("data", "../shared/data/solomon"));
		String which = options.getOrDefault("instances", "ALL");
		System.out.printf(Locale.ROOT, "# Round planner benchmark, %s, %d cores, %s, java %s%n", Instant.now(),
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("java.version"));
		if (!"NONE".equals(which)) {
			solomon(data, which, seconds);
		}
		if (Boolean.parseBoolean(options.getOrDefault("replan", "false"))) {
			replan();
		}
	}

	private static void solomon(Path data, String which, double seconds) throws Exception {
		Map<String, Double> best = new HashMap<>();
		for (String line : Files.readAllLines(data.resolve("best_known.csv"))
			.subList(1, Files.readAllLines(data.resolve("best_known.csv")).size())) {
			String[] cells = line.split(",");
			best.put(cells[0], Double.parseDouble(cells[3]));
		}
		List<String> names;
		try (Stream<Path> files = Files.list(data)) {
			names = files.map((p) -> p.getFileName().toString())
				.filter((f) -> f.endsWith(".txt"))
				.map((f) -> f.substring(0, f.length() - 4))
				.sorted()
				.toList();
		}
		if (!"ALL".equals(which)) {
			List<String> wanted = Arrays.asList(which.split(","));
			names = names.stream().filter(wanted::contains).toList();
		}
		System.out.printf(Locale.ROOT,
				"%n| instance | seconds | distance | vehicles | unassigned | best known | gap %% |%n");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		double gaps = 0;
		int counted = 0;
		Map<String, double[]> byClass = new HashMap<>();
		for (String name : names) {
			SolomonInstance instance = SolomonInstance.read(data.resolve(name + ".txt"));
			RoundPlan plan = new RoundPlanner().plan(instance.toProblem(), RoundPlanner.Limits.seconds(seconds));
			double distance = instance.distanceOf(plan);
			List<String> violations = instance.violations(plan);
			double known = best.getOrDefault(name, Double.NaN);
			double gap = 100 * (distance - known) / known;
			if (!violations.isEmpty()) {
				System.out.println("INFEASIBLE " + name + ": " + violations);
			}
			System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %d | %d | %.2f | %.2f |%n", name, seconds, distance,
					plan.vehiclesUsed(), plan.unassigned().size(), known, gap);
			gaps += gap;
			counted++;
			String type = name.replaceAll("\\d", "");
			double[] sum = byClass.computeIfAbsent(type, (k) -> new double[2]);
			sum[0] += gap;
			sum[1]++;
		}
		System.out.printf(Locale.ROOT, "%nAverage gap at %.0f s: %.2f %% over %d instances", seconds, gaps / counted,
				counted);
		byClass.forEach((type, sum) -> System.out.printf(Locale.ROOT, "; %s %.2f %%", type, sum[0] / sum[1]));
		System.out.println();
	}

	/** A 40-stop village day (seconds, straight line x 1.3 at 30 km/h), three drivers. */
	static RoundProblem village(long seed, int stops) {
		Random random = new Random(seed);
		int n = stops + 1;
		double[] x = new double[n];
		double[] y = new double[n];
		for (int i = 1; i < n; i++) {
			x[i] = random.nextGaussian() * 2500;
			y[i] = random.nextGaussian() * 2500;
		}
		long[][] travel = new long[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				travel[i][j] = Math.round(Math.hypot(x[i] - x[j], y[i] - y[j]) * 1.3 / (30 / 3.6));
			}
		}
		List<RoundProblem.Stop> list = new ArrayList<>();
		for (int i = 1; i < n; i++) {
			long from = 9 * 3600 + random.nextInt(6) * 1800;
			long to = from + 3600 + random.nextInt(3) * 3600;
			list.add(new RoundProblem.Stop("s" + i, i, 1 + random.nextInt(3), from, to, 300));
		}
		List<RoundProblem.Driver> drivers = new ArrayList<>();
		for (int d = 1; d <= 3; d++) {
			drivers.add(new RoundProblem.Driver("d" + d, 30, 9 * 3600, 17 * 3600));
		}
		return new RoundProblem(list, drivers, RoundProblem.TravelMatrix.of(travel));
	}

	private static void replan() {
		RoundPlanner planner = new RoundPlanner();
		System.out.printf(Locale.ROOT,
				"%n| change | re-plan ms | travel after re-plan | travel, 10 s from scratch | ratio |%n");
		System.out.println("|---|---:|---:|---:|---:|");
		List<Double> millis = new ArrayList<>();
		for (int trial = 0; trial < 5; trial++) {
			RoundProblem day = village(100 + trial, 40);
			RoundPlan first = planner.plan(day, RoundPlanner.Limits.seconds(5));
			// One change: a stop's window moves an hour later.
			List<RoundProblem.Stop> stops = new ArrayList<>(day.stops());
			RoundProblem.Stop changed = stops.get(trial * 7);
			stops.set(trial * 7, new RoundProblem.Stop(changed.id(), changed.location(), changed.demand(),
					changed.ready() + 3600, changed.due() + 3600, changed.service()));
			RoundProblem after = new RoundProblem(stops, day.drivers(), day.travel());
			long started = System.nanoTime();
			RoundPlan again = planner.plan(after,
					RoundPlanner.Limits.until(Duration.ofMillis(1500), Duration.ofMillis(300)), first);
			double ms = (System.nanoTime() - started) / 1e6;
			millis.add(ms);
			RoundPlan scratch = planner.plan(after, RoundPlanner.Limits.seconds(10));
			System.out.printf(Locale.ROOT, "| %s window +1 h | %.0f | %d | %d | %.3f |%n", changed.id(), ms,
					again.totalTravel(), scratch.totalTravel(), again.totalTravel() / (double) scratch.totalTravel());
		}
		millis.sort(Double::compare);
		System.out.printf(Locale.ROOT, "%nRe-plan median %.0f ms, max %.0f ms%n", millis.get(millis.size() / 2),
				millis.get(millis.size() - 1));
	}

}
