package app.extramile.journeys;

import java.util.List;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo village's community page and impact page in Debian's Chromium, at tablet and
 * phone widths: the fete is on the public page (no sign-in), and the impact charts draw
 * (Chart.js from the WebJar, under the strict content security policy). Screenshots land
 * in target/screenshots.
 */
@RequiresChromium
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "extramile.demo.enabled=true", "db-scheduler.enabled=false" })
class CommunityJourneyTests {

	/**
	 * A label matched whole: in-app notices on the page carry labels such as "Dismiss:
	 * Gethin from the team asks...", which a substring match for "From" would also find.
	 */
	private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("community");
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
	void anyoneSeesTheFeteOnThePublicPageWithoutSigningIn(Browsing.Screen device) {
		Page page = open(device);
		Response response = page.navigate(url("/p/siop-y-llan"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(page).hasURL(Pattern.compile(".*/p/siop-y-llan$"));
		assertThat(page.locator("h1")).containsText("What's on at Siop y Llan");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Village Christmas fete")))
			.isVisible();
		assertThat(page.locator("body")).containsText("Wales Air Ambulance");
		assertThat(page.locator("body")).not().containsText("Stocktake");
		assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Paid forward, waiting for you")))
			.isVisible();
		screenshot(page, "community-public-" + device.suffix());

		// A browser downloads a calendar feed rather than showing it: fetch it as a
		// calendar app would.
		com.microsoft.playwright.APIResponse feed = page.request().get(url("/p/siop-y-llan/events.ics"));
		assertThat(feed.status()).isEqualTo(200);
		assertThat(feed.headers().get("content-type")).startsWith("text/calendar");
		assertThat(feed.text()).contains("SUMMARY:Village Christmas fete");
	}

	@ParameterizedTest
	@EnumSource(value = Browsing.Screen.class, names = { "TABLET", "PHONE" })
	void theOwnerSeesTheYearCharted(Browsing.Screen device) {
		Page page = signIn(device, "owner");
		List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
		page.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				errors.add(message.text());
			}
		});
		page.navigate(url("/impact"));

		assertThat(page.locator("h1")).containsText("Our impact in");
		Locator canvases = page.locator("canvas[data-chart]");
		assertThat(canvases).hasCount(5);
		for (int i = 0; i < 5; i++) {
			Locator canvas = canvases.nth(i);
			assertThat(canvas).hasAttribute("data-drawn", "true");
			assertThat(canvas.boundingBox().width).isGreaterThan(200);
			Object painted = canvas.evaluate("""
					(c) => {
					  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
					  let inked = 0;
					  for (let p = 3; p < data.length; p += 4) { if (data[p] > 0) inked++; }
					  return inked;
					}""");
			assertThat(((Number) painted).intValue()).as("pixels drawn on chart %d", i).isGreaterThan(500);
		}
		assertThat(page.locator("table")).containsText("Raised for charities");
		assertThat(errors).as("console errors (a CSP violation shows here)").isEmpty();
		screenshot(page, "impact-" + device.suffix());

		page.navigate(url("/community"));
		assertThat(page.locator("h1")).hasText("Community board");
		assertThat(page.locator("body")).containsText("Stocktake (all hands)");
		screenshot(page, "community-staff-" + device.suffix());
	}

	/**
	 * Colleagues are customers too: Menna, the volunteer, asks the team for a hand on her
	 * phone (a window that ends before it starts is refused by the field first); Gethin
	 * sees it among his errands, takes it on and marks it done; Menna thanks him from the
	 * request and the thanks is on the team's board, about that request.
	 */
	@Test
	void aColleagueAsksTheTeamForAHandAndThanksTheOneWhoHelped() {
		Page menna = signIn(Browsing.Screen.PHONE, "volunteer");
		menna.navigate(url("/errands"));
		menna.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Ask the team for help")).click();
		assertThat(menna.locator("h1")).hasText("Ask the team for help");
		menna.getByLabel("What kind of help").selectOption("STOCK_HAND");
		menna.getByLabel("What do you need?").fill("Help me move the chest freezer back after the clean");
		menna.getByLabel("From", EXACT).fill("11:00");
		menna.getByLabel("Until", EXACT).fill("10:00");
		menna.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask the team")).click();

		assertThat(menna.locator("#to-error")).hasText("The window must end after it opens.");
		assertThat(menna.getByLabel("Until", EXACT)).hasAttribute("aria-invalid", "true");
		assertThat(menna.getByLabel("What do you need?"))
			.hasValue("Help me move the chest freezer back after the clean");
		screenshot(menna, "colleague-ask-refused-phone");
		menna.getByLabel("Until", EXACT).fill("12:00");
		menna.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask the team")).click();

		assertThat(menna.locator("h1")).hasText("A hand with stock: for Menna Cadwgan");
		assertThat(menna.getByRole(AriaRole.STATUS)).containsText("Asked.");
		String request = menna.url();
		screenshot(menna, "colleague-asked-phone");

		Page gethin = signIn(Browsing.Screen.PHONE, "staff");
		gethin.navigate(url("/errands"));
		Locator card = gethin.locator("li.card").filter(new Locator.FilterOptions().setHasText("chest freezer"));
		assertThat(card).containsText("for Menna Cadwgan");
		card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("I will do it")).click();
		gethin.navigate(request);
		assertThat(gethin.locator("dl")).containsText("Gethin Llwyd");
		gethin.getByLabel("Minutes spent").fill("20");
		gethin.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark it done")).click();
		gethin.context().close();

		menna.navigate(request);
		assertThat(menna.locator("dl")).containsText("Done");
		menna.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thank Gethin")).click();
		assertThat(menna.locator("body")).containsText("Thank you for the hand with the stock!");
		assertThat(menna.locator("body")).containsText("Gethin Llwyd");
		screenshot(menna, "colleague-thanked-phone");
		menna.navigate(request);
		assertThat(menna.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("You thanked Gethin Llwyd")))
			.isVisible();
		assertThat(menna.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thank Gethin"))).hasCount(0);
	}

	private Page open(Browsing.Screen device) {
		return chromium.open(device);
	}

	private Page signIn(Browsing.Screen device, String username) {
		Page page = open(device);
		page.navigate(url("/login"));
		page.getByLabel("Username").fill(username);
		page.getByLabel("Password").fill("demo");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));
		return page;
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
