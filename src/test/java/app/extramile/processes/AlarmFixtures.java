package app.extramile.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import app.extramile.TestDatabases;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;

/**
 * What the alarm process tests share: a shop with an owner, a provider whose secret is
 * sealed the way the app seals it, customers with pendants, responders on duty at all
 * hours, the signature, and an SMS provider stub that records every request.
 */
final class AlarmFixtures {

	static final String KEY = "alarm-process-test-key";

	static final String SECRET = "process-test-provider-secret";

	private AlarmFixtures() {
	}

	/** The app environment: PostgreSQL schema, SMS via the stub, the sealing key. */
	static Map<String, String> environment(String schema, SmsStub sms) {
		Map<String, String> env = AppProcess.postgresEnvironment(schema);
		env.put("EXTRAMILE_ALARM_SECRET_KEY", KEY);
		env.put("EXTRAMILE_SMS_BASE_URL", sms.baseUrl());
		env.put("EXTRAMILE_SMS_ACCOUNT", "AC-it");
		env.put("EXTRAMILE_SMS_TOKEN", "it-token");
		env.put("EXTRAMILE_SMS_FROM", "+447700900000");
		env.put("DB_SCHEDULER_POLLING_INTERVAL", "1s");
		// A text claimed by an instance that was killed is sent again once that instance
		// has been silent for 5 s (its dispatcher's heartbeat, the default settings),
		// with
		// the same idempotency token; the durable dispatch also runs every second here.
		env.put("EXTRAMILE_NOTIFICATIONS_DISPATCH_EVERY", "PT1S");
		return env;
	}

	record Shop(UUID id, UUID provider, List<UUID> devices, List<UUID> customers, List<UUID> members) {
	}

	/** A shop, its owner (with a mobile), a provider, pendants and responders. */
	static Shop seed(Connection db, String providerName, int pendants, int responders) throws Exception {
		UUID shop = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		db.setAutoCommit(false);
		update(db,
				"insert into shop (id, slug, name, time_zone, created_at) values (?, ?, 'IT shop', 'Europe/London', ?)",
				shop, "it-" + shop.toString().substring(0, 8), now);
		update(db,
				"""
						insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at, phone)
						values (?, ?, ?, 'Owen Owner', 'OWNER', 'not-a-real-hash', true, ?, '07700 900999')""",
				UUID.randomUUID(), shop, "it-owner-" + shop.toString().substring(0, 8), now);
		UUID provider = UUID.randomUUID();
		update(db, "insert into alarm_provider (id, shop_id, name, secret_enc, created_at) values (?, ?, ?, ?, ?)",
				provider, shop, providerName, seal(SECRET), now);
		List<UUID> devices = new ArrayList<>();
		List<UUID> customers = new ArrayList<>();
		for (int i = 0; i < pendants; i++) {
			UUID customer = UUID.randomUUID();
			update(db, """
					insert into customer (id, shop_id, name, search_key, created_at, updated_at)
					values (?, ?, ?, ?, ?, ?)""", customer, shop, "Gwen Prydderch " + i, "gwen " + i, now, now);
			UUID device = UUID.randomUUID();
			update(db, """
					insert into alarm_device (id, shop_id, provider_id, device_id, customer_id, heartbeat_seconds,
					  active, created_at) values (?, ?, ?, ?, ?, 86400, true, ?)""", device, shop, provider,
					"PENDANT-" + i, customer, now);
			devices.add(device);
			customers.add(customer);
		}
		List<UUID> members = new ArrayList<>();
		for (int i = 0; i < responders; i++) {
			UUID member = UUID.randomUUID();
			update(db, """
					insert into team_member (id, shop_id, name, mobile, position, active, created_at)
					values (?, ?, ?, ?, ?, true, ?)""", member, shop, "Responder " + (char) ('A' + i),
					"07700 90010" + i, i, now);
			for (int day = 1; day <= 7; day++) {
				update(db, """
						insert into team_rota_slot (id, shop_id, member_id, weekday, starts_at, ends_at)
						values (?, ?, ?, ?, ?, ?)""", UUID.randomUUID(), shop, member, day, LocalTime.MIDNIGHT,
						LocalTime.MIDNIGHT);
			}
			members.add(member);
		}
		db.commit();
		db.setAutoCommit(true);
		return new Shop(shop, provider, devices, customers, members);
	}

	/** As the app's SecretBox seals: AES-256-GCM with SHA-256 of the key. */
	static String seal(String secret) throws Exception {
		byte[] key = MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8));
		byte[] iv = new byte[12];
		new SecureRandom().nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
		byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
		return "v1:" + Base64.getEncoder().encodeToString(iv) + ":" + Base64.getEncoder().encodeToString(sealed);
	}

	static String sign(String timestamp, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
		return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
	}

	static void update(Connection db, String sql, Object... params) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			statement.executeUpdate();
		}
	}

	static long count(Connection db, String sql) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/**
	 * Waits until the recurring durable task has run {@code passes} more times, by
	 * whichever instance: each finished pass moves its next execution time on. A check
	 * that nothing more happens waits for real passes this way, not for a fixed time that
	 * a slow machine may fill with none.
	 */
	static void awaitMorePasses(String schema, String task, int passes, Duration atMost) throws SQLException {
		AtomicReference<Object> last = new AtomicReference<>(nextRun(schema, task));
		AtomicInteger seen = new AtomicInteger();
		Awaitility.await(passes + " more passes of " + task)
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				Object next = nextRun(schema, task);
				if (!Objects.equals(next, last.get())) {
					last.set(next);
					seen.incrementAndGet();
				}
				return seen.get() >= passes;
			});
	}

	private static Object nextRun(String schema, String task) throws SQLException {
		try (Connection db = connect(schema);
				PreparedStatement statement = db
					.prepareStatement("select execution_time from scheduled_tasks where task_name = ?")) {
			statement.setString(1, task);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getObject(1) : null;
			}
		}
	}

	static Connection connect(String schema) throws SQLException {
		return DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
				TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
	}

	/**
	 * A Twilio-style SMS provider on loopback that records every request and answers 201;
	 * told to {@link #hold()}, it records the requests that arrive but answers none of
	 * them until {@link #release()}, so a test can kill a sender while its text is
	 * certainly mid-send.
	 */
	static final class SmsStub implements AutoCloseable {

		/** One request as it arrived, and when. */
		record Received(String to, String body, String idempotencyToken, java.time.Instant at) {
		}

		private final HttpServer server;

		private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

		private final List<Received> held = Collections.synchronizedList(new ArrayList<>());

		private volatile CountDownLatch gate;

		SmsStub() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/", this::handle);
			this.server.setExecutor(Executors.newFixedThreadPool(16));
			this.server.start();
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		List<Received> received() {
			synchronized (this.received) {
				return List.copyOf(this.received);
			}
		}

		/**
		 * From now on, requests are recorded but not answered until {@link #release()}.
		 */
		void hold() {
			this.gate = new CountDownLatch(1);
		}

		/**
		 * Answers the held requests (those whose sender is still alive) and holds no
		 * more.
		 */
		void release() {
			CountDownLatch held = this.gate;
			this.gate = null;
			if (held != null) {
				held.countDown();
			}
		}

		/** The requests that arrived while holding. */
		List<Received> held() {
			synchronized (this.held) {
				return List.copyOf(this.held);
			}
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				byte[] body;
				try (InputStream in = exchange.getRequestBody()) {
					body = in.readAllBytes();
				}
				Map<String, String> form = new LinkedHashMap<>();
				for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
					int eq = pair.indexOf('=');
					if (eq > 0) {
						form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
								URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
					}
				}
				Received request = new Received(form.get("To"), form.get("Body"),
						exchange.getRequestHeaders().getFirst("I-Twilio-Idempotency-Token"), java.time.Instant.now());
				this.received.add(request);
				CountDownLatch holding = this.gate;
				if (holding != null) {
					this.held.add(request);
					try {
						holding.await(60, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				byte[] answer = ("{\"sid\":\"SM" + UUID.randomUUID() + "\",\"status\":\"queued\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(201, answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}

		@Override
		public void close() {
			release();
			this.server.stop(0);
		}

	}

}
