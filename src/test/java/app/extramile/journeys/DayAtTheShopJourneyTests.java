package app.extramile.journeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 * A day at the shop, in Debian's Chromium against the demo village, the way the team
 * lives it: the staff member at the counter on a desktop, the volunteer out and about on
 * a phone. A welfare check that opened by itself at start-up (nobody pressed anything),
 * the morning list, the check rung through to "pop round", the volunteer seeing it on
 * Today with the address and recording what she found, a pendant press answered from
 * Today, and a delivery nobody answered ending as not delivered with its next step.
 * axe-core runs on every page visited; no serious or critical violation is allowed.
 * <p>
 * Screenshots land in {@code target/screenshots}; with {@code -Dtour=docs/tour} the
 * README's tour pictures are written there too.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "extramile.demo.enabled=true")
class DayAtTheShopJourneyTests {

	private static final String TOUR = System.getProperty("tour");

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		if (TOUR != null) {
			Files.createDirectories(Path.of(TOUR));
		}
		chromium = Browsing.launch("day");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@AfterEach
	void closeBrowsers() {
		chromium.closeBrowsers();
	}

	@Test
	void aDayAtTheShop() throws Exception {
		// Before anyone signs in: the start-up sweep has opened a welfare check by itself
		// for a red customer with consent and a plan (opened by nobody, for an absence).
		List<UUID> openedByThemselves = this.jdbc
			.sql("select id from welfare_check where status = 'OPEN' and reason = 'ABSENCE' and opened_by is null")
			.query(UUID.class)
			.list();
		assertThat(openedByThemselves).as("checks the start-up sweep opened").isNotEmpty();

		// Morning, at the counter (desktop): Today first.
		Page staff = signIn(Browsing.Screen.DESKTOP, "staff");
		assertThat(staff.locator("h1")).containsText("Today");
		assertThat(staff.locator("ul.today-counts")).containsText("welfare checks open");
		Locator checks = staff.locator("#checks li");
		assertThat(checks.first()).isVisible();
		visit(staff, "today-staff-desktop", "1-today");

		// The grouped navigation: Care opens its links, the page you are on is marked.
		Locator care = staff.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Care"));
		care.click();
		assertThat(care).hasAttribute("aria-expanded", "true");
		Locator missingLink = staff.locator("#site-nav")
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Who's missing"));
		assertThat(missingLink).isVisible();
		staff.keyboard().press("Escape");
		assertThat(care).hasAttribute("aria-expanded", "false");
		assertThat(missingLink).isHidden();
		care.click();
		missingLink.click();

		// The morning list.
		assertThat(staff).hasURL(Pattern.compile(".*/missing$"));
		assertThat(staff.locator("#site-nav a[aria-current=page]")).hasText("Who's missing");
		assertThat(staff.locator("ol.missing > li.level-red").first()).containsText("Red");
		visit(staff, "missing-desktop", "2-missing");

		// The check that opened by itself: ring them, ring each contact, no answer
		// anywhere.
		staff.navigate(url("/today"));
		String name = checks.first().locator("strong").innerText();
		checks.first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open")).click();
		assertThat(staff).hasURL(Pattern.compile(".*/checks/[0-9a-f-]{36}$"));
		UUID checkId = UUID.fromString(staff.url().substring(staff.url().lastIndexOf('/') + 1));
		assertThat(openedByThemselves).contains(checkId);
		assertThat(staff.locator("h1")).containsText(name);
		visit(staff, "check-desktop", "3-check");
		Locator open = staff.locator("ol.ladder > li.step-open");
		while (!open.first().innerText().contains("Pop round")) {
			open.first().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("No answer")).click();
			assertThat(staff).hasURL(Pattern.compile(".*/checks/" + checkId + "$"));
		}
		assertThat(open.first()).containsText("Pop round");
		visit(staff, "check-pop-round-desktop", null);

		// Out and about (phone): the on-duty volunteer sees the visit on Today, with
		// where.
		Page volunteer = signIn(Browsing.Screen.PHONE, "volunteer");
		Locator visits = volunteer.locator("#steps li");
		assertThat(visits.first()).containsText("Pop round");
		String address = this.jdbc.sql("""
				select c.address_line from customer c join welfare_check w on w.customer_id = c.id where w.id = ?""")
			.param(checkId)
			.query(String.class)
			.single();
		assertThat(visits.filter(new Locator.FilterOptions().setHasText(address))).hasCount(1);
		visit(volunteer, "today-volunteer-phone", "4-today-phone");
		visits.filter(new Locator.FilterOptions().setHasText(address))
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("I'll go"))
			.click();
		volunteer.navigate(url("/tasks"));
		volunteer.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("At the door")).first().click();
		assertThat(volunteer).hasURL(Pattern.compile(".*/checks/steps/[0-9a-f-]{36}$"));
		assertThat(volunteer.locator(".door-address")).containsText(address);
		assertThat(volunteer.locator(".door-actions a[href^='tel:']")).hasCount(1);
		assertThat(volunteer.locator(".door-actions a[href^='https://']")).hasCount(1);
		visit(volunteer, "at-the-door-phone", "5-at-the-door");
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Spoke to them: all is well")).click();
		assertThat(this.jdbc.sql("select status from welfare_check where id = ?")
			.param(checkId)
			.query(String.class)
			.single()).isEqualTo("RESOLVED");
		staff.navigate(url("/checks/" + checkId));
		assertThat(staff.locator("p.notice.ok")).containsText("all is well");

		// A pendant press: the volunteer on duty sees it on Today without a reload and
		// answers it from there.
		// (her page listens to her in-app notifications, which replay what came while it
		// connected)
		volunteer.navigate(url("/today"));
		assertThat(DemoPendant.press(this.port, "DEMO-PENDANT-4").statusCode()).isEqualTo(201);
		Locator alarm = volunteer.locator("#alarms li");
		assertThat(alarm).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
		visit(volunteer, "today-alarm-phone", "6-alarm");
		alarm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Answer")).click();
		assertThat(volunteer).hasURL(Pattern.compile(".*/respond/.+"));
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I am going")).click();
		assertThat(volunteer.locator(".door-address")).isVisible();
		visit(volunteer, "respond-phone", null);
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I have arrived")).click();
		volunteer.getByLabel("How did it end?").selectOption("ALL_WELL");
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close the alarm")).click();
		assertThat(this.jdbc.sql("select count(*) from alarm where status = 'RESOLVED' and outcome = 'ALL_WELL'")
			.query(Long.class)
			.single()).isGreaterThanOrEqualTo(1);

		// A delivery for today, given to the volunteer by name; nobody answers the door.
		staff.navigate(url("/errands"));
		// the customer picker: type, then take the first name offered
		staff.locator("#customerId").fill(staff.locator("#customerId-list option").first().getAttribute("value"));
		staff.locator("#kind").selectOption("DELIVERY");
		staff.locator("#items").fill("Bread, milk and the paper");
		staff.locator("#bags").fill("1");
		LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
		staff.locator("#on").fill(today.toString());
		staff.locator("#from").fill("10:00");
		staff.locator("#to").fill("12:00");
		staff.locator("form[action='/errands'] button[type=submit]").click();
		UUID errand = this.jdbc.sql("select id from errand where items = 'Bread, milk and the paper'")
			.query(UUID.class)
			.single();
		staff.navigate(url("/errands/" + errand));
		staff.locator("#member")
			.selectOption(new com.microsoft.playwright.options.SelectOption()
				.setLabel(this.jdbc.sql("select display_name from account where username = 'volunteer'")
					.query(String.class)
					.single()));
		staff.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Give it to them")).click();
		visit(staff, "errand-desktop", null);

		volunteer.navigate(url("/errands/" + errand));
		assertThat(volunteer.locator("#door")).containsText("At the door");
		visit(volunteer, "errand-phone", null);
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("No answer")).click();
		assertThat(volunteer.locator("#not-delivered")).hasText("Not delivered");
		assertThat(
				volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Bring it back to the shop")))
			.isVisible();
		visit(volunteer, "not-delivered-phone", null);
		tourPicture(volunteer.locator("section:has(#not-delivered)"), "7-not-delivered");
		volunteer.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Bring it back to the shop")).click();
		assertThat(this.jdbc.sql("select status from errand where id = ?").param(errand).query(String.class).single())
			.isEqualTo("NOT_DELIVERED");

		// The owner's pages a day ends on, checked too: a customer and the impact page.
		Page owner = signIn(Browsing.Screen.DESKTOP, "owner");
		UUID customer = this.jdbc.sql("select customer_id from welfare_check where id = ?")
			.param(checkId)
			.query(UUID.class)
			.single();
		owner.navigate(url("/customers/" + customer));
		visit(owner, "customer-desktop", null);
		owner.navigate(url("/impact"));
		visit(owner, "impact-desktop", null);
		Locator table = owner.locator("table.figures");
		assertThat((Boolean) table.evaluate("(t) => t.parentElement.scrollWidth <= t.parentElement.clientWidth"))
			.as("the impact table whole at 1366 px")
			.isTrue();
	}

	/**
	 * Every page in the owner's navigation, on a desktop and on a phone: nothing wider
	 * than the screen (wide tables scroll inside their own box), axe-core clean.
	 */
	@Test
	void everyPageInTheNavigationFitsTheScreenAndPassesAxe() throws Exception {
		List<String> problems = new java.util.ArrayList<>();
		for (Browsing.Screen device : List.of(Browsing.Screen.DESKTOP, Browsing.Screen.PHONE)) {
			Page owner = signIn(device, "owner");
			List<String> paths = owner.locator("#site-nav a[href^='/']")
				.evaluateAll("(links) => links.map((a) => a.getAttribute('href'))") instanceof List<?> hrefs
						? hrefs.stream().map(String::valueOf).toList() : List.of();
			assertThat(paths).contains("/today", "/missing", "/customers", "/impact", "/settings");
			// and the owner's pages one level further in
			paths = new java.util.ArrayList<>(paths);
			paths.addAll(List.of("/errands/rounds", "/alarms/devices", "/alarms/report", "/missing/settings",
					"/settings/notifications"));
			for (String path : paths) {
				owner.navigate(url(path));
				try {
					visit(owner, "owner" + path.replace('/', '-') + "-" + device.name().toLowerCase(), null);
				}
				catch (AssertionError ex) {
					problems.add(ex.getMessage());
				}
			}
		}
		// the API's documentation works under its own policy
		Page docs = signIn(Browsing.Screen.DESKTOP, "owner");
		docs.navigate(url("/api/docs"));
		// (the first request for the API's description builds it: seconds on a busy
		// machine)
		assertThat(docs.locator(".swagger-ui .info .title")).containsText("Extra Mile",
				new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
		chromium.assertNothingRefusedByPolicy("the API documentation");
		assertThat(problems).isEmpty();
	}

	/**
	 * The accessibility check itself can fail: an image with no text is a critical
	 * violation.
	 */
	@Test
	void theAccessibilityCheckFindsAnImageWithoutText() {
		Page page = chromium.open(Browsing.Screen.DESKTOP);
		page.setContent("<!DOCTYPE html><html lang='en'><head><title>Test</title></head>"
				+ "<body><main><h1>Test</h1><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></main></body></html>");
		org.assertj.core.api.Assertions.assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Accessibility.check(page, "an image without text"))
			.withMessageContaining("image-alt");
	}

	private Page signIn(Browsing.Screen device, String username) {
		Page page = chromium.open(device);
		page.navigate(url("/login"));
		page.getByLabel("Username").fill(username);
		page.getByLabel("Password").fill("demo");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));
		return page;
	}

	/**
	 * What every page of the journey must pass: nothing wider than the screen, axe-core
	 * clean; then a screenshot (and the README's tour picture when asked for).
	 */
	private static void visit(Page page, String name, String tourName) throws Exception {
		chromium.check(page, name);
		if (TOUR != null && tourName != null) {
			page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(TOUR, tourName + ".png")));
		}
	}

	/** A tour picture of one part of a page (when asked for). */
	private static void tourPicture(Locator part, String tourName) {
		if (TOUR != null) {
			part.screenshot(new Locator.ScreenshotOptions().setPath(Path.of(TOUR, tourName + ".png")));
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
