package app.extramile.benchmarks;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.ExtraMileApplication;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counter search latency through real HTTP: starts the whole app in this JVM on a free
 * port, on H2 (the embedded default, a file under target/) and on PostgreSQL, seeds one
 * shop with 10,000 customers and a second shop with 3,000, signs in through the login
 * form (session cookie and CSRF token as a browser gets them) and measures
 * {@code GET /counter?q=..} with {@code HX-Request: true} for a mix of queries,
 * interleaved with a static asset and {@code /actuator/health} as baselines measured in
 * the same run.
 *
 * <p>
 * Not a test: run on demand, see docs/benchmarks.md. Options ({@code key=value} in
 * {@code -Dbenchmark.args}, or system properties {@code bench.key}): {@code databases}
 * (h2,postgres), {@code customers} (10000), {@code otherShop} (3000), {@code warmup} (300
 * rounds), {@code rounds} (1000 rounds; each round is one request of every kind, in
 * shuffled order).
 */
public final class CounterSearchBenchmark {

	private static final String PASSWORD = "benchmark-password";

	private static final String[] WOMEN = { "Mary", "Margaret", "Elizabeth", "Jean", "Joan", "Patricia", "Susan",
			"Sarah", "Helen", "Gwen", "Megan", "Sian", "Catherine", "Anne", "Janet", "Carol", "Linda", "Emma", "Rhian",
			"Eirlys", "Glenys", "Dorothy", "Olwen", "Nia", "Bethan" };

	private static final String[] MEN = { "John", "David", "William", "Robert", "James", "Thomas", "Michael", "Peter",
			"Richard", "Gareth", "Dafydd", "Huw", "Ian", "Alan", "Brian", "Geoffrey", "Kenneth", "Dewi", "Rhys", "Owen",
			"Gwilym", "Emrys", "Trefor", "Alun", "Keith" };

	private static final String[] SURNAMES = { "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes",
			"Lewis", "Morgan", "Griffiths", "Edwards", "Smith", "Brown", "Taylor", "Wilson", "Johnson", "Walker",
			"Wright", "Robinson", "Thompson", "Wood", "Hall", "Green", "Jenkins", "Price", "Owen", "Phillips", "Rees",
			"Lloyd", "Parry", "Pritchard", "Powell", "Harris", "Clarke", "James", "Morris", "Bowen", "Rowlands",
			"Watkins", "Howells", "Prydderch", "Llwyd", "Cadwgan", "Gruffydd-Ellis", "Ifans-Lloyd" };

	private static final String[] STREETS = { "Stryd y Capel", "Heol y Felin", "Lôn Goed", "Ffordd yr Orsaf",
			"Maes y Llan", "Bryn Teg", "Heol Fawr", "Cae Du", "Rhes y Pentre", "Lôn yr Eglwys" };

	/** What staff type: two letters of a common name is the usual case. */
	private static final String[] TWO_LETTERS = { "jo", "da", "ma", "ev", "ll", "th", "wi", "ri", "gw", "pr" };

	private static final String[] THREE_LETTERS = { "mar", "gri", "pow", "jon", "dav", "eli", "huw", "row" };

	private static final String[] MISSES = { "zq", "qx", "xyz", "zzv", "qqj" };

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern RESULT_ID = Pattern.compile("name=\"customerId\" value=\"([0-9a-f-]{36})\"");

	enum Kind {

		STATIC("GET /css/app.css (baseline)"), HEALTH("GET /actuator/health (baseline)"),
		TWO("q = 2 letters of a common name"), THREE("q = 3 letters"), CARD("q = full card reference"),
		MISS("q = a miss");

		final String label;

		Kind(String label) {
			this.label = label;
		}

		boolean search() {
			return this != STATIC && this != HEALTH;
		}

	}

	private CounterSearchBenchmark() {
	}

	private static String postgres(String what, String fallback) {
		return System.getProperty("bench.postgres." + what, fallback);
	}

	public static void main(String[] args) throws Exception {
		Latencies.options(args);
		List<String> databases = List.of(System.getProperty("bench.databases", "h2,postgres").split(","));
		int customers = Integer.getInteger("bench.customers", 10_000);
		int otherShop = Integer.getInteger("bench.otherShop", 3_000);
		int warmup = Integer.getInteger("bench.warmup", 300);
		int rounds = Integer.getInteger("bench.rounds", 1000);
		StringBuilder report = new StringBuilder();
		report.append(String.format(Locale.ROOT,
				"%n## Counter search: %,d customers in shop A, %,d in shop B; %d warm-up rounds, %d measured rounds "
						+ "of one request per kind; %d CPUs, Java %s%n",
				customers, otherShop, warmup, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version()));
		for (String database : databases) {
			try (RunningApp app = RunningApp.start(database.trim())) {
				long seeding = System.nanoTime();
				Shop a = app.seedShop("bench-a", "EM", customers, 1);
				Shop b = app.seedShop("bench-b", "LL", otherShop, 2);
				app.awaitEvents();
				System.out.printf(Locale.ROOT, "[%s] seeded %,d + %,d customers in %.1f s%n", app.database, customers,
						otherShop, (System.nanoTime() - seeding) / 1e9);
				app.explain(a.id, "jo");
				Map<Kind, Latencies> inA = new Client(app.port, a, b.customerIds).measure(warmup, rounds);
				Map<Kind, Latencies> inB = new Client(app.port, b, a.customerIds).measure(warmup, rounds);
				report.append(table(app.database, "shop A (" + customers + " customers)", inA));
				report.append(table(app.database, "shop B (" + otherShop + " customers)", inB));
			}
		}
		System.out.println(report);
	}

	private static String table(String database, String shop, Map<Kind, Latencies> results) {
		double baseline = results.get(Kind.STATIC).median();
		Latencies all = new Latencies();
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n### %s, %s%n%n", database, shop));
		out.append("| request | n | p50 ms | p95 ms | p99 ms | p50 / static p50 |\n");
		out.append("|---|---:|---:|---:|---:|---:|\n");
		for (Map.Entry<Kind, Latencies> entry : results.entrySet()) {
			if (entry.getKey().search()) {
				all.addAll(entry.getValue());
			}
			out.append(row(entry.getKey().label, entry.getValue(), baseline));
		}
		out.append(row("**all searches**", all, baseline));
		return out.toString();
	}

	private static String row(String label, Latencies latencies, double baseline) {
		return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", label, latencies.size(),
				Latencies.ms(latencies.median()), Latencies.ms(latencies.percentile(95)),
				Latencies.ms(latencies.percentile(99)), Latencies.ratio(latencies.median(), baseline));
	}

	record Shop(ShopId id, String username, List<String> references, Set<String> customerIds) {
	}

	/** The whole app, started in this JVM on a free port. */
	static final class RunningApp implements AutoCloseable {

		final String database;

		final ConfigurableApplicationContext context;

		final int port;

		private final Runnable cleanUp;

		private RunningApp(String database, ConfigurableApplicationContext context, Runnable cleanUp) {
			this.database = database;
			this.context = context;
			this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			this.cleanUp = cleanUp;
		}

		static RunningApp start(String database) throws IOException {
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put("server.port", "0");
			properties.put("spring.main.banner-mode", "off");
			properties.put("logging.level.root", "WARN");
			properties.put("extramile.demo.enabled", "false");
			Runnable cleanUp;
			switch (database) {
				case "h2" -> {
					Path dir = Files.createDirectories(Path.of("target", "benchmarks"))
						.resolve("counter-h2-" + System.currentTimeMillis())
						.toAbsolutePath();
					properties.put("extramile.data-dir", dir.toString());
					cleanUp = () -> {
					};
				}
				case "postgres" -> {
					String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
					properties.put("spring.datasource.url",
							postgres("url", "jdbc:postgresql://127.0.0.1:5432/extramile_bench") + "?currentSchema="
									+ schema);
					properties.put("spring.datasource.username", postgres("user", "extramile"));
					properties.put("spring.datasource.password", postgres("password", "extramile"));
					properties.put("spring.flyway.default-schema", schema);
					properties.put("spring.flyway.schemas", schema);
					properties.put("spring.flyway.create-schemas", "true");
					cleanUp = () -> dropSchema(schema);
				}
				default -> throw new IllegalArgumentException("bench.databases: h2 or postgres, not " + database);
			}
			// As command-line arguments: they outrank application.properties.
			String[] arguments = properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new);
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ExtraMileApplication.class)
				.run(arguments);
			return new RunningApp(database, context, cleanUp);
		}

		Shop seedShop(String slug, String referencePrefix, int count, long seed) {
			JdbcClient jdbc = this.context.getBean(JdbcClient.class);
			CustomerDirectory directory = this.context.getBean(CustomerDirectory.class);
			ShopId shop = TestShops.create(jdbc);
			String username = slug + "-staff";
			this.context.getBean(Accounts.class).create(shop, username, "Bench Staff", Role.STAFF, PASSWORD);
			Random random = new Random(seed);
			List<String> references = new ArrayList<>(count);
			Set<String> ids = new HashSet<>(count * 2);
			LocalDate today = LocalDate.now();
			for (int i = 0; i < count; i++) {
				boolean woman = random.nextBoolean();
				String first = woman ? WOMEN[random.nextInt(WOMEN.length)] : MEN[random.nextInt(MEN.length)];
				String surname = SURNAMES[random.nextInt(SURNAMES.length)];
				String preferred = (random.nextInt(7) == 0) ? (woman ? "Mrs " : "Mr ") + surname : null;
				String reference = String.format(Locale.ROOT, "%s%06d", referencePrefix, i + 1);
				references.add(reference);
				ids.add(directory
					.register(shop, new CustomerDetails(reference, first + " " + surname, preferred,
							String.format(Locale.ROOT, "01970 %06d", random.nextInt(1_000_000)), null,
							(1 + random.nextInt(80)) + " " + STREETS[random.nextInt(STREETS.length)], "Llanfair Fach",
							"SY23 1AB", null, null,
							today.minusYears(20 + random.nextInt(75)).minusDays(random.nextInt(365)), null, List.of()))
					.value()
					.toString());
			}
			return new Shop(shop, username, references, ids);
		}

		/** Registration events feed the timeline asynchronously: let them drain first. */
		void awaitEvents() throws InterruptedException {
			JdbcClient jdbc = this.context.getBean(JdbcClient.class);
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (jdbc.sql("select count(*) from event_publication").query(Long.class).single() > 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("event publications did not complete");
				}
				Thread.sleep(200);
			}
			if (this.database.equals("postgres")) {
				// Fresh statistics, as autovacuum would have them in a shop that grew
				// over time.
				jdbc.sql("analyze customer").update();
			}
		}

		/**
		 * The plan of the counter search (the SQL of CustomerDirectory.search), to see
		 * whether it stays within the shop.
		 */
		void explain(ShopId shop, String q) {
			String explain = this.database.equals("postgres") ? "explain (analyze, buffers) " : "explain analyze ";
			String sql = explain
					+ """
							select id from customer where shop_id = ? and archived_at is null
							  and search_key like ? escape '\\'
							order by case when lower(reference) = ? then 0 when search_key like ? escape '\\' then 1 else 2 end, name
							limit 8""";
			List<String> plan = this.context.getBean(JdbcClient.class)
				.sql(sql)
				.params(shop.value(), "%" + q + "%", q, q + "%")
				.query((rs, n) -> rs.getString(1))
				.list();
			System.out.println("[" + this.database + "] plan of the counter search for '" + q + "':");
			plan.forEach((line) -> System.out.println("    " + line));
		}

		@Override
		public void close() {
			this.context.close();
			this.cleanUp.run();
		}

		private static void dropSchema(String schema) {
			try (Connection connection = DriverManager.getConnection(
					postgres("url", "jdbc:postgresql://127.0.0.1:5432/extramile_bench"), postgres("user", "extramile"),
					postgres("password", "extramile")); Statement statement = connection.createStatement()) {
				statement.execute("drop schema " + schema + " cascade");
			}
			catch (Exception ex) {
				System.err.println("Could not drop benchmark schema " + schema + ": " + ex);
			}
		}

	}

	/** One signed-in member of staff at the counter, with a browser's session cookie. */
	static final class Client {

		private final String base;

		private final HttpClient http;

		private final Shop shop;

		private final Set<String> otherShopsIds;

		private final Random random = new Random(7);

		Client(int port, Shop shop, Set<String> otherShopsIds) throws IOException, InterruptedException {
			this.base = "http://127.0.0.1:" + port;
			this.shop = shop;
			this.otherShopsIds = otherShopsIds;
			this.http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			signIn();
		}

		private void signIn() throws IOException, InterruptedException {
			String page = get("/login", false).body();
			Matcher csrf = CSRF.matcher(page);
			if (!csrf.find()) {
				throw new IllegalStateException("no CSRF token on the login page");
			}
			String form = "username=" + encode(this.shop.username) + "&password=" + encode(PASSWORD) + "&_csrf="
					+ encode(csrf.group(1));
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
			String location = response.headers().firstValue("Location").orElse("");
			if (response.statusCode() != 302 || location.contains("error") || location.contains("locked")) {
				throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + location);
			}
		}

		Map<Kind, Latencies> measure(int warmup, int rounds) throws IOException, InterruptedException {
			Map<Kind, Latencies> results = new LinkedHashMap<>();
			for (Kind kind : Kind.values()) {
				results.put(kind, new Latencies());
			}
			List<Kind> order = new ArrayList<>(List.of(Kind.values()));
			for (int round = 0; round < warmup + rounds; round++) {
				Collections.shuffle(order, this.random);
				for (Kind kind : order) {
					String path = path(kind);
					long start = System.nanoTime();
					HttpResponse<String> response = get(path, kind.search());
					long elapsed = System.nanoTime() - start;
					check(kind, path, response);
					if (round >= warmup) {
						results.get(kind).add(elapsed);
					}
				}
			}
			return results;
		}

		private String path(Kind kind) {
			return switch (kind) {
				case STATIC -> "/css/app.css";
				case HEALTH -> "/actuator/health";
				case TWO -> "/counter?q=" + pick(TWO_LETTERS);
				case THREE -> "/counter?q=" + pick(THREE_LETTERS);
				case CARD -> "/counter?q=" + this.shop.references.get(this.random.nextInt(this.shop.references.size()));
				case MISS -> "/counter?q=" + pick(MISSES);
			};
		}

		private String pick(String[] choices) {
			return choices[this.random.nextInt(choices.length)];
		}

		private void check(Kind kind, String path, HttpResponse<String> response) {
			if (response.statusCode() != 200) {
				throw new IllegalStateException(path + " answered " + response.statusCode());
			}
			if (!kind.search()) {
				return;
			}
			List<String> ids = new ArrayList<>();
			Matcher matcher = RESULT_ID.matcher(response.body());
			while (matcher.find()) {
				ids.add(matcher.group(1));
			}
			boolean expected = switch (kind) {
				case TWO, THREE -> !ids.isEmpty() && ids.size() <= 8;
				case CARD -> ids.size() == 1;
				case MISS -> ids.isEmpty();
				default -> true;
			};
			if (!expected || ids.stream().anyMatch(this.otherShopsIds::contains)
					|| !this.shop.customerIds.containsAll(ids)) {
				throw new IllegalStateException(path + " gave unexpected results " + ids);
			}
		}

		private HttpResponse<String> get(String path, boolean htmx) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).GET();
			if (htmx) {
				request.header("HX-Request", "true");
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		private static String encode(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
