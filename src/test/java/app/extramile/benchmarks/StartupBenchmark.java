package app.extramile.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up time of the packaged app on the embedded database, each start with an empty H2
 * data directory under target/benchmarks: plain {@code java -jar}, the demo profile
 * (which also seeds 150 customers and a year of visits), and the same two from the
 * extracted jar with and without a class-data-sharing archive. Configurations take turns,
 * so noise on a shared machine spreads over all of them; the first round is a discarded
 * warm-up (file cache).
 *
 * <p>
 * "Started" is the moment the log line {@code Started ExtraMileApplication} appears;
 * "ready" is when {@code /actuator/health} answers UP and, in demo mode, the demo village
 * is seeded (its {@code Demo logins} line is printed; Spring Boot logs "Started" before
 * application runners). Needs {@code target/extramile-*.jar}: see docs/benchmarks.md.
 * Options ({@code key=value} in {@code -Dbenchmark.args}): {@code runs} (5).
 */
public final class StartupBenchmark {

	private static final Pattern STARTED = Pattern
		.compile("Started ExtraMileApplication in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private static final String DEMO_SEEDED = "Demo logins:";

	private static final Path WORK = Path.of("target", "benchmarks", "startup").toAbsolutePath();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Latencies.options(args);
		int runs = Integer.getInteger("bench.runs", 5);
		Path jar = findJar();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		deleteRecursively(WORK);
		Files.createDirectories(WORK);

		Path extracted = WORK.resolve("extracted");
		exec(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				extracted.toString()));
		Path extractedJar = extracted.resolve(jar.getFileName());
		Path archive = WORK.resolve("extramile.jsa");
		// Training run: the JVM writes the archive at exit; Spring stops right after
		// refresh.
		exec(List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
				extractedJar.toString(), "--server.port=0"),
				Map.of("EXTRAMILE_DATA_DIR", WORK.resolve("training").toString()));
		if (!Files.exists(archive)) {
			throw new IllegalStateException("no CDS archive was written");
		}

		Map<String, List<String>> configurations = new LinkedHashMap<>();
		configurations.put("java -jar (baseline)", List.of(java, "-jar", jar.toString()));
		configurations.put("java -jar, extracted", List.of(java, "-jar", extractedJar.toString()));
		configurations.put("java -jar, extracted + CDS",
				List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar", extractedJar.toString()));
		configurations.put("demo: java -jar (baseline)",
				List.of(java, "-jar", jar.toString(), "--spring.profiles.active=demo"));
		configurations.put("demo: java -jar, extracted",
				List.of(java, "-jar", extractedJar.toString(), "--spring.profiles.active=demo"));
		configurations.put("demo: java -jar, extracted + CDS", List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar",
				extractedJar.toString(), "--spring.profiles.active=demo"));

		Map<String, List<Start>> results = new LinkedHashMap<>();
		configurations.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
		List<Double> jvmOnly = new ArrayList<>();
		for (int round = 0; round <= runs; round++) {
			long jvm = System.nanoTime();
			exec(List.of(java, "-version"));
			if (round > 0) {
				jvmOnly.add((System.nanoTime() - jvm) / 1e9);
			}
			for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
				Start start = start(configuration.getValue(),
						WORK.resolve("data-" + round + "-" + results.get(configuration.getKey()).size() + "-"
								+ configuration.getKey().replaceAll("[^a-z]+", "-")));
				System.out.printf(Locale.ROOT,
						"round %d %-36s started %.2f s, ready %.2f s (Spring: %.2f s), CPU %.2f s%n", round,
						configuration.getKey(), start.started, start.ready, start.springReported, start.cpu);
				if (round > 0) {
					results.get(configuration.getKey()).add(start);
				}
			}
		}

		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
				"%n## Start-up time: %d runs per configuration (after one warm-up round), %d CPUs, Java %s%n%n", runs,
				Runtime.getRuntime().availableProcessors(), Runtime.version()));
		report.append("| configuration | median to \"Started\" s | min–max s | median to ready s | "
				+ "ready / baseline | median CPU s when ready | CPU / baseline |\n");
		report.append("|---|---:|---:|---:|---:|---:|---:|\n");
		report.append(String.format(Locale.ROOT, "| JVM only: `java -version` | %.2f | %.2f–%.2f | | | | |%n",
				median(jvmOnly), min(jvmOnly), max(jvmOnly)));
		Map<Boolean, Double> baselines = new LinkedHashMap<>();
		Map<Boolean, Double> cpuBaselines = new LinkedHashMap<>();
		for (Map.Entry<String, List<Start>> entry : results.entrySet()) {
			boolean demo = entry.getKey().startsWith("demo");
			List<Double> started = entry.getValue().stream().map(Start::started).toList();
			double ready = median(entry.getValue().stream().map(Start::ready).toList());
			double cpu = median(entry.getValue().stream().map(Start::cpu).toList());
			baselines.putIfAbsent(demo, ready);
			cpuBaselines.putIfAbsent(demo, cpu);
			report.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.2f | %s | %.2f | %s |%n",
					entry.getKey(), median(started), min(started), max(started), ready,
					Latencies.ratio(ready, baselines.get(demo)), cpu, Latencies.ratio(cpu, cpuBaselines.get(demo))));
		}
		System.out.println(report);
	}

	/**
	 * Seconds from launch to "Started" and to ready, Spring's own figure, and the CPU
	 * seconds the app had used when ready: on a shared machine the CPU time moves much
	 * less than the wall clock.
	 */
	record Start(double started, double ready, double springReported, double cpu) {
	}

	private static Start start(List<String> command, Path dataDir) throws IOException, InterruptedException {
		int port = freePort();
		List<String> full = new ArrayList<>(command);
		full.add("--server.port=" + port);
		boolean demo = command.stream().anyMatch((arg) -> arg.contains("profiles.active=demo"));
		ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
		builder.environment().put("EXTRAMILE_DATA_DIR", dataDir.toString());
		long t0 = System.nanoTime();
		Process process = builder.start();
		try {
			CompletableFuture<double[]> started = new CompletableFuture<>();
			CompletableFuture<Void> seeded = new CompletableFuture<>();
			if (!demo) {
				seeded.complete(null);
			}
			StringBuilder log = new StringBuilder();
			Thread reader = new Thread(() -> {
				try (BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = lines.readLine()) != null) {
						long now = System.nanoTime();
						if (log.length() < 200_000) {
							log.append(line).append('\n');
						}
						Matcher matcher = STARTED.matcher(line);
						if (matcher.find()) {
							started.complete(new double[] { (now - t0) / 1e9, Double.parseDouble(matcher.group(2)) });
						}
						if (line.startsWith(DEMO_SEEDED)) {
							seeded.complete(null);
						}
					}
				}
				catch (IOException ex) {
					started.completeExceptionally(ex);
				}
				started.completeExceptionally(new IllegalStateException("the app ended before it started:\n" + log));
			});
			reader.setDaemon(true);
			reader.start();
			double[] startedAt = started.get(3, TimeUnit.MINUTES);
			seeded.get(3, TimeUnit.MINUTES);
			while (!healthUp(port)) {
				if (!process.isAlive()) {
					throw new IllegalStateException("the app ended:\n" + log);
				}
				Thread.sleep(20);
			}
			double ready = (System.nanoTime() - t0) / 1e9;
			double cpu = process.toHandle()
				.info()
				.totalCpuDuration()
				.map((duration) -> duration.toNanos() / 1e9)
				.orElse(Double.NaN);
			return new Start(startedAt[0], ready, startedAt[1], cpu);
		}
		catch (Exception ex) {
			throw new IllegalStateException("start failed: " + full, ex);
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
	}

	private static boolean healthUp(int port) {
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void exec(List<String> command) throws IOException, InterruptedException {
		exec(command, Map.of());
	}

	private static void exec(List<String> command, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(WORK.resolve("last-command.log").toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " failed, see " + WORK.resolve("last-command.log"));
		}
	}

	private static Path findJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("extramile-.*\\.jar"))
				.findFirst()
				.map(Path::toAbsolutePath)
				.orElseThrow(() -> new IllegalStateException("no target/extramile-*.jar: package first"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((file) -> {
				try {
					Files.delete(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
