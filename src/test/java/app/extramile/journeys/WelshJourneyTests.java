package app.extramile.journeys;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole app in Welsh, in Chromium on the demo village: the owner switches to Cymraeg
 * from the page header and goes through every page of her menu on the counter's screen;
 * the volunteer, whose phone asks for Welsh, gets Welsh from the first page and goes
 * through hers; the public page in both languages, Welsh first. Every page is in Welsh
 * ({@code lang="cy"}, Welsh menu words), axe-core clean, no wider than the screen, with a
 * screenshot.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "extramile.demo.enabled=true")
class WelshJourneyTests {

	private static Browsing chromium;

	@LocalServerPort
	int port;

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
		visitEveryPageOfTheMenu(page, "volunteer");
	}

	@Test
	void staffWhoseBrowserAsksForWelshWorkACustomerAndAWelfareCheckInWelsh() {
		Page page = chromium.open(Browsing.Screen.DESKTOP, "cy-GB");
		page.navigate(url("/login"));
		page.locator("#username").fill("staff");
		page.locator("#password").fill("demo");
		page.locator("form button[type=submit]").last().click();
		page.waitForURL(Pattern.compile(".*/today$"));
		visitEveryPageOfTheMenu(page, "staff");

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

	/**
	 * Each link of the signed-in menu, once: the page is in Welsh and passes the checks.
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
			chromium.check(page, who + path.replace('/', '-'));
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
