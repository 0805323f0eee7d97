package app.extramile.ledger.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import app.extramile.TestShops;
import app.extramile.shared.ShopId;
import app.extramile.system.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gift certificate API over real HTTP, on H2 and PostgreSQL by the subclasses.
 */
abstract class GiftCertificateApiContract {

	@LocalServerPort
	int port;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	final HttpClient http = HttpClient.newHttpClient();

	ShopId shop;

	String token;

	int keys;

	@BeforeEach
	void shopWithATill() {
		this.shop = TestShops.create(this.jdbc);
		this.token = this.tokens.create(this.shop, "Till 1", null);
	}

	HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.token)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
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

	String key() {
		return "api-" + (++this.keys);
	}

	JsonNode body(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	String issue(long amount) throws Exception {
		HttpResponse<String> response = post("/api/gift-certificates",
				"{\"amountMinor\":" + amount + ",\"currency\":\"GBP\"}", key());
		assertThat(response.statusCode()).isEqualTo(201);
		return body(response).get("code").asString();
	}

	long postings() {
		return this.jdbc.sql("select count(*) from ledger_posting where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	JsonNode assertProblem(HttpResponse<String> response, int status, String field, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = body(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
		if (reason != null) {
			assertThat(problem.get("reason").asString()).isEqualTo(reason);
		}
		return problem;
	}

	@Test
	void issuesRedeemsAndReadsACertificate() throws Exception {
		HttpResponse<String> issued = post("/api/gift-certificates", "{\"amountMinor\":2000,\"currency\":\"GBP\"}",
				"sale-1");
		String code = body(issued).get("code").asString();
		HttpResponse<String> spent = post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":750}",
				"sale-2");
		HttpResponse<String> read = get("/api/gift-certificates/" + code.replace("-", "").toLowerCase(), this.token);

		assertThat(issued.statusCode()).isEqualTo(201);
		assertThat(issued.headers().firstValue("Location")).contains("/api/gift-certificates/" + code);
		assertThat(code).matches("[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}");
		assertThat(body(issued).get("state").asString()).isEqualTo("ACTIVE");
		assertThat(spent.statusCode()).isEqualTo(200);
		assertThat(body(spent).get("balanceMinor").asLong()).isEqualTo(1250);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(body(read).get("balanceMinor").asLong()).isEqualTo(1250);
		assertThat(body(read).get("state").asString()).isEqualTo("ACTIVE");
	}

	@Test
	void sendingAWriteAgainWithItsKeyAnswersTheFirstResult() throws Exception {
		String code = issue(2000);
		HttpResponse<String> first = post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":500}",
				"till-7-1");
		HttpResponse<String> again = post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":500}",
				"till-7-1");
		HttpResponse<String> different = post("/api/gift-certificates/" + code + "/redemptions",
				"{\"amountMinor\":600}", "till-7-1");
		HttpResponse<String> issuedTwice = post("/api/gift-certificates", "{\"amountMinor\":100,\"currency\":\"GBP\"}",
				"issue-x");
		HttpResponse<String> issuedAgain = post("/api/gift-certificates", "{\"amountMinor\":100,\"currency\":\"GBP\"}",
				"issue-x");

		assertThat(first.headers().firstValue("Idempotent-Replayed")).contains("false");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(body(again).get("balanceMinor").asLong()).isEqualTo(1500);
		assertProblem(different, 422, "Idempotency-Key", "IDEMPOTENCY_KEY_REUSED");
		assertThat(body(issuedAgain).get("code").asString()).isEqualTo(body(issuedTwice).get("code").asString());
		assertThat(postings()).isEqualTo(3);
	}

	@Test
	void everyWriteNeedsAnIdempotencyKey() throws Exception {
		String code = issue(1000);
		long before = postings();

		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":100,\"currency\":\"GBP\"}", null), 400,
				"Idempotency-Key", "IDEMPOTENCY_KEY_INVALID");
		assertProblem(post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":100}", null), 400,
				"Idempotency-Key", "IDEMPOTENCY_KEY_INVALID");
		assertProblem(post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":100}", "x".repeat(121)),
				400, "Idempotency-Key", "IDEMPOTENCY_KEY_INVALID");
		assertThat(postings()).isEqualTo(before);
	}

	@Test
	void badInputIsAProblemNamingTheFieldAndPostsNothing() throws Exception {
		String code = issue(1000);
		long before = postings();
		String redeem = "/api/gift-certificates/" + code + "/redemptions";

		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":-100,\"currency\":\"GBP\"}", key()), 422,
				"amountMinor", "AMOUNT_NOT_POSITIVE");
		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":1000001,\"currency\":\"GBP\"}", key()), 422,
				"amountMinor", "AMOUNT_TOO_LARGE");
		assertProblem(post("/api/gift-certificates", "{\"currency\":\"GBP\"}", key()), 422, "amountMinor",
				"AMOUNT_REQUIRED");
		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":100,\"currency\":\"USD\"}", key()), 422,
				"currency", "CURRENCY");
		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":\"lots\",\"currency\":\"GBP\"}", key()), 400,
				"amountMinor", null);
		assertProblem(post(redeem, "{\"amountMinor\":1001}", key()), 422, "amountMinor", "OVERDRAFT");
		assertProblem(post(redeem, "{\"amountMinor\":0}", key()), 422, "amountMinor", "AMOUNT_NOT_POSITIVE");
		assertProblem(post("/api/gift-certificates/2222-2222-2222-2222/redemptions", "{\"amountMinor\":1}", key()), 404,
				"code", "UNKNOWN_CODE");
		assertProblem(get("/api/gift-certificates/nonsense", this.token), 404, "code", "UNKNOWN_CODE");
		assertThat(postings()).isEqualTo(before);
	}

	@Test
	void anotherShopsCertificateIsUnknown() throws Exception {
		String code = issue(1000);
		ShopId other = TestShops.create(this.jdbc);
		String otherToken = this.tokens.create(other, "Other till", null);

		assertProblem(get("/api/gift-certificates/" + code, otherToken), 404, "code", "UNKNOWN_CODE");
	}

	@Test
	void withoutATokenTheApiAnswersUnauthorized() throws Exception {
		assertThat(get("/api/gift-certificates/2222-2222-2222-2222", null).statusCode()).isEqualTo(401);
	}

	@Test
	void documentsTheGiftCertificateApi() throws Exception {
		JsonNode openApi = body(get("/api/openapi.json", null));

		assertThat(openApi.get("paths").has("/api/gift-certificates")).isTrue();
		assertThat(openApi.get("paths").has("/api/gift-certificates/{code}/redemptions")).isTrue();
	}

	@Test
	void fractionsNumbersAsTextRepeatedKeysAndAnotherCurrencyAreRefusedNamingTheFieldAndPostNothing() throws Exception {
		long before = postings();
		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":1.5,\"currency\":\"GBP\"}", key()), 400,
				"amountMinor", null);
		assertProblem(post("/api/gift-certificates", "{\"amountMinor\":\"100\",\"currency\":\"GBP\"}", key()), 400,
				"amountMinor", null);
		JsonNode twice = assertProblem(post("/api/gift-certificates",
				"{\"amountMinor\":100,\"currency\":\"GBP\",\"amountMinor\":90000}", key()), 400, "amountMinor", null);
		assertThat(twice.get("errors").get(0).get("message").asString()).contains("more than once");
		assertThat(postings()).isEqualTo(before);

		String code = issue(2000);
		long issued = postings();
		assertProblem(post("/api/gift-certificates/" + code + "/redemptions",
				"{\"amountMinor\":750,\"currency\":\"EUR\"}", key()), 422, "currency", "CURRENCY");
		assertProblem(post("/api/gift-certificates/" + code + "/redemptions", "{\"amountMinor\":7.5}", key()), 400,
				"amountMinor", null);
		assertThat(postings()).isEqualTo(issued);
		HttpResponse<String> spent = post("/api/gift-certificates/" + code + "/redemptions",
				"{\"amountMinor\":750,\"currency\":\"GBP\"}", key());
		assertThat(spent.statusCode()).isEqualTo(200);
		assertThat(body(spent).get("balanceMinor").asLong()).isEqualTo(1250);
	}

}
