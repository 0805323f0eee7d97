package app.extramile.image;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import app.extramile.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image that {@code ./mvnw verify -Pimage} builds with Jib into
 * {@code target/extramile-image.tar} (CI builds it; without the profile this class is
 * skipped with a message, and under CI it fails). No container engine runs on the build
 * machines, so the image is not started by an engine: the first test reads the tarball
 * (manifest, config, layers), the second unpacks the layers and starts the app from those
 * files as the image's user in a chroot, which needs root (CI is; without root it is
 * skipped with a message, and under CI it fails).
 */
class ContainerImageIT {

	private static final Path TARBALL = Path.of(System.getProperty("extramile.image", "target/extramile-image.tar"));

	private static final ObjectMapper JSON = new ObjectMapper();

	@BeforeAll
	static void imageBuilt() {
		if (Files.isRegularFile(TARBALL)) {
			return;
		}
		String message = "no container image at " + TARBALL + ": build it with ./mvnw verify -Pimage";
		if (TestDatabases.required()) {
			throw new IllegalStateException(message + " (required because CI is set)");
		}
		System.err.println("SKIPPED: " + message);
		Assumptions.abort("SKIPPED: " + message);
	}

	@Test
	@DisplayName("the image runs the extracted jar with its start-up cache, as a non-root user, on port 8080, "
			+ "configured by environment (read from the tarball: no container engine here)")
	void imageRunsTheAppAsANonRootUserWithItsOwnJavaRuntime() throws IOException {
		Map<String, byte[]> files = topLevelFiles();
		JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
		assertThat(manifest.get("RepoTags").get(0).asText()).startsWith("extramile:");
		JsonNode config = JSON.readTree(files.get(manifest.get("Config").asText())).get("config");

		assertThat(texts(config.get("Entrypoint"))).containsExactly("/opt/java/bin/java", "@/app/java.args",
				"-XX:MaxRAMPercentage=75", "-jar", "/app/extramile.jar");
		String user = config.get("User").asText();
		assertThat(user).isNotBlank().doesNotStartWith("0").isNotEqualTo("root");
		assertThat(user.split(":")[0]).matches("[1-9][0-9]*");
		assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
		assertThat(texts(config.get("Env"))).contains("PORT=8080", "EXTRAMILE_DATA_DIR=/data/db",
				"EXTRAMILE_ERASURE_FILE=/data/erasures.txt", "JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1");
		assertThat(config.get("WorkingDir").asText()).isEqualTo("/data");
		assertThat(config.get("Volumes").has("/data")).isTrue();

		Map<String, TarArchiveEntry> layered = new HashMap<>();
		for (JsonNode layer : manifest.get("Layers")) {
			layered.putAll(entries(files.get(layer.asText())));
		}
		// the Java runtime, with the libraries it links (the base is empty)
		assertThat(layered).containsKeys("opt/java/bin/java", "opt/java/lib/modules", "opt/java/lib/server/libjvm.so",
				"opt/java/lib/server/classes.jsa", "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6",
				"lib/x86_64-linux-gnu/libm.so.6", "etc/passwd");
		assertThat(layered.get("opt/java/bin/java").getMode() & 0111).isNotZero();
		assertThat(layered.get("lib64/ld-linux-x86-64.so.2").getMode() & 0111).isNotZero();
		// the app: its jar, its libraries, its start-up cache (Java 24 and later: the
		// ahead-of-time cache; Java 17: the class-data-sharing archive) and the options
		// that use it
		assertThat(layered).containsKeys("app/extramile.jar", "app/java.args");
		String cache = layered.containsKey("app/extramile.aot") ? "app/extramile.aot" : "app/extramile.jsa";
		assertThat(layered.keySet()).anyMatch((name) -> name.matches("app/lib/spring-boot-4.*\\.jar"))
			.anyMatch((name) -> name.matches("app/lib/h2-.*\\.jar"))
			.anyMatch((name) -> name.matches("app/lib/postgresql-.*\\.jar"));
		assertThat(layered).containsKey(cache);
		assertThat(layered.get(cache).getSize()).isGreaterThan(10_000_000);
		// nothing from Jib's own layout of the classes (the app runs from /app)
		assertThat(layered.keySet()).noneMatch((name) -> name.startsWith("jib-app"));
		// the user can write its data directory; no shell or package manager to misuse
		assertThat(layered.get("data/").getMode() & 0002).isNotZero();
		assertThat(layered).doesNotContainKeys("bin/sh", "usr/bin/apt", "usr/bin/curl");
	}

	@Test
	@DisplayName("the image's files start the app as its user, with its start-up cache and ahead-of-time context, "
			+ "and its health command " + "says UP (a chroot of the unpacked layers: no container engine here)")
	void imageFilesStartTheAppAndAnswerHealth() throws Exception {
		boolean root = "0".equals(run(List.of("id", "-u")).trim());
		if (!root && TestDatabases.required()) {
			throw new IllegalStateException(
					"starting the image's files in a chroot needs root (required because CI is set)");
		}
		Assumptions.assumeTrue(root, "SKIPPED: starting the image's files in a chroot needs root");
		Path rootfs = Path.of("target", "image-it", "rootfs").toAbsolutePath();
		run(List.of("rm", "-rf", rootfs.getParent().toString()));
		Files.createDirectories(rootfs);
		Map<String, byte[]> files = topLevelFiles();
		JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
		for (JsonNode layer : manifest.get("Layers")) {
			Path tgz = rootfs.getParent().resolve(layer.asText());
			Files.write(tgz, files.get(layer.asText()));
			run(List.of("tar", "xzf", tgz.toString(), "-C", rootfs.toString()));
			Files.delete(tgz);
		}
		int port = freePort();
		// The image's environment and entrypoint; -XX:AOTMode=on (Java 24 and later) or
		// -Xshare:on (Java 17) makes the JVM refuse to start if the cache does not fit
		// the
		// image's files.
		String strict = Files.exists(rootfs.resolve("app/extramile.aot")) ? "-XX:AOTMode=on" : "-Xshare:on";
		assertThat(Files.readString(rootfs.resolve("app/java.args"))).contains("-Dspring.aot.enabled=true");
		String java = "/opt/java/bin/java @/app/java.args " + strict
				+ " -XX:MaxRAMPercentage=75 -jar /app/extramile.jar";
		String env = "env -i PORT=" + port + " EXTRAMILE_DATA_DIR=/data/db EXTRAMILE_ERASURE_FILE=/data/erasures.txt"
				+ " HOME=/home/extramile JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1";
		String chroot = env + " /usr/sbin/chroot --userspec=10001:10001 " + rootfs + " ";
		Path log = rootfs.getParent().resolve("app.log");
		Process app = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "bash", "-c",
				"mount --rbind /dev " + rootfs + "/dev && mount --rbind /proc " + rootfs + "/proc && exec " + chroot
						+ java)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitHealthy(app, port, log);
			assertThat(Files.readString(log)).contains("Setup code:")
				.as("the launcher read the image's JDK_JAVA_OPTIONS")
				.contains("Picked up JDK_JAVA_OPTIONS: -XX:TieredStopAtLevel=1");
			String health = run(List.of("unshare", "--mount", "--propagation", "private", "bash", "-c",
					"mount --rbind /dev " + rootfs + "/dev && mount --rbind /proc " + rootfs + "/proc && exec " + chroot
							+ java + " health"));
			assertThat(health).contains("UP");
			assertThat(rootfs.resolve("data/db")).isDirectory();
		}
		finally {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly().waitFor();
			}
		}
	}

	private static void awaitHealthy(Process app, int port, Path log) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (!app.isAlive()) {
				throw new IllegalStateException("the app ended:\n" + Files.readString(log));
			}
			try {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("not healthy in 3 minutes; see " + log);
	}

	private static Map<String, byte[]> topLevelFiles() throws IOException {
		Map<String, byte[]> files = new HashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(TARBALL))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.isFile()) {
					files.put(entry.getName(), tar.readAllBytes());
				}
			}
		}
		return files;
	}

	private static Map<String, TarArchiveEntry> entries(byte[] gzippedLayer) throws IOException {
		Map<String, TarArchiveEntry> entries = new HashMap<>();
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzippedLayer));
				TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				String name = entry.getName().startsWith("/") ? entry.getName().substring(1) : entry.getName();
				entries.put(name, entry);
			}
		}
		return entries;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asText()));
		return texts;
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException(command + " failed:\n" + output);
		}
		return output;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
