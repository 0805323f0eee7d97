package app.extramile.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar extracted ({@code java -Djarmode=tools -jar ... extract}) with a cache
 * of the classes an app process loads, trained once per test run on a schema of its own
 * in the test PostgreSQL, as the container image and {@code scripts/startup-time.sh} do
 * (ADR 11). Every app process started afterwards maps the cache instead of loading and
 * verifying those classes again. The cache belongs to this jar and to the Java that
 * trained it: it is trained again for every test run, under
 * {@code target/process-tests-cds}.
 * <p>
 * With a Java runtime of version 24 or later ({@link AotJava}; the machine's newest
 * unless {@code -Dextramile.process-tests.aot-java-home} names one or {@code none}), the
 * app processes run on it with an ahead-of-time cache ({@code -XX:AOTCacheOutput} on the
 * training run, {@code -XX:AOTCache} afterwards, JEP 483 and 514): the training run
 * starts the app as a test would, waits for {@code /actuator/health} to say UP and stops
 * it with SIGTERM, and the JVM writes the cache as it exits. The cache then holds what
 * the whole start loaded and linked, not only what a context refresh needs; the processes
 * start with {@code -XX:AOTMode=on}, so a cache that cannot be used fails the start
 * instead of being ignored. The app is still compiled for Java 17, and so are the tests
 * that run it in the test JVM.
 * <p>
 * Without one, the app processes run on the test's own Java with a dynamic class-data
 * sharing archive: the training start stops right after the application context is
 * refreshed ({@code -Dspring.context.exit=onRefresh}) and writes the archive at exit
 * ({@code -XX:ArchiveClassesAtExit}); the processes map it with
 * {@code -XX:SharedArchiveFile}.
 */
final class ClassDataSharing {

	private ClassDataSharing() {
	}

	/**
	 * Extracts the jar, trains the cache and answers the command that starts an app.
	 */
	static List<String> train(Path jar, List<String> options) throws Exception {
		Path directory = jar.toAbsolutePath().resolveSibling("process-tests-cds");
		deleteRecursively(directory);
		Files.createDirectories(directory);
		Path extracted = directory.resolve("extracted");
		run(AppProcess.javaWith(List.of(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				extracted.toString()), directory.resolve("extract.log"), Map.of());
		Path app = extracted.resolve(jar.getFileName());
		Optional<AotJava> aot = AotJava.find();
		List<String> command = aot.isPresent() ? trainAotCache(aot.get(), app, options, directory)
				: trainArchive(app, options, directory);
		System.out.println("App processes start with: " + String.join(" ", command));
		return command;
	}

	/**
	 * A whole start on the newer Java, stopped once healthy with SIGTERM: the JVM writes
	 * the ahead-of-time cache as it exits.
	 */
	private static List<String> trainAotCache(AotJava java, Path app, List<String> options, Path directory)
			throws Exception {
		Path cache = directory.resolve("extramile.aot");
		List<String> training = new ArrayList<>(options);
		training.add("-XX:AOTCacheOutput=" + cache);
		try (AppProcess trainee = AppProcess.launch(AppProcess.javaWith(java.home(), training, "-jar", app.toString()),
				"aot-training", schemaOfItsOwn(), directory, AppProcess.freePort())) {
			trainee.awaitHealthy(Duration.ofSeconds(120));
			int exit = trainee.stopGracefully(Duration.ofSeconds(180));
			if (!Files.isRegularFile(cache)) {
				throw new IllegalStateException("no ahead-of-time cache written by " + java + " (exit " + exit
						+ "); see " + directory.resolve("aot-training.log"));
			}
		}
		List<String> starting = new ArrayList<>(options);
		starting.add("-XX:AOTCache=" + cache);
		starting.add("-XX:AOTMode=on");
		return AppProcess.javaWith(java.home(), starting, "-jar", app.toString());
	}

	/**
	 * A start on the test's own Java, stopped once the context is refreshed, that writes
	 * a dynamic class-data sharing archive at exit.
	 */
	private static List<String> trainArchive(Path app, List<String> options, Path directory) throws Exception {
		Path archive = directory.resolve("extramile.jsa");
		List<String> training = new ArrayList<>(options);
		training.add("-XX:ArchiveClassesAtExit=" + archive);
		training.add("-Dspring.context.exit=onRefresh");
		Map<String, String> environment = schemaOfItsOwn();
		environment.put("PORT", "0");
		Path log = directory.resolve("training.log");
		run(AppProcess.javaWith(training, "-jar", app.toString()), log, environment);
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("no class-data-sharing archive written; see " + log);
		}
		List<String> starting = new ArrayList<>(options);
		starting.add("-XX:SharedArchiveFile=" + archive);
		return AppProcess.javaWith(starting, "-jar", app.toString());
	}

	private static Map<String, String> schemaOfItsOwn() {
		return AppProcess
			.postgresEnvironment("it_cds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
	}

	private static void run(List<String> command, Path log, Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(180, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			throw new IllegalStateException("not done in 180 s: " + command + "; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("exit " + process.exitValue() + ": " + command + "; see " + log);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
