package app.extramile.customers;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * A customer's location from their postcode on the customer form, with the geocoder a
 * real HTTP server on loopback answering like postcodes.io (found, not found, failing,
 * slow): the form stays usable with a message by the location fields and the text typed,
 * and nothing is saved by a lookup. On H2, through the pages.
 */
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.geocoder.timeout=700ms" })
@AutoConfigureMockMvc
class CustomerLocationPagesTests {

	static final PostcodesStub stub = new PostcodesStub();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
		registry.add("extramile.geocoder.url", stub::url);
	}

	@AfterAll
	static void stopStub() {
		stub.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void aShop() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
	}

	private int customerCount() {
		return this.jdbc.sql("select count(*) from customer where shop_id = ?")
			.param(this.shop.value())
			.query(Integer.class)
			.single();
	}

	@Test
	void theFormOffersFindFromPostcodeWhenAGeocoderIsSetUp() throws Exception {
		this.mvc.perform(get("/customers/new").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Find from postcode")))
			.andExpect(content().string(containsString("hx-post=\"/customers/location\"")))
			.andExpect(content().string(not(containsString("No postcode lookup is set up"))));
	}

	@Test
	void findFromPostcodeFillsTheLocationAndSavesNothing() throws Exception {
		this.mvc
			.perform(post("/customers/location").header("HX-Request", "true")
				.with(user(this.staff))
				.with(csrf())
				.param("name", "Nan Evans")
				.param("postcode", "sy23 1aa")
				.param("latitude", "")
				.param("longitude", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"location\"")))
			.andExpect(content().string(containsString("Location found for sy23 1aa")))
			.andExpect(content().string(containsString("value=\"" + PostcodesStub.LATITUDE + "\"")))
			.andExpect(content().string(containsString("value=\"" + PostcodesStub.LONGITUDE + "\"")))
			.andExpect(content().string(not(containsString("<html"))));
		assertThat(customerCount()).isZero();
	}

	@Test
	void anUnknownPostcodeSaysSoByTheFieldsAndKeepsWhatWasTyped() throws Exception {
		this.mvc
			.perform(post("/customers/location").header("HX-Request", "true")
				.with(user(this.staff))
				.with(csrf())
				.param("postcode", "ZZ9 9ZZ")
				.param("latitude", "52.4")
				.param("longitude", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No location is known for the postcode &quot;ZZ9 9ZZ&quot;")))
			.andExpect(content().string(containsString("role=\"alert\"")))
			.andExpect(content().string(containsString("value=\"52.4\"")));
	}

	@Test
	void aFailingOrSlowGeocoderSaysItIsNotAnsweringWithinTheTimeout() throws Exception {
		for (String postcode : new String[] { PostcodesStub.BROKEN, PostcodesStub.SLOW }) {
			long start = System.nanoTime();
			this.mvc
				.perform(post("/customers/location").header("HX-Request", "true")
					.with(user(this.staff))
					.with(csrf())
					.param("postcode", postcode)
					.param("latitude", "")
					.param("longitude", ""))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("The postcode lookup is not answering just now")));
			assertThat((System.nanoTime() - start) / 1_000_000).as(postcode).isLessThan(1900);
		}
	}

	@Test
	void withoutJavaScriptTheButtonBringsTheWholeFormBackFilledAndNothingSaved() throws Exception {
		this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("locate", "postcode")
				.param("name", "Nan Evans")
				.param("phone", "01970 600111")
				.param("postcode", PostcodesStub.FOUND)
				.param("latitude", "")
				.param("longitude", ""))
			.andExpect(status().isOk())
			.andExpect(view().name("customers/form"))
			.andExpect(content().string(containsString("value=\"Nan Evans\"")))
			.andExpect(content().string(containsString("value=\"01970 600111\"")))
			.andExpect(content().string(containsString("value=\"" + PostcodesStub.LATITUDE + "\"")));
		assertThat(customerCount()).isZero();
	}

	@Test
	void savingWithNoLocationLooksThePostcodeUp() throws Exception {
		this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("name", "Nan Evans")
				.param("postcode", PostcodesStub.FOUND)
				.param("latitude", "")
				.param("longitude", ""))
			.andExpect(status().is3xxRedirection());
		assertThat(this.customers.search(this.shop, "Nan Evans", 5)).singleElement().satisfies((c) -> {
			assertThat(c.latitude()).isEqualTo(PostcodesStub.LATITUDE);
			assertThat(c.longitude()).isEqualTo(PostcodesStub.LONGITUDE);
		});
	}

	@Test
	void savingWhenTheLookupFindsNothingSavesTheCustomerAsTypedAndSaysSo() throws Exception {
		MvcResult saved = this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("name", "Gwen Morgan")
				.param("postcode", PostcodesStub.SLOW)
				.param("latitude", "")
				.param("longitude", ""))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("locationNote", "customer.location.savedWithoutDown"))
			.andReturn();
		assertThat(this.customers.search(this.shop, "Gwen Morgan", 5)).singleElement().satisfies((c) -> {
			assertThat(c.postcode()).isEqualTo(PostcodesStub.SLOW);
			assertThat(c.hasLocation()).isFalse();
		});
		// Flash attributes live in the (JDBC) session: come back with its cookie.
		this.mvc
			.perform(get(saved.getResponse().getRedirectedUrl()).cookie(saved.getResponse().getCookie("SESSION"))
				.with(user(this.staff)))
			.andExpect(content()
				.string(containsString("Saved without a location: the postcode lookup was not answering")));
	}

	@Test
	void aLocationTypedByHandIsKeptAndNotLookedUp() throws Exception {
		int asked = stub.paths().size();
		this.mvc
			.perform(post("/customers").with(user(this.staff))
				.with(csrf())
				.param("name", "Tom Price")
				.param("postcode", PostcodesStub.FOUND)
				.param("latitude", "52.1")
				.param("longitude", "-4.2"))
			.andExpect(status().is3xxRedirection());
		assertThat(stub.paths()).hasSize(asked);
		assertThat(this.customers.search(this.shop, "Tom Price", 5)).singleElement()
			.satisfies((c) -> assertThat(c.latitude()).isEqualTo(52.1));
	}

}
