package app.extramile.processes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import app.extramile.shared.Tokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger through a power cut: many concurrent redemptions (and a few issues) through
 * the real HTTP API, the app killed with {@code kill -9} in the middle, started again,
 * and every request whose answer never came sent again with its idempotency key, as a
 * till would: those cut off by the kill, and one in twenty answered before it whose
 * answer the test drops, as if the till's network lost it (these must replay their first
 * answer). Then every certificate holds exactly what was issued less the redemptions the
 * server acknowledged, each key was applied at most once (an answered key sent again
 * replays its first answer), no posting or request is half-written, no balance is
 * negative, and the ledger's own nightly check (run now, by the durable scheduler of the
 * restarted app) finds no difference.
 */
@Tag("process")
@RequiresPostgres
class LedgerSurvivesACrashIT {

	private static final Pattern BALANCE = Pattern.compile("\"balanceMinor\"\\s*:\\s*(-?\\d+)");

	private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z0-9-]+)\"");

	private static final int CERTIFICATES = 20;

	/** Two certificates are small, so some redemptions are refused as overdrafts. */
	private static final long LARGE = 50_000;

	private static final long SMALL = 2_000;

	private static final int PLANNED = 20_000;

	private static final int CLIENTS = 16;

	/** Kill once this many writes have been answered: in the middle, however fast. */
	private static final int KILL_AFTER_ANSWERS = 400;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/** One intended write and everything the client saw of it. */
	static final class Write {

		final String key;

		final String code; // null for an issue

		final long amountMinor;

		volatile Answer first;

		volatile int attempts;

		/**
		 * The server answered, but the answer was lost on the way back (dropped here).
		 */
		volatile Answer lost;

		Write(String key, String code, long amountMinor) {
			this.key = key;
			this.code = code;
			this.amountMinor = amountMinor;
		}

		boolean issue() {
			return this.code == null;
		}

	}

	record Answer(int status, boolean replayed, String body) {

		long balance() {
			Matcher matcher = BALANCE.matcher(this.body);
			assertThat(matcher.find()).as("balance in %s", this.body).isTrue();
			return Long.parseLong(matcher.group(1));
		}

		String code() {
			Matcher matcher = CODE.matcher(this.body);
			assertThat(matcher.find()).as("code in %s", this.body).isTrue();
			return matcher.group(1);
		}

	}

	@Test
	void everyAcknowledgedRedemptionCountsOnceAndNothingElse() throws Exception {
		long seed = System.nanoTime();
		System.out.println("LedgerSurvivesACrashIT seed " + seed);
		Random random = new Random(seed);
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, String> env = AppProcess.postgresEnvironment(schema);
		env.put("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "8");
		env.put("DB_SCHEDULER_POLLING_INTERVAL", "1s");
		Path logs = Path.of("target", "process-logs", schema);

		String token = Tokens.newToken("em_");
		Map<String, Long> issued = new HashMap<>(); // code -> amount issued
		List<Write> writes = new ArrayList<>();
		UUID shop;
		int killedWithInFlight;
		try (AppProcess app = AppProcess.start("first", env, logs)) {
			shop = seedShopAndToken(schema, token);
			String base = "http://127.0.0.1:" + app.port();
			for (int i = 0; i < CERTIFICATES; i++) {
				long amount = (i < 2) ? SMALL : LARGE;
				Write issue = new Write("issue-" + i, null, amount);
				Answer answer = send(base, token, issue);
				assertThat(answer.status()).as(answer.body()).isEqualTo(201);
				issued.put(answer.code(), amount);
			}
			List<String> codes = new ArrayList<>(issued.keySet());
			for (int i = 0; i < PLANNED; i++) {
				if (i % 25 == 24) {
					writes.add(new Write("late-issue-" + i, null, 1_000 + random.nextInt(9_000)));
				}
				else {
					writes.add(new Write("redeem-" + i, codes.get(random.nextInt(codes.size())),
							1 + random.nextInt(1_000)));
				}
			}
			killedWithInFlight = fireAndKill(base, token, writes, app);
		}
		List<Write> unanswered = writes.stream().filter((w) -> w.attempts > 0 && w.first == null).toList();
		long answeredBeforeCrash = writes.stream().filter((w) -> w.first != null).count();
		System.out.printf("before the crash: %d answered, %d unanswered (%d in flight when killed), %d never sent%n",
				answeredBeforeCrash, unanswered.size(), killedWithInFlight,
				writes.stream().filter((w) -> w.attempts == 0).count());
		assertThat(unanswered).as("requests cut off by the kill").isNotEmpty();
		assertThat(killedWithInFlight).isPositive();

		try (AppProcess restarted = AppProcess.start("restarted", env, logs)) {
			String base = "http://127.0.0.1:" + restarted.port();
			// The till sends again everything it got no answer to, with the same key.
			int replayedAfterCrash = 0;
			for (Write write : unanswered) {
				Answer answer = send(base, token, write);
				write.first = answer;
				if (write.lost != null) {
					// Answered before the kill: the same answer again, nothing posted
					// again.
					assertThat(answer.status()).as("%s: %s", write.key, answer.body()).isEqualTo(write.lost.status());
					if (answer.status() < 300) {
						assertThat(answer.replayed()).as("%s replayed", write.key).isTrue();
						assertThat(answer.body()).isEqualTo(write.lost.body());
					}
				}
				else {
					replayedAfterCrash += answer.replayed() ? 1 : 0;
				}
			}
			long lost = unanswered.stream().filter((w) -> w.lost != null).count();
			System.out.printf(
					"after the restart: %d re-sent (%d whose answer was lost before the kill); of the %d cut off by "
							+ "the kill, %d had been applied before it%n",
					unanswered.size(), lost, unanswered.size() - lost, replayedAfterCrash);
			assertThat(lost).as("answers lost before the kill").isPositive();
			List<Write> attempted = writes.stream().filter((w) -> w.attempts > 0).toList();
			for (Write write : attempted) {
				assertThat(write.first.status()).as("%s: %s", write.key, write.first.body())
					.isIn(write.issue() ? List.of(201) : List.of(200, 422));
				if (write.first.status() == 422) {
					assertThat(write.first.body()).contains("OVERDRAFT");
				}
			}

			// Every answered key sent once more replays its first answer and posts
			// nothing.
			for (Write write : attempted) {
				if (write.first.status() >= 300 || random.nextInt(4) != 0) {
					continue;
				}
				Answer again = send(base, token, write);
				assertThat(again.status()).isEqualTo(write.first.status());
				assertThat(again.replayed()).as("%s replayed", write.key).isTrue();
				assertThat(again.balance()).isEqualTo(write.first.balance());
				if (write.issue()) {
					assertThat(again.code()).isEqualTo(write.first.code());
				}
			}

			// Expected balances: issued less what the server acknowledged.
			Map<String, Long> expected = new HashMap<>(issued);
			Set<String> acknowledgedKeys = new HashSet<>();
			for (Write write : attempted) {
				if (write.issue()) {
					assertThat(expected.put(write.first.code(), write.amountMinor)).as("a new certificate per issue")
						.isNull();
					acknowledgedKeys.add(write.key);
				}
				else if (write.first.status() == 200) {
					expected.merge(write.code, -write.amountMinor, Long::sum);
					acknowledgedKeys.add(write.key);
				}
			}
			for (Map.Entry<String, Long> certificate : expected.entrySet()) {
				Answer balance = get(base, token, certificate.getKey());
				assertThat(balance.status()).isEqualTo(200);
				assertThat(balance.balance()).as("balance of %s", certificate.getKey())
					.isEqualTo(certificate.getValue());
				assertThat(balance.balance()).isNotNegative();
			}

			try (Connection db = connect(schema)) {
				// Exactly the acknowledged writes were applied, each once.
				Set<String> applied = new HashSet<>(strings(db, "select idempotency_key from ledger_request "
						+ "where operation in ('REDEEM', 'ISSUE') and idempotency_key not like 'issue-%'"));
				Set<String> acknowledgedWrites = new HashSet<>(acknowledgedKeys);
				assertThat(applied).isEqualTo(acknowledgedWrites);
				assertThat(count(db, "select count(*) from gift_certificate")).isEqualTo(expected.size());
				// No half-written request or posting.
				assertThat(count(db,
						"select count(*) from ledger_request where subject_id is null "
								+ "or subject_version is null or balance_after_minor is null or state_after is null"))
					.isZero();
				assertThat(count(db, """
						select count(*) from ledger_request r where r.operation in ('REDEEM', 'ISSUE')
						and (select count(*) from ledger_posting p where p.request_id = r.id) <> 1""")).isZero();
				assertThat(count(db, """
						select count(*) from ledger_posting p where p.debit_account is null or p.credit_account is null
						or p.amount_minor is null or p.amount_minor <= 0 or p.debit_account = p.credit_account
						or not exists (select 1 from ledger_account a where a.id = p.debit_account)
						or not exists (select 1 from ledger_account a where a.id = p.credit_account)""")).isZero();
				assertThat(count(db, "select count(*) from ledger_posting where kind = 'REDEEM'"))
					.isEqualTo(attempted.stream().filter((w) -> !w.issue() && w.first.status() == 200).count());
				// Debits equal credits across the shop, and no certificate owes less than
				// nothing.
				assertThat(count(db,
						"""
								select count(*) from (select a.id,
								  coalesce((select sum(p.amount_minor) from ledger_posting p where p.credit_account = a.id), 0)
								  - coalesce((select sum(p.amount_minor) from ledger_posting p where p.debit_account = a.id), 0) as b
								from ledger_account a where a.kind = 'CERTIFICATE') balances where b < 0"""))
					.isZero();

				// The ledger's own nightly check, run now by the restarted app's durable
				// scheduler.
				Instant asked = Instant.now();
				try (Statement statement = db.createStatement()) {
					assertThat(statement.executeUpdate("update scheduled_tasks set execution_time = now() "
							+ "where task_name = 'ledger-balance-check'"))
						.isEqualTo(1);
				}
				Check check = awaitCheck(db, shop, asked, Duration.ofSeconds(30));
				System.out.println("ledger check: " + check);
				assertThat(check.postings()).isEqualTo(count(db, "select count(*) from ledger_posting"));
				assertThat(check.differences()).as(String.valueOf(check.detail())).isZero();
			}
		}
	}

	/**
	 * Sends the writes from many clients at once and kills the app hard once enough have
	 * been answered; returns how many were in flight at that moment.
	 */
	private int fireAndKill(String base, String token, List<Write> writes, AppProcess app) throws Exception {
		ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>(writes);
		AtomicBoolean killed = new AtomicBoolean();
		AtomicInteger answered = new AtomicInteger();
		Set<Write> inFlight = ConcurrentHashMap.newKeySet();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		for (int c = 0; c < CLIENTS; c++) {
			clients.execute(() -> {
				Write write;
				while (!killed.get() && (write = queue.poll()) != null) {
					inFlight.add(write);
					try {
						Answer answer = send(base, token, write);
						if (Math.floorMod(write.key.hashCode(), 20) == 0) {
							write.lost = answer; // as if the till's network dropped it
						}
						else {
							write.first = answer;
						}
						answered.incrementAndGet();
					}
					catch (IOException ex) {
						// cut off by the kill: no answer
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					finally {
						inFlight.remove(write);
					}
				}
			});
		}
		Instant deadline = Instant.now().plusSeconds(60);
		while (answered.get() < KILL_AFTER_ANSWERS) {
			assertThat(Instant.now()).as("answers before the kill").isBefore(deadline);
			Thread.sleep(5);
		}
		killed.set(true); // no new requests: those already sent are cut off by the kill
		int atKill = inFlight.size();
		app.killHard();
		clients.shutdown();
		assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		return atKill;
	}

	private Answer send(String base, String token, Write write) throws IOException, InterruptedException {
		write.attempts++;
		String path = write.issue() ? "/api/gift-certificates"
				: "/api/gift-certificates/" + write.code + "/redemptions";
		String body = write.issue() ? "{\"amountMinor\":" + write.amountMinor + ",\"currency\":\"GBP\"}"
				: "{\"amountMinor\":" + write.amountMinor + "}";
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization", "Bearer " + token)
			.header("Idempotency-Key", write.key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(),
				response.headers().firstValue("Idempotent-Replayed").map(Boolean::parseBoolean).orElse(false),
				response.body());
	}

	private Answer get(String base, String token, String code) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(base + "/api/gift-certificates/" + code))
				.timeout(Duration.ofSeconds(20))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), false, response.body());
	}

	record Check(Instant ranAt, long postings, int differences, String detail) {
	}

	private static Check awaitCheck(Connection db, UUID shop, Instant after, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			try (PreparedStatement query = db.prepareStatement("""
					select ran_at, postings, differences, detail from ledger_check
					where shop_id = ? and ran_at >= ? order by ran_at desc limit 1""")) {
				query.setObject(1, shop);
				query.setObject(2, OffsetDateTime.ofInstant(after.minusSeconds(1), ZoneOffset.UTC));
				try (ResultSet rs = query.executeQuery()) {
					if (rs.next()) {
						return new Check(rs.getObject("ran_at", OffsetDateTime.class).toInstant(),
								rs.getLong("postings"), rs.getInt("differences"), rs.getString("detail"));
					}
				}
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the ledger check did not run within " + timeout);
	}

	private static UUID seedShopAndToken(String schema, String token) throws Exception {
		UUID shop = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		try (Connection db = connect(schema)) {
			try (PreparedStatement insert = db.prepareStatement(
					"insert into shop (id, slug, name, time_zone, created_at) values (?, 'it-ledger', 'IT ledger', 'UTC', ?)")) {
				insert.setObject(1, shop);
				insert.setObject(2, now);
				insert.executeUpdate();
			}
			try (PreparedStatement insert = db.prepareStatement("""
					insert into api_token (id, shop_id, name, token_hash, created_at)
					values (?, ?, 'till', ?, ?)""")) {
				insert.setObject(1, UUID.randomUUID());
				insert.setObject(2, shop);
				insert.setString(3, Tokens.sha256(token));
				insert.setObject(4, now);
				insert.executeUpdate();
			}
		}
		return shop;
	}

	private static long count(Connection db, String sql) throws Exception {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static List<String> strings(Connection db, String sql) throws Exception {
		List<String> values = new ArrayList<>();
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	private static Connection connect(String schema) throws Exception {
		return DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
				TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
	}

}
