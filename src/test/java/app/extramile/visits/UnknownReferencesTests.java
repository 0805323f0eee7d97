package app.extramile.visits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A till's visits naming a card no customer has: they wait on the owner's page to be
 * matched to a customer or to create one, or (the shop's choice) create their customer at
 * once. Through the visit API over real HTTP and through a till import.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "extramile.visits.import.sweep-every=1h")
@AutoConfigureMockMvc
class UnknownReferencesTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	ApiTokens tokens;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	UnknownReferences unknown;

	@Autowired
	VisitLog visits;

	@Autowired
	JdbcClient jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	final Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

	ShopId shop;

	ShopUser owner;

	String token;

	CustomerId gwen;

	@BeforeEach
	void shopWithATill() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.token = this.tokens.create(this.shop, "Till 1", null);
		this.gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null, null, null,
				null, null, null, null, null, null, null, List.of()));
	}

	HttpResponse<String> postVisit(String externalId, String reference) throws Exception {
		String body = """
				{"visits": [{"externalId": "%s", "customerReference": "%s", "seenAt": "%s", "amountMinor": 340}]}"""
			.formatted(externalId, reference, this.anHourAgo);
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/visits"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void anApiVisitWithAnUnknownCardWaitsUntilTheOwnerMatchesItToACustomer() throws Exception {
		HttpResponse<String> response = postVisit("t1-0001", "SYL0999");
		assertThat(response.body()).contains("\"accepted\":0", "customerReference",
				"The visit waits for the shop to match the reference to a customer.");
		postVisit("t1-0001", "SYL0999");
		postVisit("t1-0002", "SYL0999");
		assertThat(this.unknown.waiting(this.shop)).singleElement()
			.satisfies((w) -> assertThat(w.reference()).isEqualTo("SYL0999"))
			.satisfies((w) -> assertThat(w.visits()).as("the same visit sent twice waits once").isEqualTo(2));

		this.mvc.perform(get("/visits/unknown").with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Reference SYL0999")))
			.andExpect(content().string(containsString("2 visits waiting")));
		this.mvc
			.perform(post("/visits/unknown/match").with(user(this.owner))
				.with(csrf())
				.param("reference", "SYL0999")
				.param("customer", "Nobody Atall"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No customer by that name.")))
			.andExpect(content().string(containsString("value=\"Nobody Atall\"")));
		this.mvc
			.perform(post("/visits/unknown/match").with(user(this.owner))
				.with(csrf())
				.param("reference", "SYL0999")
				.param("customer", "Gwen Prydderch"))
			.andExpect(status().is3xxRedirection());

		assertThat(this.visits.visitsOf(this.shop, this.gwen, 10)).hasSize(2);
		assertThat(this.customers.get(this.shop, this.gwen).reference()).isEqualTo("SYL0999");
		assertThat(this.unknown.waiting(this.shop)).isEmpty();
		// The till sends the visit again: it is known now, and added once only.
		assertThat(postVisit("t1-0001", "SYL0999").body()).contains("\"accepted\":0", "\"duplicates\":1");
	}

	@Test
	void whenTheShopChoseItAnUnknownCardCreatesItsCustomer() throws Exception {
		this.mvc.perform(
				post("/visits/unknown/setting").with(user(this.owner)).with(csrf()).param("createCustomers", "true"))
			.andExpect(status().is3xxRedirection());
		assertThat(this.unknown.createsCustomers(this.shop)).isTrue();

		assertThat(postVisit("t1-0003", "SYL0777").body()).contains("\"accepted\":1");

		Customer created = this.customers.findByReference(this.shop, "SYL0777").orElseThrow();
		assertThat(created.name()).isEqualTo("SYL0777");
		assertThat(this.visits.visitsOf(this.shop, created.id(), 10)).hasSize(1);
		assertThat(this.unknown.waiting(this.shop)).isEmpty();
	}

	@Test
	void theSettingIsOffByDefaultAndForOwnersOnly() throws Exception {
		assertThat(this.unknown.createsCustomers(this.shop)).isFalse();
		this.mvc.perform(get("/visits/unknown").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isForbidden());
	}

	@Test
	void aTillImportsUnknownCardWaitsAndCreatingTheCustomerAddsItsVisitsOnce() throws Exception {
		byte[] file = "Card,When\nSYL0555,20/11/2026 09:12\nSYL0555,21/11/2026 09:30\n"
			.getBytes(StandardCharsets.UTF_8);
		importTill(file);
		assertThat(this.unknown.waiting(this.shop)).singleElement()
			.satisfies((w) -> assertThat(w.visits()).isEqualTo(2));

		this.mvc
			.perform(post("/visits/unknown/create").with(user(this.owner))
				.with(csrf())
				.param("reference", "SYL0555")
				.param("name", " "))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Give the customer&#39;s name.")));
		this.mvc
			.perform(post("/visits/unknown/create").with(user(this.owner))
				.with(csrf())
				.param("reference", "SYL0555")
				.param("name", "Elen Morgan"))
			.andExpect(status().is3xxRedirection());

		Customer elen = this.customers.findByReference(this.shop, "SYL0555").orElseThrow();
		assertThat(elen.name()).isEqualTo("Elen Morgan");
		assertThat(this.visits.visitsOf(this.shop, elen.id(), 10)).hasSize(2);

		// The same file imported again now finds Elen: nothing is added twice.
		importTill(file);
		assertThat(this.visits.visitsOf(this.shop, elen.id(), 10)).hasSize(2);
		assertThat(this.unknown.waiting(this.shop)).isEmpty();
	}

	void importTill(byte[] file) throws Exception {
		String page = this.mvc
			.perform(multipart("/visits/import").file(new MockMultipartFile("file", "till.csv", "text/csv", file))
				.with(user(this.owner))
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		this.mvc
			.perform(post(page).with(user(this.owner))
				.with(csrf())
				.param("hasHeader", "true")
				.param("referenceColumn", "0")
				.param("timeColumn", "1")
				.param("action", "start"))
			.andExpect(status().is3xxRedirection());
		String id = page.substring(page.lastIndexOf('/') + 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "DONE".equals(this.jdbc.sql("select status from till_import where id = cast(? as uuid)")
				.param(id)
				.query(String.class)
				.single()));
	}

}
