package app.extramile.visits.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import app.extramile.TestShops;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.ApiTokens;
import app.extramile.visits.VisitLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visit and customer APIs over real HTTP, run on H2 and on PostgreSQL by the
 * subclasses.
 */
abstract class VisitApiContract {

	@LocalServerPort
	int port;

	@Autowired
	ApiTokens tokens;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	VisitLog visits;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	final HttpClient http = HttpClient.newHttpClient();

	ShopId shop;

	String token;

	CustomerId gwen;

	CustomerId dafydd;

	ShopId otherShop;

	CustomerId otherShopsCustomer;

	final Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

	@BeforeEach
	void shopWithATill() {
		this.shop = TestShops.create(this.jdbc);
		this.token = this.tokens.create(this.shop, "Till 1", null);
		this.gwen = register(this.shop, "SYL0001", "Gwen Prydderch", "Nan");
		this.dafydd = register(this.shop, "SYL0002", "Dafydd Llwyd", null);
		this.otherShop = TestShops.create(this.jdbc);
		this.otherShopsCustomer = register(this.otherShop, "OTH0001", "Nia Cadwgan", null);
	}

	CustomerId register(ShopId shop, String reference, String name, String preferred) {
		return this.customers.register(shop, new CustomerDetails(reference, name, preferred, "01970 600001", null,
				"3 Stryd y Capel", "Llanfair Fach", "SY23 1AB", null, null, null, null, List.of()));
	}

	Map<String, Object> visit(String externalId, Object customerId, String reference, Object seenAt, Object amount) {
		Map<String, Object> visit = new LinkedHashMap<>();
		visit.put("externalId", externalId);
		visit.put("customerId", customerId);
		visit.put("customerReference", reference);
		visit.put("seenAt", seenAt);
		visit.put("amountMinor", amount);
		return visit;
	}

	HttpResponse<String> post(String path, String body, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> postVisits(List<Map<String, Object>> visits) throws IOException, InterruptedException {
		return post("/api/visits", this.json.writeValueAsString(Map.of("visits", visits)), this.token);
	}

	JsonNode body(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void acceptsTheGoodVisitsOfABatchAndNamesEachRejectedOne() throws Exception {
		String seen = this.anHourAgo.toString();
		HttpResponse<String> response = postVisits(List.of(visit("v0", this.gwen.toString(), null, seen, 340),
				visit("v1", null, "SYL0002", "2026-11-20T09:12:00+00:00", null),
				visit("v2", UUID.randomUUID().toString(), null, seen, null),
				visit("v3", this.otherShopsCustomer.toString(), null, seen, null),
				visit("v4", this.gwen.toString(), null, "yesterday", null),
				visit(null, this.gwen.toString(), null, seen, null),
				visit("v6", this.gwen.toString(), null, "2099-01-01T00:00:00Z", null),
				visit("v7", this.gwen.toString(), null, seen, -1),
				visit("v8", this.gwen.toString(), "SYL0001", seen, null), visit("v9", "not-a-uuid", null, seen, null),
				visit("v10", null, "NOBODY", seen, null),
				visit("x".repeat(121), this.gwen.toString(), null, seen, null)));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode result = body(response);
		assertThat(result.get("received").asInt()).isEqualTo(12);
		assertThat(result.get("accepted").asInt()).isEqualTo(2);
		assertThat(result.get("duplicates").asInt()).isZero();
		List<String> rejected = new ArrayList<>();
		result.get("rejected").forEach((r) -> rejected.add(r.get("index").asInt() + ":" + r.get("field").asString()));
		assertThat(rejected).containsExactly("2:customerId", "3:customerId", "4:seenAt", "5:externalId", "6:seenAt",
				"7:amountMinor", "8:customerId", "9:customerId", "10:customerReference", "11:externalId");
		result.get("rejected").forEach((r) -> assertThat(r.get("message").asString()).isNotBlank());
		assertThat(this.visits.count(this.shop)).isEqualTo(2);
		assertThat(this.visits.visitsOf(this.shop, this.gwen, 10)).singleElement()
			.satisfies((v) -> assertThat(v.amountMinor()).isEqualTo(340L));
	}

	@Test
	void sendingTheSameBatchAgainAddsNothing() throws Exception {
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			batch.add(visit("till1-" + i, ((i % 2) == 0) ? this.gwen.toString() : null,
					((i % 2) == 0) ? null : "SYL0002", this.anHourAgo.minusSeconds(60L * i).toString(), 100 + i));
		}

		JsonNode first = body(postVisits(batch));
		JsonNode second = body(postVisits(batch));

		assertThat(first.get("accepted").asInt()).isEqualTo(50);
		assertThat(second.get("accepted").asInt()).isZero();
		assertThat(second.get("duplicates").asInt()).isEqualTo(50);
		assertThat(second.get("rejected")).isEmpty();
		assertThat(this.visits.count(this.shop)).isEqualTo(50);
	}

	@Test
	void aVisitSentTwiceInOneBatchIsRecordedOnce() throws Exception {
		String seen = this.anHourAgo.toString();
		JsonNode result = body(postVisits(List.of(visit("same", this.gwen.toString(), null, seen, 100),
				visit("same", this.gwen.toString(), null, seen, 100), visit("other", null, "SYL0001", seen, null))));

		assertThat(result.get("accepted").asInt()).isEqualTo(2);
		assertThat(result.get("duplicates").asInt()).isEqualTo(1);
		assertThat(this.visits.count(this.shop)).isEqualTo(2);
	}

	@Test
	void anotherShopsCustomerIsUnknownAndGetsNoVisit() throws Exception {
		JsonNode result = body(postVisits(
				List.of(visit("v1", this.otherShopsCustomer.toString(), null, this.anHourAgo.toString(), null),
						visit("v2", null, "OTH0001", this.anHourAgo.toString(), null))));
		JsonNode unknown = body(
				postVisits(List.of(visit("v3", UUID.randomUUID().toString(), null, this.anHourAgo.toString(), null))));

		assertThat(result.get("accepted").asInt()).isZero();
		assertThat(result.get("rejected")).hasSize(2);
		assertThat(result.get("rejected").get(0).get("message"))
			.as("the same answer as for a customer who does not exist")
			.isEqualTo(unknown.get("rejected").get(0).get("message"));
		assertThat(this.visits.count(this.shop)).isZero();
		assertThat(this.visits.count(this.otherShop)).isZero();
	}

	@Test
	void refusesABatchOfMoreThanTenThousandVisitsAsAProblem() throws Exception {
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i <= 10_000; i++) {
			batch.add(visit("big-" + i, this.gwen.toString(), null, this.anHourAgo.toString(), null));
		}

		HttpResponse<String> response = postVisits(batch);

		assertProblem(response, 422);
		JsonNode problem = body(response);
		assertThat(problem.get("status").asInt()).isEqualTo(422);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("visits");
		assertThat(this.visits.count(this.shop)).isZero();
	}

	@Test
	void refusesAnEmptyOrMissingBatchAsAProblem() throws Exception {
		HttpResponse<String> empty = postVisits(List.of());
		HttpResponse<String> missing = post("/api/visits", "{}", this.token);

		assertProblem(empty, 422);
		assertThat(body(empty).get("errors").get(0).get("field").asString()).isEqualTo("visits");
		assertProblem(missing, 422);
		assertThat(body(missing).get("errors").get(0).get("field").asString()).isEqualTo("visits");
	}

	@Test
	void refusesMalformedJsonAsAProblemNamingTheField() throws Exception {
		HttpResponse<String> broken = post("/api/visits", "{\"visits\": [", this.token);
		HttpResponse<String> wrongType = post("/api/visits",
				"{\"visits\":[{\"externalId\":\"a\",\"customerReference\":\"SYL0001\",\"seenAt\":\"2026-11-20T09:00:00Z\","
						+ "\"amountMinor\":\"lots\"}]}",
				this.token);

		assertProblem(broken, 400);
		assertProblem(wrongType, 400);
		assertThat(body(wrongType).get("errors").get(0).get("field").asString()).isEqualTo("visits[0].amountMinor");
	}

	@Test
	void withoutATokenTheApiAnswersUnauthorizedAsAProblem() throws Exception {
		HttpResponse<String> noToken = post("/api/visits", "{\"visits\":[]}", null);
		HttpResponse<String> badToken = get("/api/customers", "em_not-a-token");

		assertProblem(noToken, 401);
		assertProblem(badToken, 401);
		assertThat(noToken.headers().firstValue("WWW-Authenticate")).contains("Bearer");
	}

	@Test
	void listsTheShopsCustomersButNeverTheirCareData() throws Exception {
		ShopUser staff = TestShops.user(this.shop, Role.STAFF);
		this.consents.record(staff, this.gwen, true, true, true, "spoken");
		this.careProfiles.save(staff, this.gwen, new CareProfile(true, true, true, true, "Uses a stick",
				"Short-sighted", null, "Milk", "Cambrian News", "Daughter visits Sundays", "Key safe 1234"));

		HttpResponse<String> response = get("/api/customers", this.token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("Daughter", "Key safe", "stick", "Short-sighted", "Milk",
				"livesAlone", "careNotes", "accessNotes", "Nia Cadwgan");
		JsonNode page = body(response);
		assertThat(page.get("totalItems").asLong()).isEqualTo(2);
		JsonNode first = page.get("items").get(0);
		assertThat(StreamSupport.stream(first.propertyNames().spliterator(), false).toList())
			.containsExactlyInAnyOrderElementsOf(
					Set.of("id", "reference", "name", "preferredName", "address", "phone"));
		assertThat(first.get("name").asString()).isEqualTo("Dafydd Llwyd");
		assertThat(first.get("address").get("town").asString()).isEqualTo("Llanfair Fach");
	}

	@Test
	void pagesCustomersAtMostFiveHundredAtATime() throws Exception {
		JsonNode second = body(get("/api/customers?page=1&size=1", this.token));
		HttpResponse<String> tooBig = get("/api/customers?size=501", this.token);

		assertThat(second.get("items")).hasSize(1);
		assertThat(second.get("items").get(0).get("id").asString()).isEqualTo(this.gwen.toString());
		assertProblem(tooBig, 400);
		assertThat(body(tooBig).get("errors").get(0).get("field").asString()).isEqualTo("size");
	}

	@Test
	void documentsTheApiWithBearerTokensForAnyone() throws Exception {
		HttpResponse<String> docs = get("/api/openapi.json", null);

		assertThat(docs.statusCode()).isEqualTo(200);
		JsonNode openApi = body(docs);
		assertThat(openApi.get("paths").has("/api/visits")).isTrue();
		assertThat(openApi.get("paths").has("/api/customers")).isTrue();
		assertThat(openApi.get("components").get("securitySchemes").get("apiToken").get("scheme").asString())
			.isEqualTo("bearer");
	}

}
