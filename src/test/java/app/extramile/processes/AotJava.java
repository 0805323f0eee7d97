package app.extramile.processes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java runtime that can train and use an ahead-of-time cache (version 24 or later), to
 * run the app processes on. The system property
 * {@code extramile.process-tests.aot-java-home} or the environment variable
 * {@code EXTRAMILE_AOT_JAVA_HOME} names one (a Java home, 24 or later) or {@code none}
 * (the processes run on the test's own Java); by default ({@code auto}) it is the test's
 * own Java if it is one, else the newest of {@code /usr/lib/jvm/*} by the
 * {@code JAVA_VERSION} of its {@code release} file, if any. Measured on the same machine,
 * first compiler tier only and Spring's ahead-of-time mode as the processes run, a start
 * on Java 25 with its cache took about a fifth less time and an eighth less CPU than one
 * on Java 17 with a class-data sharing archive; its training takes a few seconds more.
 */
record AotJava(Path home, Runtime.Version version) {

	private static final int FIRST_WITH_AOT_CACHE = 24;

	private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

	static Optional<AotJava> find() throws IOException {
		String asked = System.getProperty("extramile.process-tests.aot-java-home",
				System.getenv("EXTRAMILE_AOT_JAVA_HOME"));
		String configured = (asked == null || asked.isBlank()) ? "auto" : asked;
		if (configured.equals("none")) {
			return Optional.empty();
		}
		if (!configured.equals("auto")) {
			AotJava java = at(Path.of(configured))
				.orElseThrow(() -> new IllegalStateException("no Java runtime at " + configured));
			if (java.version().feature() < FIRST_WITH_AOT_CACHE) {
				throw new IllegalStateException(java + " has no ahead-of-time cache (Java 24 or later needed)");
			}
			return Optional.of(java);
		}
		List<AotJava> found = new ArrayList<>();
		at(Path.of(System.getProperty("java.home"))).ifPresent(found::add);
		Path jvms = Path.of("/usr/lib/jvm");
		if (Files.isDirectory(jvms)) {
			List<AotJava> installed = new ArrayList<>();
			try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
				for (Path home : homes) {
					at(home).ifPresent(installed::add);
				}
			}
			installed.sort(Comparator.comparing(AotJava::version).reversed());
			found.addAll(installed);
		}
		Map<Path, AotJava> distinct = new LinkedHashMap<>();
		for (AotJava java : found) {
			distinct.putIfAbsent(java.home().toRealPath(), java);
		}
		return distinct.values()
			.stream()
			.filter((java) -> java.version().feature() >= FIRST_WITH_AOT_CACHE)
			.findFirst();
	}

	/** The runtime at this home, by its release file, if it has one and a launcher. */
	static Optional<AotJava> at(Path home) throws IOException {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
			return Optional.empty();
		}
		Matcher version = JAVA_VERSION.matcher(Files.readString(release));
		if (!version.find()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new AotJava(home, Runtime.Version.parse(version.group(1))));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return "Java " + this.version + " at " + this.home;
	}

}
