package app.extramile.processes;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.extramile.TestDatabases;
import java.util.regex.Pattern;

/**
 * The built app jar running as a real child process, for tests that kill it with
 * {@code kill -9} or run two instances on one database.
 */
final class AppProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private AppProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * The environment that points an app process at its own schema of the test PostgreSQL
	 * (Flyway creates it).
	 */
	static Map<String, String> postgresEnvironment(String schema) {
		Map<String, String> env = new HashMap<>();
		env.put("SPRING_DATASOURCE_URL", TestDatabases.POSTGRES_URL + "?currentSchema=" + schema);
		env.put("SPRING_DATASOURCE_USERNAME", TestDatabases.POSTGRES_USER);
		env.put("SPRING_DATASOURCE_PASSWORD", TestDatabases.POSTGRES_PASSWORD);
		env.put("SPRING_FLYWAY_DEFAULT_SCHEMA", schema);
		env.put("SPRING_FLYWAY_SCHEMAS", schema);
		env.put("SPRING_FLYWAY_CREATE_SCHEMAS", "true");
		// a module event published with no transaction is an error, not a silent loss
		env.put("EXTRAMILE_EVENTS_OUTSIDE_TRANSACTION", "fail");
		return env;
	}

	static AppProcess start(String name, Map<String, String> environment, Path logDirectory) throws Exception {
		AppProcess app = launch(name, environment, logDirectory);
		try {
			app.awaitHealthy(Duration.ofSeconds(120));
		}
		catch (Exception ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	/**
	 * Starts the process without waiting for it: several instances can start side by
	 * side, then {@link #awaitHealthy} each.
	 */
	static AppProcess launch(String name, Map<String, String> environment, Path logDirectory) throws Exception {
		return launch(name, environment, logDirectory, freePort());
	}

	/**
	 * As {@link #launch(String, Map, Path)}, on a given port: an instance started again
	 * behind a load balancer keeps its address.
	 */
	static AppProcess launch(String name, Map<String, String> environment, Path logDirectory, int port)
			throws Exception {
		return launch(javaCommand(), name, environment, logDirectory, port);
	}

	/**
	 * As {@link #launch(String, Map, Path, int)}, with a command of its own: the start
	 * that trains the class cache.
	 */
	static AppProcess launch(List<String> command, String name, Map<String, String> environment, Path logDirectory,
			int port) throws Exception {
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("PORT", String.valueOf(port));
		return new AppProcess(builder.start(), log, port);
	}

	/**
	 * How an app process is started: short-lived, so compiled by the first tier only
	 * (about half a start's CPU), and by default from the jar extracted with a class
	 * cache trained once per test JVM ({@link ClassDataSharing}: an ahead-of-time cache
	 * on Java 24 or later when the machine has one, else a class-data-sharing archive on
	 * the test's Java; the same way the container image starts, see ADR 11), always in
	 * Spring's ahead-of-time mode ({@code -Dspring.aot.enabled=true}), as the image runs
	 * it (ADR 14). {@code -Dextramile.process-tests.cds=false} starts the packaged jar as
	 * it is, on the test's Java.
	 */
	private static synchronized List<String> javaCommand() throws Exception {
		if (launchCommand == null) {
			Path jar = Path.of(System.getProperty("extramile.jar", "target/extramile-0.1.0-SNAPSHOT.jar"));
			launchCommand = Boolean.parseBoolean(System.getProperty("extramile.process-tests.cds", "true"))
					? ClassDataSharing.train(jar, JVM_OPTIONS) : javaWith(JVM_OPTIONS, "-jar", jar.toString());
		}
		return new ArrayList<>(launchCommand);
	}

	private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
			"-Dspring.aot.enabled=true");

	private static List<String> launchCommand;

	static List<String> javaWith(List<String> options, String... arguments) {
		return javaWith(Path.of(System.getProperty("java.home")), options, arguments);
	}

	static List<String> javaWith(Path javaHome, List<String> options, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(options);
		command.addAll(List.of(arguments));
		return command;
	}

	void awaitHealthy(Duration timeout) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("app exited early; see " + this.log);
			}
			try {
				HttpResponse<String> health = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health"))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("UP")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("app not healthy in " + timeout + "; see " + this.log);
	}

	/** Waits until the process has logged a line matching the pattern. */
	void awaitOutput(Pattern pattern, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (!pattern.matcher(output()).find()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("app exited; see " + this.log);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("no " + pattern + " in " + timeout + "; see " + this.log);
			}
			Thread.sleep(10);
		}
	}

	/** Kills the process without any chance to clean up, as a power cut would. */
	void killHard() throws Exception {
		new ProcessBuilder("kill", "-9", String.valueOf(this.process.pid())).start().waitFor();
		this.process.waitFor();
	}

	/**
	 * As {@link #killHard}, the same SIGKILL, sent from this JVM at once rather than by
	 * starting {@code kill}: to catch the instance in the middle of something short.
	 */
	void killHardNow() throws Exception {
		this.process.toHandle().destroyForcibly();
		this.process.waitFor();
	}

	String output() throws IOException {
		return Files.readString(this.log);
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * Stops the process with SIGTERM, as a container runtime does, and waits for it to
	 * exit (after its shutdown hooks and anything the JVM writes at exit); answers its
	 * exit code.
	 */
	int stopGracefully(Duration timeout) throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly().waitFor();
			throw new IllegalStateException("not stopped in " + timeout + "; see " + this.log);
		}
		return this.process.exitValue();
	}

	boolean alive() {
		return this.process.isAlive();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
