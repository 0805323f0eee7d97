package app.extramile.journeys;

import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 * The counter as staff and volunteers use it, in Debian's Chromium against the demo
 * village: two letters, one tap, undo, and the visit on the customer's timeline.
 * Screenshots land in target/screenshots for a human to look at.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "extramile.demo.enabled=true")
class CounterJourneyTests {

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
		chromium = Browsing.launch("counter");
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

	@ParameterizedTest
	@EnumSource(value = Browsing.Screen.class, names = { "TABLET", "PHONE" })
	void staffCheckInACustomerWithTwoLettersAndATapAndSeeItOnTheirTimeline(Browsing.Screen device) {
		Page page = signIn(device, "staff");
		assertThat(page).hasURL(Pattern.compile(".*/today$"));
		assertThat(page.locator("#site-nav a[aria-current=page]")).hasText("Today");
		page.navigate(url("/counter"));

		Locator first = typeAtTheCounter(page, "Gw");
		String name = first.locator(".checkin strong").textContent().trim();
		String profile = first.locator("a.profile").getAttribute("href");
		screenshot(page, "counter-" + device.suffix());

		first.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("In today: " + name)).click();

		Locator status = page.locator("#status");
		assertThat(status).containsText("is in today.");
		assertThat(status.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Undo"))).isVisible();
		assertThat(page.locator("#q")).hasValue("");
		assertThat(page.locator("#q")).isFocused();
		screenshot(page, "confirmation-" + device.suffix());

		page.navigate(url(profile));
		assertThat(page.locator("h1")).containsText(name);
		assertThat(page.locator("#care-heading")).isVisible();
		Locator topOfTimeline = page.locator("#timeline ol.timeline > li").first();
		assertThat(topOfTimeline).containsText("In the shop (checked in at the counter)");
		screenshot(page, "customer-" + device.suffix());
	}

	@Test
	void undoWithinTenSecondsTakesTheVisitBack() {
		Page page = signIn(Browsing.Screen.TABLET, "staff");
		page.navigate(url("/counter"));
		Locator first = typeAtTheCounter(page, "Ll");
		UUID customer = UUID.fromString(first.locator("input[name=customerId]").inputValue());
		long before = counterVisits(customer);

		first.locator("button.checkin").click();
		assertThat(page.locator("#status")).containsText("is in today.");
		assertThat(counterVisits(customer)).isEqualTo(before + 1);

		page.locator("#status").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Undo")).click();
		assertThat(page.locator("#status")).containsText("Undone: that visit was not recorded.");
		assertThat(counterVisits(customer)).isEqualTo(before);
		screenshot(page, "undone-tablet");
	}

	@Test
	void volunteersSeeNeitherCareNotesNorTheCustomerList() {
		UUID customer = this.jdbc
			.sql("select c.id from customer c join care_profile p on p.customer_id = c.id order by c.name limit 1")
			.query(UUID.class)
			.single();
		Page page = signIn(Browsing.Screen.PHONE, "volunteer");
		assertThat(page.locator("h1")).containsText("Today");
		// not even in the folded menu
		assertThat(page.locator("#site-nav a[href='/customers']")).hasCount(0);
		Locator menu = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu"));
		// on a phone the links fold behind Menu
		assertThat(page.locator("#site-nav")).isHidden();
		menu.click();
		assertThat(menu).hasAttribute("aria-expanded", "true");
		assertThat(
				page.locator("#site-nav").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("My tasks")))
			.isVisible();
		screenshot(page, "menu-open-phone");
		menu.click();
		assertThat(page.locator("#site-nav")).isHidden();

		// The demo team's thank-you board, seeded for the village.
		page.navigate(url("/team/thanks"));
		assertThat(page.locator("ul.thanks")).containsText("thanked Menna Cadwgan");
		screenshot(page, "thanks-phone");

		// The demo village's call-out for the fete, with its gaps.
		page.navigate(url("/callouts"));
		page.getByText("Village fete").click();
		assertThat(page.locator("ol.slots")).containsText("Tea tent");
		assertThat(page.locator("ol.slots")).containsText("Coming: Menna Cadwgan");
		screenshot(page, "callout-phone");

		for (String path : new String[] { "/customers/" + customer + "/care-notes",
				"/customers/" + customer + "/access-notes", "/customers", "/counter" }) {
			Response response = page.navigate(url(path));
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(page.locator("h1")).hasText("Not available to you");
			assertThat(page.locator("body")).not().containsText("Key safe");
		}

		Response show = page.navigate(url("/customers/" + customer));
		assertThat(show.status()).isEqualTo(200);
		assertThat(page.locator("#contact-heading")).isVisible();
		assertThat(page.locator("#care-heading")).hasCount(0);
		assertThat(page.locator("#consent-heading")).hasCount(0);
		assertThat(page.locator("#plan")).hasCount(0);
		assertThat(page.locator("#timeline")).hasCount(0);
		assertThat(page.locator("body")).not().containsText("Care profile");
		screenshot(page, "volunteer-customer-phone");
	}

	@Test
	void aPendantPressAppearsOnTheAlarmBoardWithinASecondOverServerSentEvents() throws Exception {
		Page page = signIn(Browsing.Screen.TABLET, "staff");
		page.navigate(url("/alarms"));
		page.waitForFunction("() => window.extramileAlarmStream && window.extramileAlarmStream.readyState === 1");
		assertThat(page.locator("#live .alarm-open")).hasCount(0);

		java.net.http.HttpResponse<String> answer = DemoPendant.press(this.port, "DEMO-PENDANT-2");
		assertThat(answer.statusCode()).isEqualTo(201);

		// No reload: the stream says "changed" (counted by the page) and the board
		// fetches
		// its live part.
		assertThat(page.locator("#live .alarm-open")).hasCount(1,
				new LocatorAssertions.HasCountOptions().setTimeout(3000));
		assertThat(((Number) page.evaluate("() => window.extramileAlarmChanges")).intValue())
			.as("changes pushed over the stream")
			.isGreaterThanOrEqualTo(1);
		screenshot(page, "alarm-board-tablet");
	}

	@ParameterizedTest
	@EnumSource(value = Browsing.Screen.class, names = { "TABLET", "PHONE" })
	void everyoneStartsFromTodayAndSeesWhatIsTheirs(Browsing.Screen device) {
		Page owner = signIn(device, "owner");
		assertThat(owner.locator("h1")).containsText("Today");
		assertThat(owner.locator("ul.today-counts")).containsText("live alarms");
		assertThat(owner.locator("#missing")).containsText("Who's missing");
		assertThat(owner.locator("#birthdays")).isVisible();
		screenshot(owner, "today-owner-" + device.suffix());
		owner.context().close();

		Page volunteer = signIn(device, "volunteer");
		assertThat(volunteer.locator("h1")).containsText("Today");
		assertThat(volunteer.locator("ul.today-counts")).hasCount(0);
		// the demo volunteer is on duty at all hours
		assertThat(volunteer.locator("#alarms")).containsText("Live alarms");
		assertThat(volunteer.locator("body")).not().containsText("Key safe");
		screenshot(volunteer, "today-volunteer-" + device.suffix());
	}

	@Test
	void aPendantPressAppearsOnTodayWithoutAReload() throws Exception {
		Page page = signIn(Browsing.Screen.TABLET, "staff");
		page.waitForFunction("() => window.extramileTodayStream && window.extramileTodayStream.readyState === 1");
		int before = page.locator("#alarms li").count();
		assertThat(DemoPendant.press(this.port, "DEMO-PENDANT-3").statusCode()).isEqualTo(201);

		// No reload: the alarm board's stream says "changed" and Today fetches its
		// sections.
		assertThat(page.locator("#alarms li")).hasCount(before + 1,
				new LocatorAssertions.HasCountOptions().setTimeout(5000));
		assertThat(page.locator("#alarms.alarm-open")).isVisible();
		Locator answer = page.locator("#alarms li")
			.last()
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Answer"));
		screenshot(page, "today-alarm-tablet");
		answer.click();
		assertThat(page).hasURL(Pattern.compile(".*/alarms/[0-9a-f-]{36}$"));
	}

	@ParameterizedTest
	@EnumSource(value = Browsing.Screen.class, names = { "TABLET", "PHONE" })
	void theMorningListSaysInPlainWordsWhoIsMissingAndWhy(Browsing.Screen device) {
		Page page = signIn(device, "staff");
		page.navigate(url("/missing"));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check now")).click();

		Locator lines = page.locator("ol.missing > li");
		assertThat(lines.first()).isVisible();
		assertThat(lines.first()).containsText("Last seen");
		assertThat(lines.first()).containsText("An absence this long happens about 1 time in");
		assertThat(lines.first()
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start a welfare check"))).isVisible();
		assertThat(page.locator("ol.missing > li.level-red").first()).containsText("Red");
		screenshot(page, "missing-" + device.suffix());
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

	/** Types like a person at the counter and returns the first customer offered. */
	private static Locator typeAtTheCounter(Page page, String letters) {
		page.locator("#q").pressSequentially(letters, new Locator.PressSequentiallyOptions().setDelay(60));
		Locator results = page.locator("#results ul.results > li");
		assertThat(results.first()).isVisible();
		return results.first();
	}

	private long counterVisits(UUID customer) {
		return this.jdbc.sql("select count(*) from visit where customer_id = ? and source = 'COUNTER'")
			.param(customer)
			.query(Long.class)
			.single();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/**
	 * Nothing sticks out sideways (on a phone that means scrolling left and right to find
	 * the button; a wide table scrolls in its own box), nothing refused by the Content
	 * Security Policy, then a full-page screenshot.
	 */
	private static void screenshot(Page page, String name) {
		chromium.screenshot(page, name);
	}

}
