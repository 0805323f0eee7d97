package app.extramile;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.BrowserType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class drives Debian's Chromium ({@code /usr/bin/chromium}) with Playwright.
 * Without it the class is skipped with a message, except under CI, where it fails. Put it
 * before {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(RequiresChromium.Check.class)
public @interface RequiresChromium {

	/** Only Debian's build runs here: Playwright's own browser download does not. */
	Path CHROMIUM = Path.of(System.getProperty("extramile.test.chromium", "/usr/bin/chromium"));

	class Check implements org.junit.jupiter.api.extension.BeforeAllCallback {

		/**
		 * Headless, and without the background traffic that would try to reach the
		 * internet.
		 */
		public static BrowserType.LaunchOptions launchOptions() {
			return new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"));
		}

		@Override
		public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
			if (Files.isExecutable(CHROMIUM)) {
				return;
			}
			String message = "Chromium is not installed at " + CHROMIUM + ": " + context.getDisplayName();
			if (TestDatabases.required()) {
				throw new IllegalStateException(message + " (required because CI is set; run .ci/prepare.sh)");
			}
			System.err.println("SKIPPED (no Chromium): " + message);
			org.junit.jupiter.api.Assumptions.abort("SKIPPED (no Chromium): " + message);
		}

	}

}
