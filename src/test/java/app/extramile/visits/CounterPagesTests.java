package app.extramile.visits;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The counter without friction: a search that finds nobody offers to add the customer
 * with the name typed (and comes back to the counter), and customers already in today say
 * so. On H2, through the pages, Tuesday 24 November 2026, 10:00 in London.
 */
@AppTest
class CounterPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	VisitLog visits;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void aShop() {
		this.clock.set(HandMovedClock.START);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
	}

	@Test
	void withoutAGeocoderTheCustomerFormSaysHowToSetTheLocationByHand() throws Exception {
		this.mvc.perform(get("/customers/new").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No postcode lookup is set up")))
			.andExpect(content().string(containsString("href=\"https://www.openstreetmap.org/search?query=")))
			.andExpect(content().string(not(containsString("Find from postcode"))));
	}

	@Test
	void aSearchThatFindsNobodyOffersToAddThemWithTheNameTypedAndComesBackToTheCounter() throws Exception {
		this.mvc.perform(get("/counter").param("q", "Zebedee Prys").header("HX-Request", "true").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No customer matches")))
			.andExpect(content().string(containsString("href=\"/customers/new?name=Zebedee%20Prys&amp;from=counter\"")))
			.andExpect(content().string(containsString("Add &quot;Zebedee Prys&quot; as a new customer")));

		this.mvc
			.perform(
					get("/customers/new").param("name", "Zebedee Prys").param("from", "counter").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"Zebedee Prys\"")))
			.andExpect(content().string(containsString("name=\"from\" value=\"counter\"")));

		this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("from", "counter")
				.param("name", "Zebedee Prys")
				.param("phone", "not a phone"))
			.andExpect(status().isOk())
			.andExpect(view().name("customers/form"))
			.andExpect(model().attributeHasFieldErrors("form", "phone"))
			.andExpect(content().string(containsString("value=\"not a phone\"")))
			.andExpect(content().string(containsString("name=\"from\" value=\"counter\"")));

		MvcResult added = this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("from", "counter")
				.param("name", "Zebedee Prys")
				.param("phone", "01970 600999"))
			.andExpect(redirectedUrl("/counter?q=Zebedee%20Prys"))
			.andExpect(flash().attribute("addedName", "Zebedee Prys"))
			.andReturn();
		assertThat(this.customers.search(this.shop, "Zebedee", 5)).singleElement()
			.satisfies((c) -> assertThat(c.phone()).isEqualTo("01970 600999"));
		this.mvc
			.perform(get(URI.create("/counter?q=Zebedee%20Prys")).cookie(added.getResponse().getCookie("SESSION"))
				.with(user(this.staff)))
			.andExpect(content().string(containsString("Zebedee Prys is now a customer")))
			.andExpect(content().string(containsString("In today: Zebedee Prys")));

		this.mvc.perform(post("/customers").with(user(this.staff)).with(csrf()).param("name", "Without Counter"))
			.andExpect(status().is3xxRedirection())
			.andExpect((result) -> assertThat(result.getResponse().getRedirectedUrl()).startsWith("/customers/"));
	}

	@Test
	void customersAlreadyInTodaySaySoAndSinceWhen() throws Exception {
		CustomerId gwen = register("Gwen Tudur");
		CustomerId glenys = register("Glenys Tudur");
		CustomerId gwilym = register("Gwilym Tudur");
		this.clock.set(HandMovedClock.START.minus(Duration.ofHours(2)));
		this.visits.recordAtCounter(this.staff, gwen);
		this.clock.set(HandMovedClock.START);
		tillVisit(glenys, HandMovedClock.START.minus(Duration.ofHours(11)));

		MvcResult result = this.mvc.perform(get("/counter").param("q", "Tudur").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Already in today (08:00)")))
			.andReturn();
		String page = result.getResponse().getContentAsString();
		assertThat(page.split("Already in today", -1))
			.as("Gwen only: Glenys was in yesterday evening, Gwilym not at all")
			.hasSize(2);
		assertThat(this.visits.inToday(this.shop, List.of(gwen, glenys, gwilym))).containsOnlyKeys(gwen);

		this.visits.recordAtCounter(this.staff, gwilym);
		this.mvc.perform(get("/counter").param("q", "Gwilym").header("HX-Request", "true").with(user(this.staff)))
			.andExpect(content().string(containsString("Already in today (10:00)")));
		this.mvc.perform(get("/counter").param("q", "Glenys").header("HX-Request", "true").with(user(this.staff)))
			.andExpect(content().string(not(containsString("Already in today"))));
	}

	@Test
	void aKeptTapSentTwiceRecordsOneVisitAtItsTimeAndAnswersSuccessBothTimes() throws Exception {
		CustomerId gwen = register("Gwen Tudur");
		String key = UUID.randomUUID().toString();
		for (String outcome : List.of("recorded", "already")) {
			this.mvc
				.perform(post("/counter/taps").with(user(this.staff))
					.with(csrf())
					.param("customerId", gwen.value().toString())
					.param("key", key)
					.param("ageMillis", "600000"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.outcome").value(outcome))
				.andExpect(jsonPath("$.seenAt").value("2026-11-24T09:50:00Z"));
			this.clock.advance(Duration.ofSeconds(30));
		}
		this.mvc
			.perform(post("/counter/taps").with(user(this.staff))
				.with(csrf())
				.param("customerId", gwen.value().toString())
				.param("key", UUID.randomUUID().toString())
				.param("ageMillis", Long.toString(Duration.ofHours(25).toMillis())))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.outcome").value("refused"))
			.andExpect(jsonPath("$.message").value("it was tapped more than 24 hours ago, too long ago to record."));
		this.mvc
			.perform(post("/counter/taps").with(user(this.staff))
				.param("customerId", gwen.value().toString())
				.param("key", UUID.randomUUID().toString())
				.param("ageMillis", "0"))
			.andExpect(status().isForbidden());

		assertThat(this.visits.visitsOf(this.shop, gwen, 10)).singleElement()
			.satisfies((visit) -> assertThat(visit.seenAt()).isEqualTo(HandMovedClock.START.minusSeconds(600)));
	}

	@Test
	void anHtmxTapWithItsKeySentTwiceIsInTodayOnce() throws Exception {
		CustomerId gwen = register("Gwen Tudur");
		String key = UUID.randomUUID().toString();
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/counter/visits").with(user(this.staff))
					.with(csrf())
					.header("HX-Request", "true")
					.param("customerId", gwen.value().toString())
					.param("key", key)
					.param("ageMillis", "0"))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("Gwen Tudur is in today.")));
		}
		assertThat(this.visits.visitsOf(this.shop, gwen, 10)).hasSize(1);
	}

	@Test
	void theTabletKeepsOnlyTheNamesTheCounterShowsAndAsksWhetherItIsStillSignedIn() throws Exception {
		register("Gwen Tudur");
		this.mvc.perform(get("/counter/customers").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].name").value("Gwen Tudur"))
			.andExpect(jsonPath("$[0].address").value("1 Stryd y Capel"))
			.andExpect(content().string(not(containsString("01970"))))
			.andExpect(content().string(not(containsString("Llanfair"))));
		this.mvc.perform(get("/counter/session").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.shop").value(this.shop.value().toString()))
			.andExpect(jsonPath("$.header").value("X-CSRF-TOKEN"))
			.andExpect(jsonPath("$.token").isNotEmpty());
		this.mvc.perform(get("/counter/session")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/counter/customers")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/counter/customers").with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());

		// The service worker is there for the browser even when signed out, under the
		// pages' content security policy.
		this.mvc.perform(get("/counter-sw.js"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/javascript"))
			.andExpect(content().string(containsString("extramile-counter")));
		this.mvc.perform(get("/counter").with(user(this.staff)))
			.andExpect(content().string(containsString("data-worker=\"/counter-sw.js\"")))
			.andExpect(content().string(containsString("data-scope=\"/counter\"")));
	}

	private CustomerId register(String name) {
		return this.customers.register(this.shop, new CustomerDetails(null, name, null, "01970 600001", null,
				"1 Stryd y Capel", "Llanfair Fach", null, null, null, null, null, List.of()));
	}

	private void tillVisit(CustomerId customer, Instant at) {
		this.jdbc.sql("""
				insert into visit (id, shop_id, customer_id, seen_at, source, created_at)
				values (?, ?, ?, ?, 'IMPORT', ?)""")
			.params(UUID.randomUUID(), this.shop.value(), customer.value(), Times.column(at), Times.column(at))
			.update();
	}

}
