package app.extramile.journeys;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.system.Accounts;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The counter through a dropped line, in Debian's Chromium with its network switched off
 * (Playwright's offline mode): the page comes back from the service worker, customers are
 * found in the names kept on the tablet, taps wait there (a double tap once) and the page
 * says so, and when the line is back each tap becomes exactly one visit at the time it
 * was tapped. Signed out meanwhile, the taps are kept until someone signs in again.
 */
@RequiresChromium
// Its database is its own, so the context is never reused: close it.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@Import(OfflineCounterJourneyTests.RequestsSeen.class)
class OfflineCounterJourneyTests {

	/**
	 * Every request the server sees, so the test knows that nothing came while offline.
	 */
	static final AtomicInteger requests = new AtomicInteger();

	@TestConfiguration(proxyBeanMethods = false)
	static class RequestsSeen {

		@Bean
		FilterRegistrationBean<jakarta.servlet.Filter> countRequests() {
			FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>(
					(request, response, chain) -> {
						// Not the browser's own update check of the worker's script,
						// which
						// Chromium's offline mode does not cover.
						if (!((jakarta.servlet.http.HttpServletRequest) request).getRequestURI()
							.endsWith("/counter-sw.js")) {
							requests.incrementAndGet();
						}
						chain.doFilter(request, response);
					});
			registration.setOrder(Integer.MIN_VALUE);
			return registration;
		}

	}

	private static final String PASSWORD = "a long enough password";

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Accounts accounts;

	@Autowired
	CustomerDirectory customers;

	ShopId shop;

	String username;

	Map<String, CustomerId> people = new LinkedHashMap<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("offline-counter");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@BeforeEach
	void shopWithCustomers() {
		this.shop = TestShops.create(this.jdbc);
		this.username = "staff-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(this.shop, this.username, "Nia Counter", Role.STAFF, PASSWORD);
		for (String name : List.of("Gwenllian Prys", "Dafydd Morgan", "Eirlys Bowen", "Huw Jenkins")) {
			this.people.put(name, this.customers.register(this.shop, new CustomerDetails(null, name, null, null, null,
					"1 Stryd Fawr", "Llan", null, null, null, null, null, List.of())));
		}
	}

	@ParameterizedTest
	@EnumSource(Browsing.Screen.class)
	void tapsMadeWhileTheLineIsDownAreRecordedOnceEachAtTheTimeTheyWereTapped(Browsing.Screen screen) throws Exception {
		Page page = signIn(screen);
		page.navigate(url("/counter"));
		keptByTheServiceWorker(page);
		chromium.check(page, "online-" + screen.name().toLowerCase());

		page.context().setOffline(true);
		int beforeOffline = requests.get();
		Response reloaded = page.reload();
		assertThat(reloaded.fromServiceWorker()).as("the page came from the service worker").isTrue();
		Locator banner = page.locator("#offline-state");
		assertThat(banner).containsText("Offline: the line is down.");
		assertThat(banner).hasAttribute("role", "status");

		Map<String, Instant[]> tapped = new LinkedHashMap<>();
		tapped.put("Gwenllian Prys", tap(page, "Gw", "Gwenllian Prys"));
		assertThat(page.locator("#status")).containsText("Gwenllian Prys: kept on this tablet");
		tapped.put("Dafydd Morgan", tap(page, "Daf", "Dafydd Morgan"));
		// A double tap: she is waiting already, and stays one tap.
		tap(page, "Gwen", "Gwenllian Prys");
		assertThat(page.locator("#status")).containsText("Gwenllian Prys is already waiting to be sent");
		tapped.put("Eirlys Bowen", tap(page, "Eir", "Eirlys Bowen"));
		assertThat(banner).containsText("Offline: 3 taps waiting. They will be sent when the line is back.");
		assertThat(banner).isVisible();
		page.locator("#q").pressSequentially("Gw", new Locator.PressSequentiallyOptions().setDelay(40));
		assertThat(page.locator("#results .waiting").first()).containsText("Waiting to be sent (tapped at");
		chromium.check(page, "offline-" + screen.name().toLowerCase());
		assertThat(counterVisits()).isEmpty();
		assertThat(requests.get()).as("requests that reached the server while offline").isEqualTo(beforeOffline);

		// The line comes back a few seconds later: the visits keep the times they were
		// tapped.
		Thread.sleep(3000);
		page.context().setOffline(false);
		assertThat(banner).containsText("Back online: all 3 waiting taps are sent.",
				new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
		chromium.check(page, "back-online-" + screen.name().toLowerCase());

		Map<UUID, Instant> visits = counterVisits();
		assertThat(visits).hasSize(3);
		tapped.forEach((name, window) -> {
			Instant seen = visits.get(this.people.get(name).value());
			assertThat(seen).as("the visit of %s", name).isNotNull();
			assertThat(seen).as("when %s was tapped", name)
				.isBetween(window[0].minusMillis(1500), window[1].plusMillis(1500));
		});

		// Nothing more is sent: the page keeps retrying every 15 s, and a reload sends
		// nothing twice.
		page.reload();
		assertThat(page.locator("#offline-state")).isEmpty();
		assertThat(counterVisits()).hasSize(3);
	}

	@Test
	void signedOutWhileTheLineWasDownTheTapsAreKeptUntilSomeoneSignsInAgain() throws Exception {
		Page page = signIn(Browsing.Screen.DESKTOP);
		page.navigate(url("/counter"));
		keptByTheServiceWorker(page);

		page.context().setOffline(true);
		Instant[] huw = tap(page, "Huw", "Huw Jenkins");
		tap(page, "Eir", "Eirlys Bowen");
		Locator banner = page.locator("#offline-state");
		assertThat(banner).containsText("Offline: 2 taps waiting.");

		// The session ends while the line is down (its cookie is gone): the page still
		// holds a CSRF token, for a session that no longer exists.
		page.context().clearCookies();
		page.context().setOffline(false);
		assertThat(banner).containsText("Signed out: sign in again to send them. 2 taps are kept on this tablet.",
				new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
		Locator signInAgain = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in again"));
		assertThat(signInAgain).isVisible();
		chromium.check(page, "signed-out");
		assertThat(counterVisits()).isEmpty();

		// Signed in again in another tab: this page's token is stale, and it asks for a
		// fresh one before it sends.
		Page other = page.context().newPage();
		other.navigate(url("/login"));
		other.getByLabel("Username").fill(this.username);
		other.getByLabel("Password").fill(PASSWORD);
		other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		other.waitForURL(Pattern.compile(".*/today$"));
		other.close();
		page.evaluate("() => window.dispatchEvent(new Event('online'))");
		assertThat(banner).containsText("Back online: all 2 waiting taps are sent.",
				new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
		Map<UUID, Instant> visits = counterVisits();
		assertThat(visits).containsOnlyKeys(this.people.get("Huw Jenkins").value(),
				this.people.get("Eirlys Bowen").value());
		assertThat(visits.get(this.people.get("Huw Jenkins").value())).isCloseTo(huw[0], within(Duration.ofSeconds(2)));
	}

	@Test
	void aTapWhoseAnswerIsLostIsSentAgainWithItsKeyAndCountsOnce() {
		// The page keeps the tap and sends it again, not the service worker: without one,
		// the lost answer below is the page's own request, which the route intercepts.
		Page page = signIn(chromium.openWithoutServiceWorkers(Browsing.Screen.DESKTOP));
		page.navigate(url("/counter"));
		// The tap reaches the server, which records it; its answer never comes back.
		page.route("**/counter/visits", (route) -> {
			route.fetch();
			route.abort("connectionreset");
		});
		page.locator("#q").pressSequentially("Huw", new Locator.PressSequentiallyOptions().setDelay(40));
		Locator button = page.locator("#results")
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("In today: Huw Jenkins"));
		assertThat(button).isVisible();
		Instant before = Instant.now();
		button.click();
		Instant after = Instant.now();
		// On a busy machine the recording and the lost answer take a while.
		assertThat(page.locator("#status")).containsText("Huw Jenkins: kept on this tablet",
				new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
		assertThat(counterVisits()).containsOnlyKeys(this.people.get("Huw Jenkins").value());
		page.unroute("**/counter/visits");

		// Kept with its key, and sent again as soon as the server answers.
		Locator banner = page.locator("#offline-state");
		assertThat(banner).containsText("Back online: the waiting tap is sent.",
				new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
		Map<UUID, Instant> visits = counterVisits();
		assertThat(visits).containsOnlyKeys(this.people.get("Huw Jenkins").value());
		assertThat(visits.get(this.people.get("Huw Jenkins").value())).isBetween(before.minusMillis(1500),
				after.plusMillis(1500));
	}

	private Page signIn(Browsing.Screen screen) {
		return signIn(chromium.open(screen));
	}

	private Page signIn(Page page) {
		page.navigate(url("/login"));
		page.getByLabel("Username").fill(this.username);
		page.getByLabel("Password").fill(PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));
		return page;
	}

	private static void keptByTheServiceWorker(Page page) {
		page.waitForFunction("() => document.documentElement.getAttribute('data-counter-kept') === 'true'");
	}

	/** Types at the counter and taps the customer; returns just before and just after. */
	private static Instant[] tap(Page page, String letters, String name) {
		page.locator("#q").fill("");
		page.locator("#q").pressSequentially(letters, new Locator.PressSequentiallyOptions().setDelay(40));
		Locator button = page.locator("#results")
			.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("In today: " + name));
		assertThat(button).isVisible();
		Instant before = Instant.now();
		button.click();
		Instant after = Instant.now();
		assertThat(page.locator("#q")).hasValue("");
		return new Instant[] { before, after };
	}

	private Map<UUID, Instant> counterVisits() {
		Map<UUID, Instant> visits = new LinkedHashMap<>();
		this.jdbc.sql("select customer_id, seen_at from visit where shop_id = ? and source = 'COUNTER'")
			.param(this.shop.value())
			.query((rs) -> {
				UUID customer = rs.getObject("customer_id", UUID.class);
				assertThat(visits).as("one visit each").doesNotContainKey(customer);
				visits.put(customer, Times.instant(rs, "seen_at"));
			});
		return visits;
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
