package app.extramile.processes;

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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.processes.AlarmFixtures.SmsStub;
import app.extramile.shared.Tokens;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static app.extramile.processes.AlarmFixtures.update;

/**
 * Three instances of the built app behind HAProxy on one PostgreSQL schema, under load
 * and faults. Clients reach the app only through HAProxy: the counter's offline taps
 * ({@code POST /counter/taps}, a key per tap) and welfare steps (open a check by hand,
 * "No answer", then "All well") from a signed-in staff session; visit batches
 * ({@code POST /api/visits}, an external id per visit) and gift-certificate redemptions
 * (an {@code Idempotency-Key} each) with an API token; and signed alarms from a provider.
 * Like real clients they send a request again, with the same key, until they get an
 * answer. Meanwhile an instance is killed with {@code kill -9} every ~30 s and started
 * again on its port, and PostgreSQL itself is restarted once.
 * <p>
 * Afterwards, once the queues have drained, the database and the SMS provider stub are
 * read: every acknowledged visit stored exactly once and nothing else; every alarm stored
 * once, its ladder (ask each of three responders in turn, then everyone and the owner)
 * walked once, each text reaching the provider, the lateness of each ladder step against
 * its deadline; every certificate's balance exactly what was issued less the acknowledged
 * redemptions; every welfare check walked as answered; every notification sent, none
 * under two ids, no text the app did not record; no module event left unprocessed. Run by
 * {@code ThreeInstancesUnderChaosIT} (short, in CI) and by {@code scripts/chaos-soak.sh}
 * (10 minutes by default).
 */
final class ChaosSoak {

	/** Responders on duty (each asked in turn) and pendants (one per alarm customer). */
	private static final int RESPONDERS = 3;

	private static final int PENDANTS = 20;

	private static final int CUSTOMERS = 400;

	private static final int CERTIFICATES = 12;

	private static final long ISSUED_MINOR = 500_000;

	private static final int VISITS_PER_BATCH = 20;

	/** Ladder timings for the run: ask the next after 15 s, everyone after 60 s. */
	static final Duration ACK_WITHIN = Duration.ofSeconds(15);

	static final Duration ALL_HANDS_AFTER = Duration.ofSeconds(60);

	/**
	 * A client keeps sending an unanswered request again for this long, then gives up.
	 */
	private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(3);

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern JSON_TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern JSON_HEADER = Pattern.compile("\"header\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern VISIT_ID = Pattern.compile("\"visitId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Pattern ALARM_ID = Pattern.compile("\"alarmId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z0-9-]+)\"");

	private static final Pattern BALANCE = Pattern.compile("\"balanceMinor\"\\s*:\\s*(-?\\d+)");

	private static final Pattern CHECK_PATH = Pattern.compile("/checks/([0-9a-f-]{36})$");

	private static final Pattern OUTCOME_FORM = Pattern.compile("/checks/steps/([0-9a-f-]{36})/outcome");

	/** What to run: how long, how often to kill, whether to restart PostgreSQL. */
	record Settings(Duration soak, Duration killEvery, boolean restartPostgres, Duration alarmEvery, int clients,
			long seed, Path directory) {

		static Settings of(Duration soak, boolean restartPostgres) {
			String schema = "chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			return new Settings(soak, Duration.ofSeconds(30), restartPostgres, Duration.ofSeconds(2), 4,
					System.nanoTime(), Path.of("target", "chaos", schema));
		}

		String schema() {
			return this.directory.getFileName().toString();
		}

	}

	/** One fault injected, and how long its instance (or PostgreSQL) took to be back. */
	record Fault(String what, Instant at, Duration back) {
	}

	/** One ladder step and how late it was against its deadline. */
	record Lateness(UUID alarm, String step, Instant deadline, Duration late, Duration sinceFault, String fault) {
	}

	/**
	 * Requests of one kind: operations, sends, answers, and the time each answer took.
	 */
	static final class Load {

		final String kind;

		final AtomicInteger operations = new AtomicInteger();

		final AtomicInteger acknowledged = new AtomicInteger();

		final AtomicInteger sends = new AtomicInteger();

		final AtomicInteger resent = new AtomicInteger();

		final AtomicInteger gaveUp = new AtomicInteger();

		final List<Long> millis = Collections.synchronizedList(new ArrayList<>());

		Load(String kind) {
			this.kind = kind;
		}

		String line() {
			List<Long> sorted;
			synchronized (this.millis) {
				sorted = new ArrayList<>(this.millis);
			}
			Collections.sort(sorted);
			return String.format(Locale.ROOT,
					"%-16s %6d operations, %6d acknowledged, %6d sends (%d sent again), %d given up; "
							+ "answer median %d ms, p99 %d ms, max %d ms",
					this.kind, this.operations.get(), this.acknowledged.get(), this.sends.get(), this.resent.get(),
					this.gaveUp.get(), percentile(sorted, 0.5), percentile(sorted, 0.99),
					sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
		}

	}

	/** What the run did and found. */
	static final class Report {

		final List<String> violations = new CopyOnWriteArrayList<>();

		final List<Fault> faults = new CopyOnWriteArrayList<>();

		final Map<String, Load> load = new LinkedHashMap<>();

		final Map<String, Long> counts = new LinkedHashMap<>();

		final List<Lateness> stepLateness = new ArrayList<>();

		final List<Lateness> textLateness = new ArrayList<>();

		Duration soaked = Duration.ZERO;

		Duration drained = Duration.ZERO;

		long proxyRetries;

		long seed;

		Path directory;

		synchronized Load load(String kind) {
			return this.load.computeIfAbsent(kind, Load::new);
		}

		long kills() {
			return this.faults.stream().filter((f) -> f.what().startsWith("kill")).count();
		}

		long postgresRestarts() {
			return this.faults.stream().filter((f) -> f.what().startsWith("PostgreSQL")).count();
		}

		Duration worstStep() {
			return this.stepLateness.stream().map(Lateness::late).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
		}

		Duration worstText() {
			return this.textLateness.stream().map(Lateness::late).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
		}

		String summary() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(Locale.ROOT, "Chaos soak: %s of load (seed %d), drained in %s; logs in %s%n",
					this.soaked, this.seed, this.drained, this.directory));
			long sends = this.load.values().stream().mapToLong((l) -> l.sends.get()).sum();
			long acked = this.load.values().stream().mapToLong((l) -> l.acknowledged.get()).sum();
			out.append(String.format(Locale.ROOT,
					"Load through HAProxy: %d requests sent, %d operations acknowledged (%.1f requests/s); "
							+ "HAProxy retried or redispatched %d%n",
					sends, acked, sends / Math.max(1.0, this.soaked.toMillis() / 1000.0), this.proxyRetries));
			this.load.values().forEach((l) -> out.append("  ").append(l.line()).append('\n'));
			out.append(String.format(Locale.ROOT, "Faults: %d instances killed with kill -9, %d PostgreSQL restarts%n",
					kills(), postgresRestarts()));
			List<Long> back = this.faults.stream()
				.filter((f) -> f.what().startsWith("kill") && f.back() != null)
				.map((f) -> f.back().toMillis())
				.sorted()
				.toList();
			out.append(String.format(Locale.ROOT, "  instance healthy again after: median %d ms, max %d ms%n",
					percentile(back, 0.5), back.isEmpty() ? 0 : back.get(back.size() - 1)));
			this.faults.stream()
				.sorted(Comparator.comparing(Fault::at))
				.forEach((f) -> out.append("  ")
					.append(f.at())
					.append(' ')
					.append(f.what())
					.append(", up again after ")
					.append(f.back().toMillis())
					.append(" ms\n"));
			this.counts.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-44s %d%n", k, v)));
			out.append(String.format(Locale.ROOT,
					"Ladder steps: %d, worst %d ms after their deadline; texts: %d, worst at the provider %d ms after "
							+ "the deadline%n",
					this.stepLateness.size(), worstStep().toMillis(), this.textLateness.size(),
					worstText().toMillis()));
			out.append("  latest ladder steps:\n");
			worst(this.stepLateness).forEach((l) -> out.append("    ").append(describe(l)).append('\n'));
			out.append("  latest texts:\n");
			worst(this.textLateness).forEach((l) -> out.append("    ").append(describe(l)).append('\n'));
			out.append(this.violations.isEmpty() ? "Nothing lost, nothing twice.\n"
					: "VIOLATIONS (" + this.violations.size() + "):\n");
			this.violations.stream().limit(50).forEach((v) -> out.append("  ").append(v).append('\n'));
			return out.toString();
		}

		private static List<Lateness> worst(List<Lateness> all) {
			return all.stream().sorted(Comparator.comparing(Lateness::late).reversed()).limit(5).toList();
		}

		private static String describe(Lateness l) {
			return String.format(Locale.ROOT, "%5d ms late: alarm %s %s (deadline %s; %s %s before it)",
					l.late().toMillis(), l.alarm().toString().substring(0, 8), l.step(), l.deadline(),
					(l.fault() != null) ? l.fault() : "no fault", (l.sinceFault() != null) ? l.sinceFault() : "");
		}

	}

	/** One app instance on a fixed port, killed and started again by the chaos thread. */
	private static final class Slot {

		final String name;

		final int port;

		volatile AppProcess app;

		volatile boolean up;

		int starts;

		Slot(String name, int port) {
			this.name = name;
			this.port = port;
		}

		AppProcess launch(Map<String, String> env, Path logs) throws Exception {
			this.starts++;
			Map<String, String> own = new HashMap<>(env);
			// db-scheduler names the instance holding an execution after this
			own.put("DB_SCHEDULER_SCHEDULER_NAME", this.name);
			this.app = AppProcess.launch(this.name + "-" + this.starts, own, logs, this.port);
			return this.app;
		}

	}

	private record Tap(UUID customer, UUID visitId) {
	}

	private record Redemption(String code, long amountMinor, int status) {
	}

	private record WelfareCase(UUID check, UUID customer, UUID firstStep, UUID secondStep) {
	}

	private final Settings settings;

	private final Report report = new Report();

	private final Random random;

	private final String apiToken = Tokens.newToken("em_");

	private final String password = "chaos-" + UUID.randomUUID();

	private final String staffName = "chaos-staff-" + UUID.randomUUID().toString().substring(0, 8);

	private final HttpClient api = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final HttpClient browser = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.cookieHandler(new CookieManager())
		.build();

	private final AtomicBoolean loadOn = new AtomicBoolean(true);

	private final AtomicLong sequence = new AtomicLong();

	private final Map<UUID, Tap> taps = new ConcurrentHashMap<>();

	private final Set<String> visitIds = ConcurrentHashMap.newKeySet();

	private final Map<String, UUID> alarms = new ConcurrentHashMap<>();

	private final Map<String, Redemption> redemptions = new ConcurrentHashMap<>();

	private final List<WelfareCase> cases = new CopyOnWriteArrayList<>();

	private final Map<String, String> certificates = new ConcurrentHashMap<>(); // code ->
																				// issue
																				// key

	private final AtomicInteger nextWelfareCustomer = new AtomicInteger();

	private final ExecutorService alarmSenders = Executors.newCachedThreadPool();

	/** Counts sign-ins, so that clients who all found the session gone sign in once. */
	private final AtomicLong session = new AtomicLong();

	private volatile String base;

	private volatile String csrfHeader;

	private volatile String csrfToken;

	private AlarmFixtures.Shop shop;

	private List<UUID> customers;

	private List<UUID> welfareCustomers;

	private ChaosSoak(Settings settings) {
		this.settings = settings;
		this.random = new Random(settings.seed());
		this.report.seed = settings.seed();
		this.report.directory = settings.directory();
	}

	/** On demand: {@code ChaosSoak [minutes]} (10 by default); exits 1 on a violation. */
	public static void main(String[] args) throws Exception {
		double minutes = (args.length > 0) ? Double.parseDouble(args[0]) : 10;
		Report report = run(Settings.of(Duration.ofSeconds(Math.round(minutes * 60)), true));
		System.exit(report.violations.isEmpty() ? 0 : 1);
	}

	static Report run(Settings settings) throws Exception {
		ChaosSoak soak = new ChaosSoak(settings);
		try {
			soak.soak();
		}
		finally {
			String summary = soak.report.summary();
			System.out.println(summary);
			Files.createDirectories(settings.directory());
			Files.writeString(settings.directory().resolve("summary.txt"), summary);
		}
		return soak.report;
	}

	private void soak() throws Exception {
		Path logs = this.settings.directory();
		String schema = this.settings.schema();
		try (SmsStub sms = new SmsStub()) {
			Map<String, String> env = AlarmFixtures.environment(schema, sms);
			env.put("EXTRAMILE_ALARMS_ACKNOWLEDGE_WITHIN", ACK_WITHIN.toString());
			env.put("EXTRAMILE_ALARMS_ALL_HANDS_AFTER", ALL_HANDS_AFTER.toString());
			env.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "10");
			List<Slot> slots = List.of(new Slot("app1", AppProcess.freePort()), new Slot("app2", AppProcess.freePort()),
					new Slot("app3", AppProcess.freePort()));
			try (HaProxy proxy = HaProxy.start(slots.stream().map((s) -> s.port).toList(), logs)) {
				this.base = proxy.baseUrl();
				env.put("EXTRAMILE_BASE_URL", this.base);
				try {
					// the first creates the schema; the other two start side by side
					slots.get(0).launch(env, logs).awaitHealthy(Duration.ofSeconds(180));
					slots.get(0).up = true;
					seed(schema);
					slots.get(1).launch(env, logs);
					slots.get(2).launch(env, logs);
					slots.get(1).app.awaitHealthy(Duration.ofSeconds(180));
					slots.get(2).app.awaitHealthy(Duration.ofSeconds(180));
					slots.get(1).up = true;
					slots.get(2).up = true;
					signIn(this.session.get());
					issueCertificates();
					drive(slots, env, logs);
					drain(schema, sms);
					this.report.proxyRetries = proxy.retriedRequests();
					verify(schema, sms);
				}
				finally {
					for (Slot slot : slots) {
						if (slot.app != null) {
							slot.app.close();
						}
					}
				}
			}
		}
	}

	// --- Seeding ----------------------------------------------------------------------

	private void seed(String schema) throws Exception {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		try (Connection db = AlarmFixtures.connect(schema)) {
			this.shop = AlarmFixtures.seed(db, "chaos", PENDANTS, RESPONDERS);
			db.setAutoCommit(false);
			update(db,
					"""
							insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at, phone)
							values (?, ?, ?, 'Siân Staff', 'STAFF', ?, true, ?, '07700 900998')""",
					UUID.randomUUID(), this.shop.id(), this.staffName,
					new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2).encode(this.password), now);
			update(db, "insert into api_token (id, shop_id, name, token_hash, created_at) values (?, ?, 'till', ?, ?)",
					UUID.randomUUID(), this.shop.id(), Tokens.sha256(this.apiToken), now);
			List<UUID> all = new ArrayList<>(this.shop.customers());
			try (PreparedStatement insert = db.prepareStatement("""
					insert into customer (id, shop_id, name, search_key, phone, created_at, updated_at)
					values (?, ?, ?, ?, '01234 567890', ?, ?)""")) {
				for (int i = 0; i < CUSTOMERS; i++) {
					UUID id = UUID.randomUUID();
					insert.setObject(1, id);
					insert.setObject(2, this.shop.id());
					// a first name of their own: texts about two customers never read the
					// same
					insert.setString(3, "Cwsmer" + letters(i) + " Chaos");
					insert.setString(4, "cwsmer" + letters(i) + " chaos");
					insert.setObject(5, now);
					insert.setObject(6, now);
					insert.addBatch();
					all.add(id);
				}
				insert.executeBatch();
			}
			db.commit();
			this.customers = all;
			// welfare checks for customers nobody else opens checks for, one each
			this.welfareCustomers = new ArrayList<>(all.subList(PENDANTS, all.size()));
			Collections.shuffle(this.welfareCustomers, this.random);
		}
	}

	// --- The clients ------------------------------------------------------------------

	private void signIn(long seen) throws Exception {
		synchronized (this.browser) {
			if (this.session.get() != seen) {
				return; // another client signed in again meanwhile
			}
			Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
			while (true) {
				try {
					HttpResponse<String> page = this.browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
					Matcher csrf = CSRF_INPUT.matcher(page.body());
					if (page.statusCode() == 200 && csrf.find()) {
						HttpResponse<String> signedIn = this.browser.send(form("/login", null,
								Map.of("username", this.staffName, "password", this.password, "_csrf", csrf.group(1))),
								HttpResponse.BodyHandlers.ofString());
						String location = signedIn.headers().firstValue("Location").orElse("");
						if (signedIn.statusCode() == 302 && !location.contains("/login")) {
							HttpResponse<String> session = this.browser.send(get("/counter/session"),
									HttpResponse.BodyHandlers.ofString());
							Matcher token = JSON_TOKEN.matcher(session.body());
							Matcher header = JSON_HEADER.matcher(session.body());
							if (session.statusCode() == 200 && token.find() && header.find()) {
								this.csrfHeader = header.group(1);
								this.csrfToken = token.group(1);
								this.session.incrementAndGet();
								return;
							}
						}
					}
				}
				catch (IOException ex) {
					// an instance died under the request: sign in again
				}
				if (Instant.now().isAfter(giveUp)) {
					throw new IllegalStateException("could not sign in through HAProxy");
				}
				Thread.sleep(500);
			}
		}
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30)).GET().build();
	}

	private HttpRequest form(String path, String csrf, Map<String, String> fields) {
		StringBuilder body = new StringBuilder();
		fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
			.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (csrf != null) {
			request.header(this.csrfHeader, csrf);
		}
		return request.build();
	}

	private HttpRequest json(String path, String key, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.apiToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return request.build();
	}

	private interface Request {

		HttpRequest build() throws Exception;

	}

	/**
	 * Sends the request until an answer the client accepts comes back (each time built
	 * afresh with the same key: a new signature or CSRF token), or gives up after
	 * {@link #GIVE_UP_AFTER}; null then. A session that ended is signed in again.
	 */
	private HttpResponse<String> untilAnswered(Load load, HttpClient client, Request request,
			Predicate<HttpResponse<String>> answered) throws Exception {
		Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
		long pause = 100;
		for (int attempt = 0;; attempt++) {
			load.sends.incrementAndGet();
			if (attempt > 0) {
				load.resent.incrementAndGet();
			}
			long started = System.nanoTime();
			long signedIn = this.session.get();
			try {
				HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (answered.test(response)) {
					load.millis.add((System.nanoTime() - started) / 1_000_000);
					load.acknowledged.incrementAndGet();
					return response;
				}
				boolean toSignIn = response.statusCode() == 302
						&& response.headers().firstValue("Location").orElse("").contains("/login");
				if (client == this.browser && (toSignIn || response.statusCode() == 403)) {
					signIn(signedIn);
				}
				else if (response.statusCode() < 500) {
					this.report.violations.add(load.kind + ": unexpected answer " + response.statusCode() + " "
							+ abbreviate(response.body()));
					return null;
				}
			}
			catch (IOException ex) {
				// no answer (an instance died, or PostgreSQL restarting): send it again
			}
			if (Instant.now().isAfter(giveUp)) {
				load.gaveUp.incrementAndGet();
				this.report.violations.add(load.kind + ": no answer after " + GIVE_UP_AFTER);
				return null;
			}
			Thread.sleep(pause);
			pause = Math.min(2_000, pause * 2);
		}
	}

	private void issueCertificates() throws Exception {
		Load load = this.report.load("ledger issue");
		for (int i = 0; i < CERTIFICATES; i++) {
			String key = "chaos-issue-" + i;
			load.operations.incrementAndGet();
			HttpResponse<String> answer = untilAnswered(load, this.api,
					() -> json("/api/gift-certificates", key,
							"{\"amountMinor\":" + ISSUED_MINOR + ",\"currency\":\"GBP\"}"),
					(r) -> r.statusCode() == 201);
			if (answer == null) {
				throw new IllegalStateException("could not issue the certificates");
			}
			Matcher code = CODE.matcher(answer.body());
			code.find();
			this.certificates.put(code.group(1), key);
		}
	}

	private void counterTap(Random random) throws Exception {
		Load load = this.report.load("counter taps");
		load.operations.incrementAndGet();
		UUID key = UUID.randomUUID();
		UUID customer = this.customers.get(random.nextInt(this.customers.size()));
		Instant tapped = Instant.now();
		HttpResponse<String> answer = untilAnswered(load, this.browser,
				() -> form("/counter/taps", this.csrfToken,
						Map.of("customerId", customer.toString(), "key", key.toString(), "ageMillis",
								Long.toString(Duration.between(tapped, Instant.now()).toMillis()))),
				(r) -> r.statusCode() == 200 || r.statusCode() == 422);
		if (answer == null) {
			return;
		}
		Matcher visit = VISIT_ID.matcher(answer.body());
		if (answer.statusCode() != 200 || !visit.find()) {
			this.report.violations.add("tap " + key + " refused: " + abbreviate(answer.body()));
			return;
		}
		this.taps.put(key, new Tap(customer, UUID.fromString(visit.group(1))));
	}

	private void visitBatch(Random random) throws Exception {
		Load load = this.report.load("visit batches");
		load.operations.incrementAndGet();
		long batch = this.sequence.incrementAndGet();
		List<String> ids = new ArrayList<>();
		StringBuilder body = new StringBuilder("{\"visits\":[");
		for (int i = 0; i < VISITS_PER_BATCH; i++) {
			String id = "chaos-" + batch + "-" + i;
			ids.add(id);
			body.append((i == 0) ? "" : ",")
				.append("{\"externalId\":\"")
				.append(id)
				.append("\",\"customerId\":\"")
				.append(this.customers.get(random.nextInt(this.customers.size())))
				.append("\",\"seenAt\":\"")
				.append(Instant.now().minusSeconds(random.nextInt(3_600)))
				.append("\",\"amountMinor\":")
				.append(random.nextInt(5_000))
				.append('}');
		}
		body.append("]}");
		HttpResponse<String> answer = untilAnswered(load, this.api, () -> json("/api/visits", null, body.toString()),
				(r) -> r.statusCode() == 200);
		if (answer == null) {
			return;
		}
		int accepted = intField(answer.body(), "accepted");
		int duplicates = intField(answer.body(), "duplicates");
		if (accepted + duplicates != VISITS_PER_BATCH || !answer.body().contains("\"rejected\":[]")) {
			this.report.violations.add("visit batch " + batch + ": " + abbreviate(answer.body()));
			return;
		}
		this.visitIds.addAll(ids);
	}

	private void redemption(Random random) throws Exception {
		Load load = this.report.load("ledger redeem");
		load.operations.incrementAndGet();
		List<String> codes = new ArrayList<>(this.certificates.keySet());
		String code = codes.get(random.nextInt(codes.size()));
		long amount = 1 + random.nextInt(400);
		String key = "chaos-redeem-" + this.sequence.incrementAndGet();
		HttpResponse<String> answer = untilAnswered(load, this.api,
				() -> json("/api/gift-certificates/" + code + "/redemptions", key, "{\"amountMinor\":" + amount + "}"),
				(r) -> r.statusCode() == 200 || (r.statusCode() == 422 && r.body().contains("OVERDRAFT")));
		if (answer != null) {
			this.redemptions.put(key, new Redemption(code, amount, answer.statusCode()));
		}
	}

	private void welfareCase() throws Exception {
		int index = this.nextWelfareCustomer.getAndIncrement();
		if (index >= this.welfareCustomers.size()) {
			return;
		}
		Load load = this.report.load("welfare steps");
		load.operations.incrementAndGet();
		UUID customer = this.welfareCustomers.get(index);
		HttpResponse<String> opened = untilAnswered(load, this.browser,
				() -> form("/checks", this.csrfToken, Map.of("customerId", customer.toString())),
				(r) -> r.statusCode() == 302 && CHECK_PATH.matcher(location(r)).find());
		if (opened == null) {
			return;
		}
		Matcher path = CHECK_PATH.matcher(location(opened));
		path.find();
		UUID check = UUID.fromString(path.group(1));
		UUID[] steps = new UUID[2];
		String[] outcomes = { "NO_ANSWER", "ALL_WELL" };
		for (int i = 0; i < 2; i++) {
			load.operations.incrementAndGet();
			HttpResponse<String> page = untilAnswered(load, this.browser, () -> get("/checks/" + check),
					(r) -> r.statusCode() == 200);
			if (page == null) {
				return;
			}
			Matcher form = OUTCOME_FORM.matcher(page.body());
			if (!form.find()) {
				this.report.violations.add("welfare check " + check + ": no open step to answer (" + (i + 1) + ")");
				return;
			}
			UUID step = UUID.fromString(form.group(1));
			steps[i] = step;
			String outcome = outcomes[i];
			load.operations.incrementAndGet();
			HttpResponse<String> recorded = untilAnswered(load, this.browser,
					() -> form("/checks/steps/" + step + "/outcome", this.csrfToken, Map.of("outcome", outcome)),
					(r) -> r.statusCode() == 302 && location(r).endsWith("/checks/" + check));
			if (recorded == null) {
				return;
			}
		}
		this.cases.add(new WelfareCase(check, customer, steps[0], steps[1]));
	}

	private void alarm(int n) throws Exception {
		Load load = this.report.load("alarms (signed)");
		load.operations.incrementAndGet();
		String eventId = "chaos-" + n;
		byte[] body = ("{\"eventId\":\"" + eventId + "\",\"deviceId\":\"PENDANT-" + (n % PENDANTS)
				+ "\",\"kind\":\"button\",\"occurredAt\":\"" + Instant.now() + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> answer = untilAnswered(load, this.api, () -> {
			String timestamp = Long.toString(Instant.now().getEpochSecond());
			return HttpRequest.newBuilder(URI.create(this.base + "/api/alarms"))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("X-Extramile-Provider", "chaos")
				.header("X-Extramile-Timestamp", timestamp)
				.header("X-Extramile-Signature", AlarmFixtures.sign(timestamp, body))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
		}, (r) -> r.statusCode() == 201);
		if (answer != null) {
			Matcher id = ALARM_ID.matcher(answer.body());
			if (id.find()) {
				this.alarms.put(eventId, UUID.fromString(id.group(1)));
			}
		}
	}

	// --- Load and chaos ---------------------------------------------------------------

	private void drive(List<Slot> slots, Map<String, String> env, Path logs) throws Exception {
		Instant start = Instant.now();
		Instant end = start.plus(this.settings.soak());
		ExecutorService threads = Executors.newFixedThreadPool(this.settings.clients() + 2);
		List<java.util.concurrent.Future<?>> running = new ArrayList<>();
		for (int c = 0; c < this.settings.clients(); c++) {
			Random own = new Random(this.random.nextLong());
			running.add(threads.submit(() -> {
				while (this.loadOn.get()) {
					int pick = own.nextInt(10);
					if (pick < 4) {
						counterTap(own);
					}
					else if (pick < 6) {
						redemption(own);
					}
					else if (pick < 8) {
						visitBatch(own);
					}
					else if (pick == 8) {
						welfareCase();
					}
					else {
						counterTap(own);
					}
					Thread.sleep(50 + own.nextInt(100));
				}
				return null;
			}));
		}
		running.add(threads.submit(() -> {
			int n = 0;
			// the last alarms have time to walk their whole ladder under the faults
			Instant lastAlarm = end.minus(ACK_WITHIN.multipliedBy(RESPONDERS));
			while (this.loadOn.get() && Instant.now().isBefore(lastAlarm)) {
				int number = n++;
				// alarms go out on their own clock, answered or not
				this.alarmSenders.submit(() -> {
					alarm(number);
					return null;
				});
				Thread.sleep(this.settings.alarmEvery().toMillis());
			}
			return null;
		}));
		java.util.concurrent.Future<?> chaos = threads.submit(() -> {
			chaos(slots, env, logs, start, end);
			return null;
		});
		while (Instant.now().isBefore(end)) {
			Thread.sleep(250);
		}
		this.loadOn.set(false);
		this.report.soaked = Duration.between(start, Instant.now());
		chaos.get(5, TimeUnit.MINUTES);
		for (java.util.concurrent.Future<?> client : running) {
			client.get(GIVE_UP_AFTER.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
		}
		this.alarmSenders.shutdown();
		if (!this.alarmSenders.awaitTermination(GIVE_UP_AFTER.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
			this.report.violations.add("alarm senders still busy after the soak");
		}
		threads.shutdown();
	}

	/**
	 * Kills an instance about every {@code killEvery} (never the last one up) and starts
	 * it again on its port in the background, however long that takes; restarts
	 * PostgreSQL once, half way, when all three are up.
	 */
	private void chaos(List<Slot> slots, Map<String, String> env, Path logs, Instant start, Instant end)
			throws Exception {
		Instant nextKill = start.plus(this.settings.killEvery());
		Instant postgresAt = this.settings.restartPostgres()
				? start.plus(this.settings.soak().dividedBy(2)).plus(this.settings.killEvery().dividedBy(2)) : null;
		ExecutorService restarts = Executors.newCachedThreadPool();
		List<java.util.concurrent.Future<?>> restarting = new ArrayList<>();
		int kills = 0;
		while (Instant.now().isBefore(end)) {
			if (postgresAt != null && !Instant.now().isBefore(postgresAt)) {
				restartPostgres();
				postgresAt = null;
			}
			List<Slot> up = slots.stream().filter((slot) -> slot.up).toList();
			if (Instant.now().isBefore(nextKill) || up.size() < 2) {
				Thread.sleep(50);
				continue;
			}
			// every other kill hits the instance moving the alarm ladders, mid-pass
			boolean midPass = kills % 2 == 1;
			Slot victim = midPass ? holderOf("alarm-deadlines", up, Duration.ofSeconds(20)) : null;
			if (victim == null) {
				midPass = false;
				victim = up.get(this.random.nextInt(up.size()));
			}
			Instant killed = Instant.now();
			victim.up = false;
			if (midPass) {
				victim.app.killHardNow();
				// did it die holding the pass? (it may have finished just before)
				midPass = holding("alarm-deadlines", victim);
			}
			else {
				victim.app.killHard();
			}
			kills++;
			String what = "kill -9 " + victim.name + (midPass ? " (holding the alarm-deadlines pass)" : "");
			Slot dead = victim;
			restarting.add(restarts.submit(() -> {
				restart(dead, env, logs);
				this.report.faults.add(new Fault(what, killed, Duration.between(killed, Instant.now())));
				return null;
			}));
			long jitter = this.settings.killEvery().toMillis() / 5;
			nextKill = killed.plus(this.settings.killEvery()).plusMillis(this.random.nextLong(-jitter, jitter + 1));
		}
		for (java.util.concurrent.Future<?> restart : restarting) {
			restart.get(10, TimeUnit.MINUTES);
		}
		restarts.shutdown();
	}

	/**
	 * Starts the instance again; a start cut short (PostgreSQL restarting under its
	 * migrations) is tried again.
	 */
	private static void restart(Slot slot, Map<String, String> env, Path logs) throws Exception {
		for (int attempt = 1;; attempt++) {
			AppProcess app = slot.launch(env, logs);
			try {
				app.awaitHealthy(Duration.ofMinutes(4));
				slot.up = true;
				return;
			}
			catch (IllegalStateException ex) {
				app.close();
				if (attempt == 3) {
					throw ex;
				}
				Thread.sleep(2_000);
			}
		}
	}

	/**
	 * The instance running the durable task right now, found by polling its db-scheduler
	 * row; null if none was caught in time.
	 */
	private Slot holderOf(String task, List<Slot> slots, Duration atMost) throws Exception {
		Instant giveUp = Instant.now().plus(atMost);
		try (Connection db = AlarmFixtures.connect(this.settings.schema());
				PreparedStatement picked = db
					.prepareStatement("select picked_by from scheduled_tasks where task_name = ? and picked")) {
			picked.setString(1, task);
			while (Instant.now().isBefore(giveUp)) {
				try (ResultSet rs = picked.executeQuery()) {
					if (rs.next()) {
						String name = rs.getString(1);
						for (Slot slot : slots) {
							if (slot.name.equals(name)) {
								return slot;
							}
						}
					}
				}
				Thread.sleep(2);
			}
		}
		return null;
	}

	/**
	 * The Debian cluster the tests' PostgreSQL is ({@code pg_lsclusters}: version, name,
	 * port), or {@code -Dextramile.chaos.pg-cluster="15 main"}.
	 */
	private static String[] postgresCluster() throws Exception {
		String given = System.getProperty("extramile.chaos.pg-cluster");
		if (given != null) {
			return given.trim().split("\\s+");
		}
		// the port the tests' PostgreSQL listens on (5432 unless
		// -Dextramile.test.postgres.url says otherwise)
		Matcher url = Pattern.compile("//[^/:]+:(\\d+)/").matcher(app.extramile.TestDatabases.POSTGRES_URL);
		String port = url.find() ? url.group(1) : "5432";
		Process list = new ProcessBuilder("pg_lsclusters", "-h").redirectErrorStream(true).start();
		String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		list.waitFor(30, TimeUnit.SECONDS);
		for (String line : out.split("\n")) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length >= 3 && columns[2].equals(port)) {
				return new String[] { columns[0], columns[1] };
			}
		}
		throw new IllegalStateException("no PostgreSQL cluster on port " + port + " in pg_lsclusters: " + out);
	}

	private boolean holding(String task, Slot slot) throws SQLException {
		try (Connection db = AlarmFixtures.connect(this.settings.schema())) {
			long[] n = new long[1];
			query(db, "select count(*) from scheduled_tasks where task_name = ? and picked and picked_by = ?",
					List.of(task, slot.name), (rs) -> n[0] = rs.getLong(1));
			return n[0] == 1;
		}
	}

	private void awaitPostgresAnswers(Duration atMost) throws Exception {
		Instant giveUp = Instant.now().plus(atMost);
		while (true) {
			SQLException last = null;
			try (Connection db = AlarmFixtures.connect(this.settings.schema())) {
				if (db.isValid(5)) {
					return;
				}
			}
			catch (SQLException ex) {
				last = ex;
			}
			if (Instant.now().isAfter(giveUp)) {
				throw new IllegalStateException("PostgreSQL does not answer after its restart", last);
			}
			Thread.sleep(200);
		}
	}

	private void restartPostgres() throws Exception {
		String[] cluster = postgresCluster();
		Instant at = Instant.now();
		Process restart = new ProcessBuilder("pg_ctlcluster", cluster[0], cluster[1], "restart").inheritIO().start();
		if (!restart.waitFor(120, TimeUnit.SECONDS)) {
			throw new IllegalStateException("pg_ctlcluster " + String.join(" ", cluster) + " restart hung");
		}
		if (restart.exitValue() != 0) {
			// Seen in CI: the server logged "ready to accept connections" within a
			// second,
			// yet pg_ctlcluster said it "failed to start". The fault happened; what
			// counts is whether PostgreSQL answers again.
			System.out.println("pg_ctlcluster " + String.join(" ", cluster) + " restart exited with "
					+ restart.exitValue() + "; waiting for PostgreSQL to answer");
			awaitPostgresAnswers(Duration.ofSeconds(60));
		}
		this.report.faults.add(new Fault("PostgreSQL restart (pg_ctlcluster " + String.join(" ", cluster) + ")", at,
				Duration.between(at, Instant.now())));
	}

	// --- After the soak ---------------------------------------------------------------

	private void drain(String schema, SmsStub sms) throws Exception {
		Instant start = Instant.now();
		Instant giveUp = start.plus(Duration.ofMinutes(4));
		while (true) {
			try (Connection db = AlarmFixtures.connect(schema)) {
				long open = AlarmFixtures.count(db, "select count(*) from alarm where all_hands_at is null");
				long waiting = AlarmFixtures.count(db,
						"select count(*) from notification where status in ('PENDING', 'SENDING')");
				long events = AlarmFixtures.count(db, "select count(*) from event_publication "
						+ "where completion_date is null and publication_date < now() - interval '5 seconds'");
				if (open == 0 && waiting == 0 && events == 0) {
					break;
				}
				if (Instant.now().isAfter(giveUp)) {
					this.report.violations.add("not drained after 4 minutes: " + open + " ladders open, " + waiting
							+ " notifications waiting, " + events + " module events unprocessed");
					break;
				}
			}
			Thread.sleep(500);
		}
		// more passes of the ladder and of the dispatch: nothing may be sent again
		AlarmFixtures.awaitMorePasses(schema, "alarm-deadlines", 2, Duration.ofSeconds(60));
		AlarmFixtures.awaitMorePasses(schema, "notification-dispatch", 2, Duration.ofSeconds(60));
		this.report.drained = Duration.between(start, Instant.now());
	}

	private void verify(String schema, SmsStub sms) throws Exception {
		List<String> v = this.report.violations;
		try (Connection db = AlarmFixtures.connect(schema)) {
			UUID shopId = this.shop.id();

			// Counter taps: each acknowledged key one tap, one visit, the visit answered
			Map<UUID, UUID> tapRows = new HashMap<>();
			query(db, "select tap_key, visit_id from counter_tap where shop_id = ?", List.of(shopId),
					(rs) -> tapRows.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
			Map<UUID, List<UUID>> counterVisits = new HashMap<>();
			query(db, "select id, customer_id from visit where shop_id = ? and source = 'COUNTER'", List.of(shopId),
					(rs) -> counterVisits.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new ArrayList<>())
						.add(rs.getObject(2, UUID.class)));
			for (Map.Entry<UUID, Tap> tap : this.taps.entrySet()) {
				UUID stored = tapRows.get(tap.getKey());
				if (!tap.getValue().visitId().equals(stored)) {
					v.add("tap " + tap.getKey() + " answered visit " + tap.getValue().visitId() + ", stored " + stored);
				}
				List<UUID> visits = counterVisits.getOrDefault(tap.getValue().visitId(), List.of());
				if (!visits.equals(List.of(tap.getValue().customer()))) {
					v.add("tap " + tap.getKey() + ": visits stored " + visits);
				}
			}
			if (tapRows.size() != this.taps.size() || counterVisits.size() != this.taps.size()) {
				v.add("taps acknowledged " + this.taps.size() + ", tap keys stored " + tapRows.size()
						+ ", counter visits stored " + counterVisits.size());
			}
			this.report.counts.put("counter taps acknowledged / visits stored", (long) this.taps.size());

			// Visit batches: each acknowledged external id stored once, nothing else
			Map<String, Integer> external = new HashMap<>();
			query(db,
					"select external_id, count(*) from visit where shop_id = ? and source = 'API' group by external_id",
					List.of(shopId), (rs) -> external.put(rs.getString(1), rs.getInt(2)));
			external.forEach((id, n) -> {
				if (n != 1) {
					v.add("visit " + id + " stored " + n + " times");
				}
			});
			if (!external.keySet().equals(this.visitIds)) {
				Set<String> extra = new HashSet<>(external.keySet());
				extra.removeAll(this.visitIds);
				Set<String> missing = new HashSet<>(this.visitIds);
				missing.removeAll(external.keySet());
				v.add("batch visits: " + missing.size() + " acknowledged but not stored, " + extra.size()
						+ " stored but never acknowledged");
			}
			this.report.counts.put("batch visits acknowledged / stored", (long) this.visitIds.size());

			// Ledger: balances exact through the API, each acknowledged key applied once
			Map<String, Long> expected = new HashMap<>();
			this.certificates.keySet().forEach((code) -> expected.put(code, ISSUED_MINOR));
			Set<String> appliedKeys = new HashSet<>(this.certificates.values());
			long refused = 0;
			for (Map.Entry<String, Redemption> r : this.redemptions.entrySet()) {
				if (r.getValue().status() == 200) {
					expected.merge(r.getValue().code(), -r.getValue().amountMinor(), Long::sum);
					appliedKeys.add(r.getKey());
				}
				else {
					refused++;
				}
			}
			Load balances = this.report.load("ledger balance");
			for (Map.Entry<String, Long> certificate : expected.entrySet()) {
				balances.operations.incrementAndGet();
				HttpResponse<String> answer = untilAnswered(balances, this.api,
						() -> HttpRequest
							.newBuilder(URI.create(this.base + "/api/gift-certificates/" + certificate.getKey()))
							.timeout(Duration.ofSeconds(30))
							.header("Authorization", "Bearer " + this.apiToken)
							.build(),
						(r) -> r.statusCode() == 200);
				Matcher balance = BALANCE.matcher((answer != null) ? answer.body() : "");
				long actual = balance.find() ? Long.parseLong(balance.group(1)) : Long.MIN_VALUE;
				if (actual != certificate.getValue()) {
					v.add("certificate " + certificate.getKey() + " balance " + actual + ", expected "
							+ certificate.getValue());
				}
			}
			Set<String> storedKeys = new HashSet<>();
			query(db,
					"select idempotency_key from ledger_request where shop_id = ? and operation in ('REDEEM', 'ISSUE')",
					List.of(shopId), (rs) -> storedKeys.add(rs.getString(1)));
			if (!storedKeys.equals(appliedKeys)) {
				v.add("ledger: " + appliedKeys.size() + " writes acknowledged, " + storedKeys.size()
						+ " applied; they differ");
			}
			long postings = countOf(db, "select count(*) from ledger_posting where shop_id = ? and kind = 'REDEEM'",
					shopId);
			if (postings != appliedKeys.size() - this.certificates.size()) {
				v.add("ledger: " + postings + " redemption postings for "
						+ (appliedKeys.size() - this.certificates.size()) + " acknowledged redemptions");
			}
			this.report.counts.put("ledger redemptions acknowledged (posted)", postings);
			this.report.counts.put("ledger redemptions refused as overdraft", refused);

			// Welfare: each check walked as answered, opened once
			for (WelfareCase c : this.cases) {
				List<String> steps = new ArrayList<>();
				query(db,
						"select seq, status, outcome from welfare_step where shop_id = ? and check_id = ? order by seq",
						List.of(shopId, c.check()),
						(rs) -> steps.add(rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getString(3)));
				List<String> want = new ArrayList<>(List.of("0:DONE:NO_ANSWER", "1:DONE:ALL_WELL"));
				for (int i = 2; i < steps.size(); i++) {
					want.add(i + ":CANCELLED:null");
				}
				if (!steps.equals(want)) {
					v.add("welfare check " + c.check() + " steps " + steps);
				}
			}
			long checks = countOf(db, "select count(*) from welfare_check where shop_id = ? and reason = 'BY_HAND'",
					shopId);
			long resolved = countOf(db, "select count(*) from welfare_check where shop_id = ? and reason = 'BY_HAND' "
					+ "and status = 'RESOLVED' and outcome = 'ALL_WELL'", shopId);
			if (checks != this.cases.size() || resolved != this.cases.size()) {
				v.add("welfare: " + this.cases.size() + " checks walked, " + checks + " opened, " + resolved
						+ " resolved all well");
			}
			this.report.counts.put("welfare checks opened and walked (2 steps each)", checks);

			// Alarms: one per acknowledged event id, each ladder walked once
			Map<String, Integer> perEvent = new HashMap<>();
			query(db, """
					select i.event_id, count(a.id) from alarm_intake i left join alarm a on a.intake_id = i.id
					where i.provider_id = ? group by i.event_id""", List.of(this.shop.provider()),
					(rs) -> perEvent.put(rs.getString(1), rs.getInt(2)));
			for (String event : this.alarms.keySet()) {
				if (perEvent.getOrDefault(event, 0) != 1) {
					v.add("alarm " + event + " stored " + perEvent.getOrDefault(event, 0) + " times");
				}
			}
			long alarmRows = countOf(db, "select count(*) from alarm where shop_id = ?", shopId);
			if (alarmRows != this.alarms.size()) {
				v.add(this.alarms.size() + " alarms acknowledged, " + alarmRows + " stored");
			}
			// each responder asked once, alone or (once the ladder reached its cap) in
			// everyone's call; everyone called once
			long badLadders = countOf(db, """
					select count(*) from alarm a where a.shop_id = ? and (a.all_hands_at is null or a.stage <> -1
					  or exists (select 1 from alarm_responder r where r.alarm_id = a.id and r.asked_at is null)
					  or (select count(*) from alarm_event e where e.alarm_id = a.id and e.kind = 'asked')
					     <> (select count(distinct e.member_id) from alarm_event e where e.alarm_id = a.id
					         and e.kind = 'asked')
					  or (select count(*) from alarm_event e where e.alarm_id = a.id and e.kind = 'asked') > 3
					  or (select count(*) from alarm_event e where e.alarm_id = a.id and e.kind = 'all-hands') <> 1)""",
					shopId);
			if (badLadders > 0) {
				v.add(badLadders + " alarm ladders not walked exactly once (each responder asked once, everyone once)");
			}
			this.report.counts.put("alarms acknowledged (stored, ladders complete)", alarmRows);

			// Notifications: every one sent; every text at the provider under one id
			Map<UUID, String> smsKeys = new HashMap<>();
			Map<String, Long> byStatus = new TreeMap<>();
			query(db, "select id, dedup_key, channel, status from notification where shop_id = ?", List.of(shopId),
					(rs) -> {
						byStatus.merge(rs.getString(3) + " " + rs.getString(4), 1L, Long::sum);
						if (!"SENT".equals(rs.getString(4))) {
							v.add("notification " + rs.getString(2) + " (" + rs.getString(3) + ") is "
									+ rs.getString(4));
						}
						if ("SMS".equals(rs.getString(3))) {
							smsKeys.put(rs.getObject(1, UUID.class), rs.getString(2));
						}
					});
			byStatus.forEach((k, n) -> this.report.counts.put("notifications " + k, n));
			List<SmsStub.Received> received = sms.received();
			Map<String, Set<String>> textsPerToken = new HashMap<>();
			Map<String, Set<String>> tokensPerText = new HashMap<>();
			Map<String, Instant> firstArrival = new HashMap<>();
			for (SmsStub.Received text : received) {
				textsPerToken.computeIfAbsent(text.idempotencyToken(), (k) -> new HashSet<>())
					.add(text.to() + "|" + text.body());
				tokensPerText.computeIfAbsent(text.to() + "|" + text.body(), (k) -> new HashSet<>())
					.add(text.idempotencyToken());
				firstArrival.merge(text.idempotencyToken(), text.at(), (a, b) -> a.isBefore(b) ? a : b);
			}
			for (UUID id : smsKeys.keySet()) {
				if (!textsPerToken.containsKey(id.toString())) {
					v.add("text " + smsKeys.get(id) + " recorded SENT but never reached the provider");
				}
			}
			textsPerToken.forEach((token, texts) -> {
				if (!smsKeys.containsKey(UUID.fromString(token))) {
					v.add("a text reached the provider under " + token + ", no notification of this shop");
				}
				if (texts.size() != 1) {
					v.add("notification " + token + " sent as " + texts.size() + " different texts");
				}
			});
			tokensPerText.forEach((text, tokens) -> {
				if (tokens.size() != 1) {
					v.add("one text sent as " + tokens.size() + " notifications: " + abbreviate(text));
				}
			});
			this.report.counts.put("texts at the provider (requests)", (long) received.size());
			this.report.counts.put("texts at the provider (distinct notifications)", (long) textsPerToken.size());
			this.report.counts.put("texts sent again with the same id (after a kill)",
					(long) (received.size() - textsPerToken.size()));

			// Module events: none left unprocessed
			long unprocessed = AlarmFixtures.count(db,
					"select count(*) from event_publication where completion_date is null");
			if (unprocessed > 0) {
				v.add(unprocessed + " module events never processed");
			}

			lateness(db, shopId, smsKeys, firstArrival);
		}
	}

	/**
	 * Each ladder step against its deadline: the next responder is due
	 * {@link #ACK_WITHIN} after the last was asked (never after everyone's call), and
	 * everyone {@link #ACK_WITHIN} after the last responder, or {@link #ALL_HANDS_AFTER}
	 * after the alarm arrived if sooner. The step's time is when the ladder moved (in the
	 * database); the text's is when it reached the SMS provider.
	 */
	private void lateness(Connection db, UUID shopId, Map<UUID, String> smsKeys, Map<String, Instant> firstArrival)
			throws SQLException {
		Map<String, Instant> arrivalByKey = new HashMap<>();
		smsKeys.forEach((id, key) -> {
			Instant at = firstArrival.get(id.toString());
			if (at != null) {
				arrivalByKey.put(key, at);
			}
		});
		Map<UUID, Instant> received = new HashMap<>();
		Map<UUID, Instant> allHands = new HashMap<>();
		Map<UUID, TreeMap<Integer, Instant>> asked = new HashMap<>();
		query(db, """
				select a.id, a.received_at, a.all_hands_at, r.seq, r.asked_at from alarm a
				join alarm_responder r on r.alarm_id = a.id where a.shop_id = ?""", List.of(shopId), (rs) -> {
			UUID id = rs.getObject(1, UUID.class);
			received.put(id, rs.getObject(2, OffsetDateTime.class).toInstant());
			OffsetDateTime all = rs.getObject(3, OffsetDateTime.class);
			if (all != null) {
				allHands.put(id, all.toInstant());
			}
			OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
			if (at != null) {
				asked.computeIfAbsent(id, (k) -> new TreeMap<>()).put(rs.getInt(4), at.toInstant());
			}
		});
		for (UUID alarm : received.keySet()) {
			Instant cap = received.get(alarm).plus(ALL_HANDS_AFTER);
			TreeMap<Integer, Instant> steps = asked.getOrDefault(alarm, new TreeMap<>());
			for (int seq = 1; seq <= RESPONDERS; seq++) {
				Instant previous = steps.get(seq - 1);
				Instant moved = (seq < RESPONDERS) ? steps.get(seq) : allHands.get(alarm);
				if (previous == null || moved == null) {
					continue;
				}
				Instant deadline = min(previous.plus(ACK_WITHIN), cap);
				String step = (seq < RESPONDERS) ? "ask responder " + (seq + 1) : "everyone and the owner";
				this.report.stepLateness.add(lateness(alarm, step, deadline, moved));
				String key = "alarm:" + alarm + ((seq < RESPONDERS) ? ":ask:" + seq : ":all-hands:0");
				Instant text = arrivalByKey.get(key);
				if (text != null) {
					this.report.textLateness.add(lateness(alarm, step + " (text)", deadline, text));
				}
			}
		}
	}

	private Lateness lateness(UUID alarm, String step, Instant deadline, Instant at) {
		Fault last = this.report.faults.stream()
			.filter((f) -> !f.at().isAfter(deadline))
			.max(Comparator.comparing(Fault::at))
			.orElse(null);
		return new Lateness(alarm, step, deadline, Duration.between(deadline, at),
				(last != null) ? Duration.between(last.at(), deadline) : null, (last != null) ? last.what() : null);
	}

	// --- Helpers ----------------------------------------------------------------------

	private interface Row {

		void accept(ResultSet rs) throws SQLException;

	}

	private static void query(Connection db, String sql, List<Object> params, Row row) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < params.size(); i++) {
				statement.setObject(i + 1, params.get(i));
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					row.accept(rs);
				}
			}
		}
	}

	private static long countOf(Connection db, String sql, UUID shop) throws SQLException {
		long[] n = new long[1];
		query(db, sql, List.of(shop), (rs) -> n[0] = rs.getLong(1));
		return n[0];
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	private static int intField(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
		return m.find() ? Integer.parseInt(m.group(1)) : -1;
	}

	/** 0 is "a", 25 "z", 26 "ba": a first name's own letters. */
	private static String letters(int n) {
		StringBuilder out = new StringBuilder();
		do {
			out.insert(0, (char) ('a' + n % 26));
			n /= 26;
		}
		while (n > 0);
		return out.toString();
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	static long percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
	}

}
