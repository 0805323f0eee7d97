package app.extramile.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.extramile.ExtraMileApplication;
import app.extramile.alarms.AlarmSetup;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.team.Team;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Alarm intake to first responder notification queued, on PostgreSQL, at a fixed arrival
 * rate (open loop: requests are sent on schedule whether or not earlier ones have been
 * answered, so queueing shows in the figures). The ask notification is written in the
 * alarm's own transaction and the 201 is sent after it commits, so the HTTP round trip of
 * a signed {@code POST /api/alarms} is the time from intake to the notification queued.
 * Baseline in the same run, at the same rate: {@code GET /actuator/health}.
 *
 * <p>
 * Not a test: run on demand, see docs/benchmarks.md. Options: {@code rate} (50 per
 * second), {@code seconds} (20 measured), {@code warmup} (5 seconds).
 */
public final class AlarmIntakeBenchmark {

	private static final String SECRET = "benchmark-provider-secret";

	private AlarmIntakeBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Latencies.options(args);
		int rate = Integer.getInteger("bench.rate", 50);
		int seconds = Integer.getInteger("bench.seconds", 20);
		int warmup = Integer.getInteger("bench.warmup", 5);
		String url = System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/extramile_test");
		String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("extramile.demo.enabled", "false");
		properties.put("spring.datasource.url", url + "?currentSchema=" + schema);
		properties.put("spring.datasource.username", System.getProperty("bench.postgres.user", "extramile"));
		properties.put("spring.datasource.password", System.getProperty("bench.postgres.password", "extramile"));
		properties.put("spring.flyway.default-schema", schema);
		properties.put("spring.flyway.schemas", schema);
		properties.put("spring.flyway.create-schemas", "true");
		String[] arguments = properties.entrySet()
			.stream()
			.map((p) -> "--" + p.getKey() + "=" + p.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ExtraMileApplication.class)
			.run(arguments)) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			ShopId shop = new ShopId(UUID.randomUUID());
			jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, 'bench', 'Bench', 'UTC', ?)")
				.params(shop.value(), OffsetDateTime.now())
				.update();
			ShopUser owner = new ShopUser(UUID.randomUUID(), shop, "bench", "Bench", Role.OWNER, null);
			AlarmSetup setup = context.getBean(AlarmSetup.class);
			setup.addProvider(owner, "bench", SECRET);
			UUID provider = setup.providers(shop).get(0).id();
			CustomerDirectory customers = context.getBean(CustomerDirectory.class);
			for (int i = 0; i < 50; i++) {
				CustomerId customer = customers.register(shop, new CustomerDetails(null, "Gwen Bench" + i, null, null,
						null, "1 Stryd", null, null, 52.4 + i * 0.001, -4.08, null, null, List.of()));
				setup.addDevice(owner, provider, "PENDANT-" + i, customer, 86_400);
			}
			Team team = context.getBean(Team.class);
			for (int i = 0; i < 5; i++) {
				UUID member = team.addMember(owner, new Team.MemberDetails("Responder " + (char) ('A' + i),
						"07700 90010" + i, null, null, 52.4 + i * 0.01, -4.08));
				for (DayOfWeek day : DayOfWeek.values()) {
					team.addSlot(owner, member, day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
				}
			}
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			String base = "http://127.0.0.1:" + port;
			AtomicInteger events = new AtomicInteger();

			run(rate, warmup, () -> alarm(http, base, events.incrementAndGet()));
			Latencies health = run(rate, seconds,
					() -> http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
							HttpResponse.BodyHandlers.ofString()));
			int before = events.get();
			Latencies intake = run(rate, seconds, () -> alarm(http, base, events.incrementAndGet()));
			long measured = events.get() - before;
			long asked = jdbc.sql("select count(*) from notification where dedup_key like 'alarm:%:ask:0'")
				.query(Long.class)
				.single();
			Runtime runtime = Runtime.getRuntime();
			System.out.println();
			System.out.println("Machine: " + runtime.availableProcessors() + " cores, Java "
					+ System.getProperty("java.version") + ", " + System.getProperty("os.name") + "; " + Instant.now());
			System.out.println("| path | requests | rate | median ms | p90 ms | p99 ms | max ms | p99 vs baseline |");
			System.out.println("|---|---|---|---|---|---|---|---|");
			row("HTTP: `GET /actuator/health` (baseline)", health, rate, health);
			row("signed `POST /api/alarms` → alarm stored, first responder's SMS queued (201)", intake, rate, health);
			System.out.println();
			System.out.println("Ask notifications queued: " + asked + " for " + (events.get()) + " alarms (" + measured
					+ " measured)");
		}
	}

	interface Send {

		CompletableFuture<HttpResponse<String>> send() throws Exception;

	}

	/** Sends {@code rate} requests a second for {@code seconds}, on schedule. */
	static Latencies run(int rate, int seconds, Send send) throws Exception {
		Latencies latencies = new Latencies();
		List<CompletableFuture<Void>> pending = new ArrayList<>();
		long start = System.nanoTime();
		long interval = 1_000_000_000L / rate;
		for (int i = 0; i < rate * seconds; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			long sent = System.nanoTime();
			pending.add(send.send().thenAccept((response) -> {
				if (response.statusCode() >= 300) {
					throw new IllegalStateException(response.statusCode() + " " + response.body());
				}
				synchronized (latencies) {
					latencies.add(System.nanoTime() - sent);
				}
			}));
		}
		CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
		return latencies;
	}

	static CompletableFuture<HttpResponse<String>> alarm(HttpClient http, String base, int n) throws Exception {
		String body = "{\"eventId\":\"b-" + n + "\",\"deviceId\":\"PENDANT-" + (n % 50)
				+ "\",\"kind\":\"button\",\"occurredAt\":\"" + Instant.now() + "\"}";
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
		return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/alarms"))
			.header("Content-Type", "application/json")
			.header("X-Extramile-Provider", "bench")
			.header("X-Extramile-Timestamp", timestamp)
			.header("X-Extramile-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void row(String path, Latencies latencies, int rate, Latencies baseline) {
		System.out.println("| " + path + " | " + latencies.size() + " | " + rate + "/s | "
				+ Latencies.ms(latencies.median()) + " | " + Latencies.ms(latencies.percentile(90)) + " | "
				+ Latencies.ms(latencies.percentile(99)) + " | " + Latencies.ms(latencies.percentile(100)) + " | "
				+ Latencies.ratio(latencies.percentile(99), baseline.percentile(99)) + " |");
	}

}
