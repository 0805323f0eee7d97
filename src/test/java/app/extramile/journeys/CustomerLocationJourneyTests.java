package app.extramile.journeys;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.PostcodesStub;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Find from postcode in Debian's Chromium, on a phone: htmx swaps in the location found
 * by a real HTTP geocoder on loopback (under the strict content security policy, with the
 * CSRF header), the rest of the form keeps what was typed, an unknown postcode is
 * explained by the fields, and the page passes axe.
 */
@RequiresChromium
// Its database and geocoder are its own, so the context is never reused: close it.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
class CustomerLocationJourneyTests {

	static final PostcodesStub stub = new PostcodesStub();

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Accounts accounts;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
		registry.add("extramile.geocoder.url", stub::url);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("customer-location");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
		stub.close();
	}

	@Test
	void findFromPostcodeFillsTheLocationAndKeepsTheFormAsTyped() {
		ShopId shop = TestShops.create(this.jdbc);
		String username = "staff-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(shop, username, "Gethin Llwyd", Role.STAFF, "a long enough password");
		Page page = chromium.open(Browsing.Screen.PHONE);
		List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
		page.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				errors.add(message.text());
			}
		});
		page.navigate(url("/login"));
		page.getByLabel("Username").fill(username);
		page.getByLabel("Password").fill("a long enough password");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));

		page.navigate(url("/customers/new"));
		page.getByLabel("Full name").fill("Nan Evans");
		page.getByLabel("Postcode").fill("ZZ9 9ZZ");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find from postcode")).click();
		assertThat(page.locator("#location-message")).containsText("No location is known for the postcode");
		assertThat(page.locator("#location-message")).hasAttribute("role", "alert");
		assertThat(page.getByLabel("Full name")).hasValue("Nan Evans");
		assertThat(page).hasURL(Pattern.compile(".*/customers/new$"));

		page.getByLabel("Postcode").fill(PostcodesStub.FOUND);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find from postcode")).click();
		assertThat(page.locator("#location-message")).containsText("Location found for " + PostcodesStub.FOUND);
		assertThat(page.getByLabel("Latitude")).hasValue(Double.toString(PostcodesStub.LATITUDE));
		assertThat(page.getByLabel("Longitude")).hasValue(Double.toString(PostcodesStub.LONGITUDE));
		assertThat(page.getByLabel("Full name")).hasValue("Nan Evans");
		chromium.check(page, "phone");

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
		assertThat(page.locator("h1")).containsText("Nan Evans");
		assertThat(this.jdbc.sql("select latitude from customer where shop_id = ? and name = 'Nan Evans'")
			.param(shop.value())
			.query(Double.class)
			.single()).isEqualTo(PostcodesStub.LATITUDE);
		assertThat(errors).as("console errors (a CSP violation shows here)").isEmpty();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
