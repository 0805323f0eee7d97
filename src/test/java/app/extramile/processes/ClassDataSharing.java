package app.extramile.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar extracted ({@code java -Djarmode=tools -jar ... extract}) with a
 * class-data-sharing archive of the classes an app process loads, as the container image
 * and {@code scripts/startup-time.sh} do (ADR 11). One training start, on a schema of its
 * own in the test PostgreSQL, stops right after the application context is refreshed
 * ({@code -Dspring.context.exit=onRefresh}) and writes the archive at exit
 * ({@code -XX:ArchiveClassesAtExit}); every app process started afterwards maps the
 * archive instead of loading and verifying those classes again. The archive belongs to
 * this jar and this Java: it is trained again for every test run, under
 * {@code target/process-tests-cds}.
 */
final class ClassDataSharing {

	private ClassDataSharing() {
	}

	/**
	 * Extracts the jar, trains the archive and answers the command that starts an app.
	 */
	static List<String> train(Path jar, List<String> options) throws Exception {
		Path directory = jar.toAbsolutePath().resolveSibling("process-tests-cds");
		deleteRecursively(directory);
		Files.createDirectories(directory);
		Path extracted = directory.resolve("extracted");
		run(AppProcess.javaWith(List.of(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
				extracted.toString()), directory.resolve("extract.log"), Map.of());
		Path app = extracted.resolve(jar.getFileName());
		Path archive = directory.resolve("extramile.jsa");
		List<String> training = new ArrayList<>(options);
		training.add("-XX:ArchiveClassesAtExit=" + archive);
		training.add("-Dspring.context.exit=onRefresh");
		Map<String, String> environment = AppProcess
			.postgresEnvironment("it_cds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
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
