package app.extramile.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.ExtraMileApplication;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Tokens;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Kindness ledger throughput and latency on PostgreSQL: issues and redemptions through
 * the {@link GiftCertificates} facade (in-process) and through the REST API (real HTTP,
 * bearer token, idempotency key per write), each by several clients at once, with two
 * baselines measured in the same run: {@code select 1} through the app's own connection
 * pool, and {@code GET /actuator/health} over HTTP. Every write has a fresh idempotency
 * key, so every one posts. A third baseline is the cheapest durable write: one row
 * inserted and committed per operation. After each path the benchmark waits until every
 * event the path published has been handled (listeners run after commit: an issued
 * certificate is counted by the impact module), reports that wait, and a rate that
 * includes it, so that work is charged to the path that caused it and does not run during
 * the next path's measurement.
 *
 * <p>
 * Not a test: run on demand, see docs/benchmarks.md. Options ({@code key=value} in
 * {@code -Dbenchmark.args}, or system properties {@code bench.key}): {@code threads} (8
 * clients at once), {@code ops} (10000 measured operations per path), {@code warmup}
 * (2000 per path), {@code certificates} (200: redemptions pick one at random),
 * {@code pool} (10: the app's connection pool).
 */
public final class LedgerBenchmark {

	private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z0-9-]+)\"");

	private LedgerBenchmark() {
	}

	interface Operation {

		void run(int i) throws Exception;

	}

	record Result(String path, int ops, int threads, double seconds, Latencies latencies, double drainSeconds) {

		double perSecond() {
			return this.ops / this.seconds;
		}

		/**
		 * Counting the time the app then needed to finish the events the round published
		 * (listeners run after commit, e.g. impact counting an issued certificate), so
		 * that work is charged to the path that caused it rather than to the next one.
		 */
		double perSecondWithListeners() {
			return this.ops / (this.seconds + this.drainSeconds);
		}

	}

	public static void main(String[] args) throws Exception {
		Latencies.options(args);
		int threads = Integer.getInteger("bench.threads", 8);
		int ops = Integer.getInteger("bench.ops", 10_000);
		int warmup = Integer.getInteger("bench.warmup", 2_000);
		int certificateCount = Integer.getInteger("bench.certificates", 200);
		String url = System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/extramile_test");
		String user = System.getProperty("bench.postgres.user", "extramile");
		String password = System.getProperty("bench.postgres.password", "extramile");
		String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("extramile.demo.enabled", "false");
		properties.put("spring.datasource.url", url + "?currentSchema=" + schema);
		properties.put("spring.datasource.username", user);
		properties.put("spring.datasource.password", password);
		properties.put("spring.datasource.hikari.maximum-pool-size", System.getProperty("bench.pool", "10"));
		properties.put("spring.flyway.default-schema", schema);
		properties.put("spring.flyway.schemas", schema);
		properties.put("spring.flyway.create-schemas", "true");
		String[] arguments = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);

		List<Result> results = new ArrayList<>();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ExtraMileApplication.class)
			.run(arguments)) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			GiftCertificates certificates = context.getBean(GiftCertificates.class);
			ShopId shop = new ShopId(UUID.randomUUID());
			jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, 'bench', 'Bench', 'UTC', ?)")
				.params(shop.value(), OffsetDateTime.now())
				.update();
			jdbc.sql("create table bench_commit (id bigserial primary key, at timestamp with time zone not null)")
				.update();
			String token = Tokens.newToken("em_");
			jdbc.sql("insert into api_token (id, shop_id, name, token_hash, created_at) values (?, ?, 'till', ?, ?)")
				.params(UUID.randomUUID(), shop.value(), Tokens.sha256(token), OffsetDateTime.now())
				.update();
			ShopUser actor = new ShopUser(UUID.randomUUID(), shop, "bench-till", "Bench till", Role.STAFF, null);
			List<String> codes = new ArrayList<>();
			for (int i = 0; i < certificateCount; i++) {
				codes.add(certificates.issue(actor, IssueRequest.of(1_000_000, "GBP"), "seed-" + i).code());
			}
			String base = "http://127.0.0.1:" + port;
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			AtomicInteger keys = new AtomicInteger();

			Map<String, Operation> paths = new LinkedHashMap<>();
			paths.put("`select 1` through the app's pool (baseline)",
					(i) -> jdbc.sql("select 1").query(Integer.class).single());
			paths.put("one-row insert in its own transaction (durable-write baseline)",
					(i) -> jdbc.sql("insert into bench_commit (at) values (now())").update());
			paths.put("facade: `GiftCertificates.issue`", (i) -> certificates.issue(actor,
					IssueRequest.of(1_000, "GBP"), "f-issue-" + keys.incrementAndGet()));
			paths.put("facade: `GiftCertificates.redeem`",
					(i) -> certificates.redeem(actor, random(codes), 1, "f-redeem-" + keys.incrementAndGet()));
			paths.put("HTTP: `GET /actuator/health` (baseline)",
					(i) -> expect(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
							HttpResponse.BodyHandlers.ofString()), 200));
			paths.put("HTTP: `POST /api/gift-certificates`",
					(i) -> expect(http.send(
							write(base + "/api/gift-certificates", token, "h-issue-" + keys.incrementAndGet(),
									"{\"amountMinor\":1000,\"currency\":\"GBP\"}"),
							HttpResponse.BodyHandlers.ofString()), 201));
			paths.put("HTTP: `POST /api/gift-certificates/{code}/redemptions`",
					(i) -> expect(http.send(
							write(base + "/api/gift-certificates/" + random(codes) + "/redemptions", token,
									"h-redeem-" + keys.incrementAndGet(), "{\"amountMinor\":1}"),
							HttpResponse.BodyHandlers.ofString()), 200));

			// paths=facade,baseline runs only the paths whose names contain one of those
			// words (for profiling one path)
			String only = System.getProperty("bench.paths", "");
			if (!only.isBlank()) {
				List<String> words = List.of(only.split(","));
				paths.keySet().removeIf((name) -> words.stream().noneMatch(name::contains));
			}

			// Warm every path up first, then measure them in turn, twice, keeping the
			// better
			// round of each so a burst of noise from the shared machine falls on one
			// round.
			for (Map.Entry<String, Operation> path : paths.entrySet()) {
				run(path.getKey(), path.getValue(), warmup, threads);
				drain(jdbc);
			}
			Map<String, Result> best = new LinkedHashMap<>();
			for (int round = 0; round < 2; round++) {
				for (Map.Entry<String, Operation> path : paths.entrySet()) {
					Result measured = run(path.getKey(), path.getValue(), ops, threads);
					Result result = new Result(measured.path(), measured.ops(), measured.threads(), measured.seconds(),
							measured.latencies(), drain(jdbc));
					System.out.println(line(result));
					best.merge(path.getKey(), result, (a, b) -> (a.perSecond() >= b.perSecond()) ? a : b);
				}
			}
			results.addAll(best.values());
			long postings = jdbc.sql("select count(*) from ledger_posting").query(Long.class).single();
			System.out.printf(Locale.ROOT, "%n%,d postings in the ledger at the end%n", postings);
		}
		finally {
			try (Connection connection = DriverManager.getConnection(url, user, password);
					Statement statement = connection.createStatement()) {
				statement.execute("drop schema if exists " + schema + " cascade");
			}
		}
		System.out.printf(Locale.ROOT,
				"%n## Kindness ledger: %d clients at once, %,d operations per path (best of 2 rounds), "
						+ "%d certificates; %d CPUs, Java %s%n%n",
				threads, ops, certificateCount, Runtime.getRuntime().availableProcessors(), Runtime.version());
		System.out.println("| path | ops/s | p50 ms | p95 ms | p99 ms | listeners after (s) | ops/s incl. listeners |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		for (Result result : results) {
			System.out.println(line(result));
		}
	}

	private static String line(Result result) {
		return String.format(Locale.ROOT, "| %s | %,.0f | %s | %s | %s | %.2f | %,.0f |", result.path(),
				result.perSecond(), Latencies.ms(result.latencies().median()),
				Latencies.ms(result.latencies().percentile(95)), Latencies.ms(result.latencies().percentile(99)),
				result.drainSeconds(), result.perSecondWithListeners());
	}

	/**
	 * Waits until every event publication is completed (the registry deletes completed
	 * ones), so the next path does not share the machine with this one's listeners.
	 * @return seconds waited
	 */
	private static double drain(JdbcClient jdbc) throws InterruptedException {
		long start = System.nanoTime();
		while (jdbc.sql("select count(*) from event_publication where completion_date is null")
			.query(Long.class)
			.single() > 0) {
			if (System.nanoTime() - start > 600_000_000_000L) {
				throw new IllegalStateException("event publications still incomplete after 10 minutes");
			}
			Thread.sleep(20);
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static String random(List<String> codes) {
		return codes.get(ThreadLocalRandom.current().nextInt(codes.size()));
	}

	private static HttpRequest write(String url, String token, String key, String body) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static void expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.statusCode() + ": " + response.body());
		}
		if (status == 201) {
			Matcher matcher = CODE.matcher(response.body());
			if (!matcher.find()) {
				throw new IllegalStateException("no code in " + response.body());
			}
		}
	}

	/** {@code ops} operations shared by {@code threads} clients, each timed. */
	private static Result run(String name, Operation operation, int ops, int threads) throws Exception {
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<Latencies>> futures = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < threads; t++) {
			futures.add(pool.submit(() -> {
				Latencies latencies = new Latencies();
				int i;
				while ((i = next.getAndIncrement()) < ops) {
					long began = System.nanoTime();
					operation.run(i);
					latencies.add(System.nanoTime() - began);
				}
				return latencies;
			}));
		}
		Latencies all = new Latencies();
		for (Future<Latencies> future : futures) {
			all.addAll(future.get());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		return new Result(name, ops, threads, seconds, all, 0);
	}

}
