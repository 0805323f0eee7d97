package app.extramile.journeys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.ledger.PayItForward;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole app in Welsh, in Chromium on the demo village: the owner switches to Cymraeg
 * from the page header and goes through every page of her menu on the counter's screen;
 * the volunteer, whose phone asks for Welsh, gets Welsh from the first page; staff work a
 * customer and a welfare check; every page each role reaches (two links deep from the
 * menu) on a desktop and on a phone; the public page in both languages, Welsh first; the
 * pay-it-forward board keeps itself up to date. Every page is in Welsh
 * ({@code lang="cy"}), axe-core clean, no wider than the screen.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "extramile.demo.enabled=true")
class WelshJourneyTests {

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PayItForward pools;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("cymraeg");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void theOwnerSwitchesToWelshAndEveryPageOfHerMenuIsInWelsh() {
		Page page = chromium.open(Browsing.Screen.DESKTOP);
		page.navigate(url("/login"));
		page.getByLabel("Username").fill("owner");
		page.getByLabel("Password").fill("demo");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cymraeg")).click();
		page.waitForURL(Pattern.compile(".*/today$"));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("English"))).isVisible();
		chromium.check(page, "owner-heddiw");

		visitEveryPageOfTheMenu(page, "owner");

		// the counter with the keyboard alone: the search has the focus, Tab reaches the
		// first
		// customer's button by its Welsh name, Enter records the visit
		page.navigate(url("/counter"));
		page.keyboard().type("Mair");
		page.locator("button.checkin").first().waitFor();
		page.keyboard().press("Tab");
		String focused = (String) page.evaluate("() => document.activeElement.getAttribute('aria-label')");
		assertThat(focused).startsWith("Yma heddiw: ").contains("Mair");
		page.keyboard().press("Enter");
		assertThat(page.locator("#status [role=status]")).containsText("yma heddiw");
		chromium.check(page, "owner-cownter-bysellfwrdd");

		page.navigate(url("/account"));
		assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Cymraeg"))).isChecked();
		chromium.check(page, "owner-eich-cyfrif");

		// larger text and higher contrast, kept on her account: Today still fits the
		// screen,
		// and text enlarged to 200 % loses nothing off the side
		page.getByLabel("Testun mwy ym mhobman").check();
		page.getByLabel("Cyferbyniad uwch (du ar wyn, dolenni wedi'u tanlinellu)").check();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cadw golwg y tudalennau")).click();
		page.navigate(url("/today"));
		assertThat(page.locator("html")).hasClass(Pattern.compile("large-text.*high-contrast"));
		chromium.check(page, "owner-heddiw-testun-mwy");
		page.evaluate("() => document.documentElement.style.fontSize = '225%'");
		chromium.check(page, "owner-heddiw-testun-200");
		for (String path : List.of("/counter", "/missing", "/checks", "/customers", "/errands", "/settings")) {
			page.navigate(url(path));
			page.evaluate("() => document.documentElement.style.fontSize = '225%'");
			chromium.check(page, "owner-testun-200" + path.replace('/', '-'));
		}
	}

	@Test
	void theVolunteersPhoneAsksForWelshAndGetsItFromTheFirstPage() {
		Page page = chromium.open(Browsing.Screen.PHONE, "cy-GB");
		page.navigate(url("/login"));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		chromium.check(page, "volunteer-mewngofnodi");
		page.locator("#username").fill("volunteer");
		page.locator("#password").fill("demo");
		page.locator("form button[type=submit]").last().click();
		page.waitForURL(Pattern.compile(".*/today$"));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		chromium.check(page, "volunteer-heddiw");
	}

	@Test
	void staffWhoseBrowserAsksForWelshWorkACustomerAndAWelfareCheckInWelsh() {
		Page page = chromium.open(Browsing.Screen.DESKTOP, "cy-GB");
		page.navigate(url("/login"));
		page.locator("#username").fill("staff");
		page.locator("#password").fill("demo");
		page.locator("form button[type=submit]").last().click();
		page.waitForURL(Pattern.compile(".*/today$"));

		// below the menu: a customer's page from the morning list, and a welfare check
		page.navigate(url("/missing"));
		String customer = (String) page
			.evaluate("() => [...document.querySelectorAll('main a[href]')].map((a) => a.getAttribute('href'))"
					+ ".find((h) => /^\\/customers\\/[0-9a-f-]{36}$/.test(h))");
		assertThat(customer).as("a customer on the morning list").isNotNull();
		page.navigate(url(customer));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Manylion cyswllt")))
			.isVisible();
		chromium.check(page, "staff-tudalen-cwsmer");

		// the sweep opens the demo's checks by itself within a minute of start
		String check = null;
		for (int tries = 0; check == null && tries < 45; tries++) {
			if (tries > 0) {
				page.waitForTimeout(2000);
			}
			page.navigate(url("/checks"));
			check = (String) page
				.evaluate("() => [...document.querySelectorAll('main a[href]')].map((a) => a.getAttribute('href'))"
						+ ".find((h) => /^\\/checks\\/[0-9a-f-]{36}$/.test(h))");
		}
		assertThat(check).as("an open welfare check").isNotNull();
		page.navigate(url(check));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		chromium.check(page, "staff-gwiriad-lles");

		// the check with the keyboard alone, every control reached named for a screen
		// reader: no answer on this step, then "needs help" sent empty is refused by the
		// field in Welsh, and with the help written it is recorded
		tabTo(page, "Dim ateb");
		page.keyboard().press("Enter");
		page.waitForURL(Pattern.compile(".*/checks/[0-9a-f-]{36}$"));
		assertThat(page.locator(".ladder .badge", new Page.LocatorOptions().setHasText("Dim ateb")).first())
			.isVisible();
		tabTo(page, "Angen help");
		page.keyboard().press("Enter");
		Locator help = page.getByLabel("Pa help sydd ei angen?");
		assertThat(help).hasAttribute("aria-invalid", "true");
		String described = help.getAttribute("aria-describedby");
		assertThat(page.locator("#" + described.split(" ")[0]))
			.hasText("Dywedwch pa help sydd ei angen, er mwyn i bwy bynnag sy'n ymgymryd ag ef wybod.");
		chromium.check(page, "staff-gwiriad-lles-gwall");
		tabTo(page, "Pa help sydd ei angen?");
		page.keyboard().type("Siopa a phresgripsiwn");
		page.keyboard().press("Enter");
		assertThat(page.locator(".notice.ok")).containsText("Angen help");
		chromium.check(page, "staff-gwiriad-lles-wedi-gorffen");
	}

	/**
	 * Presses Tab until the control with this accessible name has the focus; every
	 * control passed on the way has a name a screen reader can say.
	 */
	private void tabTo(Page page, String name) {
		List<String> unnamed = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			page.keyboard().press("Tab");
			@SuppressWarnings("unchecked")
			Map<String, String> focused = (Map<String, String>) page.evaluate(
					"""
							() => {
							  const e = document.activeElement;
							  const label = (e.labels && e.labels.length) ? e.labels[0].innerText : '';
							  return { tag: e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''),
							    name: (e.getAttribute('aria-label') || e.innerText || label || e.getAttribute('title') || '').trim() };
							}""");
			if (focused.get("name").isEmpty()) {
				unnamed.add(focused.get("tag"));
			}
			if (focused.get("name").equals(name)) {
				assertThat(unnamed).as("controls without a name on the way to %s", name).isEmpty();
				return;
			}
		}
		throw new AssertionError("the keyboard never reached " + name + " on " + page.url());
	}

	@Test
	void thePublicPageIsInBothLanguagesWelshFirst() {
		Page page = chromium.open(Browsing.Screen.PHONE);
		page.navigate(url("/p/siop-y-llan?bilingual=true"));
		assertThat(page.locator("html")).hasAttribute("lang", "cy");
		String heading = page.locator("h1").innerText();
		assertThat(heading.indexOf("beth sy'n digwydd")).as(heading).isNotNegative();
		assertThat(heading.indexOf("beth sy'n digwydd")).isLessThan(heading.indexOf("What's on"));
		chromium.check(page, "public-dwyieithog");
	}

	@Test
	void theBoardOnTheShopsScreenKeepsItselfUpToDateWithoutReloading() {
		ShopId shop = new ShopId(
				this.jdbc.sql("select id from shop where slug = 'siop-y-llan'").query(UUID.class).single());
		PayItForward.Pool pool = this.pools.pools(shop)
			.stream()
			.filter(PayItForward.Pool::items)
			.findFirst()
			.orElseThrow();
		Page page = chromium.open(Browsing.Screen.DESKTOP, "cy-GB");
		page.clock().install();
		page.navigate(url("/p/siop-y-llan/board"));
		page.evaluate("() => { window.sameDocument = true; }");
		Locator count = page.locator("li", new Page.LocatorOptions().setHasText(pool.name())).locator("strong");
		assertThat(count).hasText(String.valueOf(pool.available()));

		this.pools.donate(TestShops.user(shop, Role.STAFF), pool.id(), 2, 0, null, null, UUID.randomUUID().toString());
		page.clock().runFor(61_000);
		assertThat(count).hasText(String.valueOf(pool.available() + 2));
		assertThat(page.evaluate("() => window.sameDocument === true")).as("the page was not reloaded").isEqualTo(true);
		chromium.check(page, "bwrdd");
	}

	/**
	 * Every page each role reaches, on the counter's screen and on a phone: from each
	 * link of the menu, the pages its main part links to, two steps deep (one page per
	 * kind: {@code /customers/<id>} is visited for one customer). Each is in Welsh, fits
	 * the screen and is axe-core clean at both sizes (the page is loaded once at one size
	 * and the window resized to the other, as the app's script follows a resize; pages
	 * take turns to load on a desktop or on a phone). Downloads (PDF, CSV, calendar) are
	 * fetched and must answer, not rendered.
	 */
	@ParameterizedTest(name = "{0} on a desktop and a phone")
	@ValueSource(strings = { "owner", "staff", "volunteer" })
	void everyPageEachRoleReachesIsInWelshAndAccessibleOnDesktopAndPhone(String who) {
		Browsing.Screen desktop = Browsing.Screen.DESKTOP;
		Browsing.Screen phone = Browsing.Screen.PHONE;
		Page page = chromium.open(desktop, "cy-GB");
		Browsing.Screen screen = desktop;
		signIn(page, who);
		Map<String, String> kinds = new LinkedHashMap<>();
		Deque<String[]> queue = new ArrayDeque<>();
		for (String path : links(page, "#site-nav a[href]")) {
			queue.add(new String[] { path, "0" });
		}
		List<String> downloads = new ArrayList<>();
		while (!queue.isEmpty() && kinds.size() < 120) {
			String[] next = queue.poll();
			String path = next[0];
			int depth = Integer.parseInt(next[1]);
			if (kinds.putIfAbsent(kind(path), path) != null) {
				continue;
			}
			// one request per page: the browser's own; a download (CSV, PDF, calendar) is
			// fetched again and must answer
			Response response;
			try {
				response = page.navigate(url(path));
			}
			catch (PlaywrightException ex) {
				response = null;
			}
			String type = (response != null) ? response.headerValue("content-type") : null;
			if (response == null || type == null || !type.startsWith("text/html")) {
				APIResponse download = page.request().get(url(path));
				assertThat(download.status()).as("%s answers (%s)", path, who).isEqualTo(200);
				downloads.add(path + " " + download.headers().getOrDefault("content-type", ""));
				continue;
			}
			assertThat(response.status()).as("%s answers (%s)", path, who).isEqualTo(200);
			assertThat(page.locator("html").getAttribute("lang")).as("the language of %s", path).isEqualTo("cy");
			// the page as loaded, then the window resized to the other screen; the next
			// page
			// loads at that size, so half the pages are loaded on each
			chromium.checkWithoutScreenshot(page, who + " " + screen + " " + path);
			screen = (screen == desktop) ? phone : desktop;
			chromium.resize(page, screen);
			chromium.checkWithoutScreenshot(page, who + " " + screen + " " + path);
			if (depth < 2) {
				for (String link : links(page, "main a[href]")) {
					queue.add(new String[] { link, String.valueOf(depth + 1) });
				}
			}
		}
		assertThat(kinds).as("the kinds of page %s reaches", who).hasSizeGreaterThan(5);
		System.out.printf("%s: %d kinds of page checked on a desktop and a phone, downloads %s%n", who, kinds.size(),
				downloads);
	}

	private void signIn(Page page, String who) {
		page.navigate(url("/login"));
		page.locator("#username").fill(who);
		page.locator("#password").fill("demo");
		page.locator("form button[type=submit]").last().click();
		page.waitForURL(Pattern.compile(".*/today$"));
	}

	/**
	 * The app's own pages a selector's links lead to (no sign-out, no language switch).
	 */
	private List<String> links(Page page, String selector) {
		List<?> hrefs = (List<?>) page.evaluate("(s) => [...document.querySelectorAll(s)]"
				+ ".filter((a) => !a.hasAttribute('download')).map((a) => a.getAttribute('href'))", selector);
		List<String> paths = new ArrayList<>();
		for (Object href : hrefs) {
			String path = String.valueOf(href);
			// (not the API: its reference for developers is Swagger UI's own, in English)
			if (path.startsWith("/") && !path.startsWith("//") && !path.contains("lang=") && !path.startsWith("/logout")
					&& !path.startsWith("/api/") && !path.contains("#")) {
				paths.add(path);
			}
		}
		return paths;
	}

	/**
	 * A page's kind: its path with ids and numbers as placeholders, without the query.
	 */
	private static String kind(String path) {
		String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		return bare.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
			.replaceAll("/[0-9][0-9-]*(?=/|$)", "/{n}");
	}

	/**
	 * Each link of the signed-in menu, once: the language she chose stays with her on
	 * every page (the crawl below runs axe-core over the same pages in Welsh, so here the
	 * layout and policy checks and a screenshot).
	 */
	private void visitEveryPageOfTheMenu(Page page, String who) {
		Set<String> paths = new LinkedHashSet<>();
		List<?> hrefs = (List<?>) page
			.evaluate("() => [...document.querySelectorAll('#site-nav a[href]')].map((a) => a.getAttribute('href'))");
		hrefs.forEach((href) -> paths.add((String) href));
		assertThat(paths).as("the menu's pages").hasSizeGreaterThan(3);
		for (String path : paths) {
			page.navigate(url(path));
			assertThat(page.locator("html")).hasAttribute("lang", "cy");
			String menu = page.locator("#site-nav").innerText();
			assertThat(menu).as("the menu on %s", path).contains("Heddiw").doesNotContain("Today", "Sign out");
			chromium.screenshot(page, who + path.replace('/', '-'));
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
