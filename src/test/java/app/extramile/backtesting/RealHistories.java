package app.extramile.backtesting;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The real visit histories in {@code ../shared/data/visits} (next to the checkout, never
 * copied into it): skipped with a message where the folder is absent, required when
 * {@code CI} is set.
 */
final class RealHistories {

	static final Path FOLDER = Path.of("..", "shared", "data", "visits");

	private RealHistories() {
	}

	/** The file, or the test is skipped (failed on CI) when it is not there. */
	static Path file(String name) {
		Path file = FOLDER.resolve(name);
		if (Files.isReadable(file)) {
			return file;
		}
		String ci = System.getenv("CI");
		boolean required = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
		if (required) {
			throw new AssertionError("CI is set but the real visit history " + file.toAbsolutePath()
					+ " is missing: check out the shared data next to the project");
		}
		Assumptions.abort("skipped: no real visit history at " + file.toAbsolutePath()
				+ " (the shared data folder next to the project)");
		return null;
	}

}
