package app.extramile.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.system.ApiTokens;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitLog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Visit import throughput on PostgreSQL: 10,000 customers, then 1,000,000 visits through
 * {@code POST /api/visits} in batches of 10,000 over real HTTP (the first half from one
 * till, the second half from two tills at once), then the same number straight through
 * {@link VisitBatches} as a baseline. Not a test: the name keeps it out of
 * {@code ./mvnw verify}. Run it with
 * {@code ./mvnw test -Dtest=VisitImportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and copy the figures it prints into docs/benchmarks.md. {@code -Dbenchmark.visits=N}
 * runs a smaller load.
 */
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.root=WARN", "extramile.visits.import.sweep-every=1h" })
class VisitImportBenchmark {

	static final int CUSTOMERS = 10_000;

	static final int BATCH = 10_000;

	static final int VISITS = Integer.getInteger("benchmark.visits", 1_000_000);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	ApiTokens tokens;

	@Autowired
	VisitBatches batches;

	@Autowired
	VisitLog visits;

	@Autowired
	JsonMapper json;

	@Test
	void importsAMillionVisits() throws Exception {
		ShopId apiShop = TestShops.create(this.jdbc);
		ShopId directShop = TestShops.create(this.jdbc);
		List<CustomerId> apiCustomers = customers(apiShop);
		List<CustomerId> directCustomers = customers(directShop);
		String token = this.tokens.create(apiShop, "benchmark", null);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Instant start = Instant.parse("2025-11-24T00:00:00Z");

		// Warm up the JIT and the connection pool on a throwaway shop.
		ShopId warmShop = TestShops.create(this.jdbc);
		List<CustomerId> warmCustomers = customers(warmShop);
		String warmToken = this.tokens.create(warmShop, "warm-up", null);
		for (int b = 0; b < 5; b++) {
			send(http, warmToken, body(warmCustomers, "warm-" + b + "-", b * BATCH, start));
		}

		long apiStarted = System.nanoTime();
		int accepted = sendAll(http, token, apiCustomers, "api-", 0, VISITS / 2, start);
		double apiSeconds = (System.nanoTime() - apiStarted) / 1e9;

		// The same again from two tills at once, so the database works while the app
		// reads JSON.
		long concurrentStarted = System.nanoTime();
		ExecutorService tills = Executors.newFixedThreadPool(2);
		int half = VISITS / 4;
		Future<Integer> first = tills
			.submit(() -> sendAll(http, token, apiCustomers, "api-", VISITS / 2, VISITS / 2 + half, start));
		Future<Integer> second = tills
			.submit(() -> sendAll(http, token, apiCustomers, "api-", VISITS / 2 + half, VISITS, start));
		accepted += first.get() + second.get();
		tills.shutdown();
		double concurrentSeconds = (System.nanoTime() - concurrentStarted) / 1e9;
		assertThat(accepted).isEqualTo(VISITS);
		assertThat(this.visits.count(apiShop)).isEqualTo(VISITS);

		long resendStarted = System.nanoTime();
		int duplicates = 0;
		int resent = Math.min(VISITS, 10 * BATCH);
		for (int from = 0; from < resent; from += BATCH) {
			duplicates += send(http, token, body(apiCustomers, "api-", from, start)).get("duplicates").asInt();
		}
		double resendSeconds = (System.nanoTime() - resendStarted) / 1e9;
		assertThat(duplicates).isEqualTo(resent);

		long directStarted = System.nanoTime();
		int added = 0;
		for (int from = 0; from < VISITS; from += BATCH) {
			List<IncomingVisit> batch = new ArrayList<>(BATCH);
			for (int i = from; i < from + BATCH; i++) {
				batch.add(new IncomingVisit("direct-" + i, directCustomers.get(i % CUSTOMERS), seenAt(start, i),
						(long) (i % 5000)));
			}
			added += this.batches.add(directShop, Visit.Source.API, batch);
		}
		double directSeconds = (System.nanoTime() - directStarted) / 1e9;
		assertThat(added).isEqualTo(VISITS);

		System.out.println();
		System.out.println("=== Visit import benchmark (PostgreSQL) ===");
		System.out.println(line("POST /api/visits, one till", VISITS / 2, apiSeconds));
		System.out.println(line("POST /api/visits, two tills at once", VISITS / 2, concurrentSeconds));
		System.out.println(line("POST /api/visits, all", VISITS, apiSeconds + concurrentSeconds));
		System.out.println(line("POST /api/visits again (all duplicates)", resent, resendSeconds));
		System.out.println(line("VisitBatches.add directly (baseline)", VISITS, directSeconds));
		System.out.println();
	}

	private int sendAll(HttpClient http, String token, List<CustomerId> customers, String prefix, int from, int to,
			Instant start) throws Exception {
		int accepted = 0;
		for (int at = from; at < to; at += BATCH) {
			JsonNode result = send(http, token, body(customers, prefix, at, start));
			assertThat(result.get("rejected")).isEmpty();
			accepted += result.get("accepted").asInt();
		}
		return accepted;
	}

	private static String line(String what, int rows, double seconds) {
		return String.format(Locale.ROOT, "%-42s %,10d rows %8.1f s %,10.0f rows/s", what, rows, seconds,
				rows / seconds);
	}

	private JsonNode send(HttpClient http, String token, String body) throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/visits"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	/**
	 * A till's batch: half the visits name the customer by id, half by card reference.
	 */
	private static String body(List<CustomerId> customers, String prefix, int from, Instant start) {
		StringBuilder body = new StringBuilder(BATCH * 140).append("{\"visits\":[");
		for (int i = from; i < from + BATCH; i++) {
			if (i > from) {
				body.append(',');
			}
			int customer = i % CUSTOMERS;
			body.append("{\"externalId\":\"").append(prefix).append(i).append('"');
			if ((i & 1) == 0) {
				body.append(",\"customerId\":\"").append(customers.get(customer)).append('"');
			}
			else {
				body.append(",\"customerReference\":\"C").append(customer).append('"');
			}
			body.append(",\"seenAt\":\"")
				.append(seenAt(start, i))
				.append("\",\"amountMinor\":")
				.append(i % 5000)
				.append('}');
		}
		return body.append("]}").toString();
	}

	/** A year of visits, about 30 seconds apart. */
	private static Instant seenAt(Instant start, int i) {
		return start.plusSeconds(31L * i);
	}

	/** Customers straight into the table: setting up is not what is measured. */
	private List<CustomerId> customers(ShopId shop) {
		List<CustomerId> ids = new ArrayList<>(CUSTOMERS);
		List<Object[]> rows = new ArrayList<>(CUSTOMERS);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		for (int i = 0; i < CUSTOMERS; i++) {
			UUID id = UUID.randomUUID();
			ids.add(new CustomerId(id));
			rows.add(new Object[] { id, shop.value(), "C" + i, "Customer " + i, "customer " + i + " c" + i, now, now });
		}
		this.jdbcTemplate.batchUpdate("""
				insert into customer (id, shop_id, reference, name, search_key, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?)""", rows);
		return ids;
	}

}
