package app.extramile.journeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import app.extramile.RequiresChromium;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium for a journey: pages on a desktop or a phone screen, in British
 * English and London time, and the checks every page a journey visits must pass (nothing
 * wider than the screen outside a scroll box, nothing refused by the Content Security
 * Policy, axe-core clean), with a screenshot in {@code target/screenshots}.
 */
final class Browsing implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** A screen: the counter's tablet or desktop, or a helper's phone. */
	enum Screen {

		DESKTOP(1366, 900), PHONE(390, 844);

		final int width;

		final int height;

		Screen(int width, int height) {
			this.width = width;
			this.height = height;
		}

	}

	private final Playwright playwright;

	private final Browser browser;

	private final List<BrowserContext> contexts = new ArrayList<>();

	private final List<String> refusedByPolicy = Collections.synchronizedList(new ArrayList<>());

	private final String prefix;

	private Browsing(String prefix) throws Exception {
		this.prefix = prefix;
		Files.createDirectories(SCREENSHOTS);
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		this.browser = this.playwright.chromium().launch(RequiresChromium.Check.launchOptions());
	}

	/** Chromium started; screenshots are named {@code prefix-<page>.png}. */
	static Browsing launch(String prefix) throws Exception {
		return new Browsing(prefix);
	}

	/** A new browser (its own cookies) with one page open on this screen. */
	Page open(Screen screen) {
		return open(screen, "en-GB");
	}

	/** The same, in a browser that asks for pages in this language (Accept-Language). */
	Page open(Screen screen, String locale) {
		BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(screen.width, screen.height)
				.setLocale(locale)
				.setTimezoneId("Europe/London")
				.setAcceptDownloads(true));
		context.setDefaultTimeout(15_000);
		this.contexts.add(context);
		Page page = context.newPage();
		page.onConsoleMessage((message) -> {
			if (message.text().contains("Content Security Policy")) {
				this.refusedByPolicy.add(page.url() + ": " + message.text());
			}
		});
		return page;
	}

	/** What every page of a journey must pass, then its screenshot. */
	void check(Page page, String name) {
		checkWithoutScreenshot(page, name);
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(this.prefix + "-" + name + ".png"))
			.setFullPage(true));
	}

	/** What every page of a journey must pass. */
	void checkWithoutScreenshot(Page page, String name) {
		Object wide = page.evaluate("""
				() => {
				  const width = document.documentElement.clientWidth;
				  const scrolls = (e) => {
				    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
				      const x = getComputedStyle(a).overflowX;
				      if ((x === 'auto' || x === 'scroll') && a.getBoundingClientRect().right <= width + 1) return true;
				    }
				    return false;
				  };
				  return [...document.querySelectorAll('body *')]
				    .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
				    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))
				    .slice(0, 10);
				}""");
		assertThat((List<?>) wide).as("elements wider than the screen on %s", name).isEmpty();
		assertThat(this.refusedByPolicy).as("what the Content Security Policy refused, up to %s", name).isEmpty();
		Accessibility.check(page, name);
	}

	@Override
	public void close() {
		this.contexts.forEach(BrowserContext::close);
		this.browser.close();
		this.playwright.close();
	}

}
