package app.extramile.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.shared.ShopId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal under {@code /api/} is an RFC 9457 problem over real HTTP, whichever part
 * of the stack refuses: no route, a method or media type the route does not take, a
 * parameter that does not parse, a body that cannot be read, an exception that got away.
 * A client never gets an HTML page or a bare JSON map it cannot read as a problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@Import(ApiProblemAnswersHttpTests.Failing.class)
class ApiProblemAnswersHttpTests {

	/** An API route that fails the way a bug would: an exception nobody answers. */
	@RestController
	static class Failing {

		@GetMapping("/api/test-only/failing")
		String fail() {
			throw new IllegalStateException("a bug with a secret 4321 in its message");
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	final HttpClient http = HttpClient.newHttpClient();

	String token;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeEach
	void aShopWithAToken() {
		ShopId shop = TestShops.create(this.jdbc);
		this.token = this.tokens.create(shop, "Till", null);
	}

	/** What was asked, what should come back, and the field it should name (or null). */
	record Probe(String method, String path, String contentType, String accept, String body, int status, String field) {
	}

	HttpResponse<String> send(Probe probe) throws IOException, InterruptedException {
		return send(probe, null);
	}

	HttpResponse<String> send(Probe probe, String language) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + probe.path()))
			.header("Authorization", "Bearer " + this.token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.method(probe.method(), (probe.body() != null) ? HttpRequest.BodyPublishers.ofString(probe.body())
					: HttpRequest.BodyPublishers.noBody());
		if (probe.contentType() != null) {
			request.header("Content-Type", probe.contentType());
		}
		if (probe.accept() != null) {
			request.header("Accept", probe.accept());
		}
		if (language != null) {
			request.header("Accept-Language", language);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static List<Probe> probes() {
		String json = "application/json";
		String campaign = "/api/community/campaigns/" + UUID.randomUUID() + "/takings";
		return List.of(new Probe("GET", "/api/nothing-here", null, json, null, 404, null),
				new Probe("GET", "/api/nothing-here", null, "text/html", null, 404, null),
				new Probe("GET", "/api/customers/extra/path", null, null, null, 404, null),
				new Probe("DELETE", "/api/customers", null, json, null, 405, null),
				new Probe("PUT", "/api/errands", json, json, "{}", 405, null),
				new Probe("GET", "/api/alarms/heartbeat", null, json, null, 405, null),
				new Probe("POST", "/api/errands", "text/plain", json, "a delivery please", 415, null),
				new Probe("POST", "/api/visits", "application/xml", json, "<visits/>", 415, null),
				new Probe("POST", campaign, "text/plain", json, "500", 415, null),
				new Probe("GET", "/api/errands", null, "text/csv", null, 406, null),
				new Probe("GET", "/api/alarms?since=yesterday", null, json, null, 400, "since"),
				new Probe("GET", "/api/alarms?limit=lots", null, json, null, 400, "limit"),
				new Probe("GET", "/api/errands?from=tomorrow", null, json, null, 400, "from"),
				new Probe("POST", "/api/errands", json, json, "{\"kind\":\"TELEPORT\"}", 400, "kind"),
				new Probe("POST", "/api/errands", json, json, "not json", 400, null),
				new Probe("POST", "/api/community/campaigns/not-an-id/takings", json, json, "{\"amountMinor\":500}",
						400, "id"),
				new Probe("POST", campaign, json, json, "{\"amountMinor\":\"lots\"}", 400, "amountMinor"),
				new Probe("POST", campaign, json, json, "{\"amountMinor\":500}", 404, null),
				new Probe("GET", "/api/gift-certificates/NO-SUCH-CODE", null, json, null, 404, null),
				new Probe("GET", "/api/test-only/failing", null, json, null, 500, null));
	}

	/**
	 * A client that asks for Welsh reads every problem's title, detail and field messages
	 * in Welsh: each differs from the English answer to the same request, and the answer
	 * says its language.
	 */
	@Test
	void aClientThatAsksForWelshReadsEveryProblemInWelsh() throws Exception {
		List<String> english = new ArrayList<>();
		for (Probe probe : probes()) {
			HttpResponse<String> inEnglish = send(probe, "en-GB");
			HttpResponse<String> inWelsh = send(probe, "cy");
			String what = probe.method() + " " + probe.path() + ": " + inWelsh.body();
			JsonNode en = this.json.readTree(inEnglish.body());
			JsonNode cy = this.json.readTree(inWelsh.body());
			if (cy.path("title").asString("").equals(en.path("title").asString(""))) {
				english.add("title: " + what);
			}
			if (en.hasNonNull("detail") && cy.path("detail").asString("").equals(en.path("detail").asString(""))) {
				english.add("detail: " + what);
			}
			for (int i = 0; i < en.path("errors").size(); i++) {
				if (cy.path("errors").path(i).path("message").equals(en.path("errors").path(i).path("message"))) {
					english.add("field message: " + what);
				}
			}
			if (!inWelsh.headers().firstValue("Content-Language").orElse("").startsWith("cy")) {
				english.add("Content-Language " + inWelsh.headers().firstValue("Content-Language") + ": " + what);
			}
		}
		assertThat(english).as("problems answered in English to a client that asked for Welsh").isEmpty();
	}

	@Test
	void everyRefusalUnderApiIsAProblemDetail() throws Exception {
		List<Probe> probes = probes();
		List<String> wrong = new ArrayList<>();
		for (Probe probe : probes) {
			HttpResponse<String> response = send(probe);
			String type = response.headers().firstValue("Content-Type").orElse("");
			String what = probe.method() + " " + probe.path() + " (" + probe.contentType() + ", accept "
					+ probe.accept() + "): " + response.statusCode() + " " + type + " " + response.body();
			if (response.statusCode() != probe.status() || !type.startsWith("application/problem+json")) {
				wrong.add(what);
				continue;
			}
			JsonNode problem = this.json.readTree(response.body());
			if (problem.path("status").asInt() != probe.status() || problem.path("title").asString("").isBlank()) {
				wrong.add(what);
				continue;
			}
			if (response.body().contains("4321")) {
				wrong.add("tells what the exception said: " + what);
			}
			if (probe.field() != null && !names(problem, probe.field())) {
				wrong.add("does not name " + probe.field() + ": " + what);
			}
		}
		assertThat(wrong).isEmpty();
	}

	/**
	 * Boot's {@code /error} itself: a problem for a client that does not ask for HTML.
	 */
	@Test
	void theErrorPathAnswersAProblemForAnApiClient() throws Exception {
		HttpResponse<String> error = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/error"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(error.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(error.body()).path("status").asInt()).isEqualTo(error.statusCode());

		HttpResponse<String> page = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/error"))
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.headers().firstValue("Content-Type")).as("a browser still gets the error page")
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
	}

	private static boolean names(JsonNode problem, String field) {
		if (field.equals(problem.path("field").asString(null))) {
			return true;
		}
		for (JsonNode error : problem.path("errors")) {
			if (field.equals(error.path("field").asString(null))) {
				return true;
			}
		}
		return false;
	}

}
