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
import com.microsoft.playwright.options.ServiceWorkerPolicy;

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

		DESKTOP(1366, 900), TABLET(1024, 768), PHONE(390, 844);

		final int width;

		final int height;

		Screen(int width, int height) {
			this.width = width;
			this.height = height;
		}

		String suffix() {
			return name().toLowerCase(java.util.Locale.ROOT);
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
		return open(screen, locale, ServiceWorkerPolicy.ALLOW);
	}

	/**
	 * A browser that runs no service worker: for a test that intercepts the page's own
	 * requests ({@code page.route}), which a request passing through a service worker
	 * escapes once the worker controls the page (when, depends on the machine's speed).
	 */
	Page openWithoutServiceWorkers(Screen screen) {
		return open(screen, "en-GB", ServiceWorkerPolicy.BLOCK);
	}

	private Page open(Screen screen, String locale, ServiceWorkerPolicy serviceWorkers) {
		BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(screen.width, screen.height)
				.setLocale(locale)
				.setTimezoneId("Europe/London")
				.setServiceWorkers(serviceWorkers)
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

	/**
	 * The window resized to another screen's, and what the page's scripts do on a resize
	 * done (charts redraw to the new width on the next animation frames).
	 */
	void resize(Page page, Screen screen) {
		page.setViewportSize(screen.width, screen.height);
		page.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
				+ "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)))))");
	}

	/** What every page of a journey must pass, then its screenshot. */
	void check(Page page, String name) {
		checkWithoutScreenshot(page, name);
		saveScreenshot(page, name);
	}

	/** What every page of a journey must pass. */
	void checkWithoutScreenshot(Page page, String name) {
		checkLayout(page, name);
		Accessibility.check(page, name);
	}

	/**
	 * Nothing wider than the screen, nothing refused by the Content Security Policy, then
	 * a screenshot; no axe-core run. For pages a journey sees in one more state whose
	 * markup axe-core checks elsewhere (the Welsh crawl reaches every page of each role).
	 */
	void screenshot(Page page, String name) {
		checkLayout(page, name);
		saveScreenshot(page, name);
	}

	/** Nothing refused by the Content Security Policy so far. */
	void assertNothingRefusedByPolicy(String where) {
		assertThat(this.refusedByPolicy).as("what the Content Security Policy refused, up to %s", where).isEmpty();
	}

	private void saveScreenshot(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(this.prefix + "-" + name + ".png"))
			.setFullPage(true));
	}

	private void checkLayout(Page page, String name) {
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
		assertNothingRefusedByPolicy(name);
	}

	/**
	 * Closes the browsers opened so far (their pages stop polling and listening to the
	 * app), for a test that ends with its own.
	 */
	void closeBrowsers() {
		this.contexts.forEach(BrowserContext::close);
		this.contexts.clear();
	}

	@Override
	public void close() {
		this.contexts.forEach(BrowserContext::close);
		this.browser.close();
		this.playwright.close();
	}

}
