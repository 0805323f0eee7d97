package app.extramile.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import app.extramile.TestShops;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import app.extramile.welfare.WelfareChecks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore drill, on the embedded database in a folder of its own: the app runs and
 * holds shop data (gift certificates in the ledger, visits, open welfare checks); the
 * operator's {@code backup --out} command takes a snapshot through the running app while
 * visits keep arriving; {@code restore --from} puts it into an empty folder; the restored
 * database holds the ledger exactly (every balance and a checksum over every posting),
 * the open checks, and a consistent moment of the visits. The nightly backup runs as a
 * durable task and keeps only the newest.
 */
@Tag("process")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "extramile.operations.token=drill-token-5b2e", "extramile.backups.schedule=FIXED_DELAY|2s",
				"extramile.backups.keep=2" })
class BackupRestoreDrillTests {

	@TempDir
	static Path folder;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("extramile.data-dir", () -> folder.resolve("data").toString());
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + folder.resolve("data").resolve("extramile")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE");
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	VisitBatches visits;

	@Autowired
	WelfareChecks checks;

	@Autowired
	Backups backups;

	private static final String LEDGER = """
			select id, debit_account, credit_account, amount_minor, kind from ledger_posting order by id""";

	@Test
	void aBackupTakenWhileVisitsArriveRestoresIntoAnEmptyFolderWithEveryPennyAndCheck() throws Exception {
		ShopId shop = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(shop, Role.OWNER);
		List<CustomerId> people = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			CustomerId id = this.customers.register(shop, new CustomerDetails("D-" + i, "Drill Customer " + i, null,
					null, null, null, null, null, null, null, null, null, List.of()));
			people.add(id);
			this.certificates.issue(owner, new IssueRequest(1000 + i * 37, "GBP", id, "Drill " + i, null, null, null),
					"drill-" + i);
			this.visits.add(shop, Visit.Source.IMPORT, List
				.of(new IncomingVisit("drill-v-" + i, id, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i), 250L)));
		}
		this.consents.record(owner, people.get(0), true, false, false, "Spoken");
		this.consents.record(owner, people.get(1), true, false, false, "Spoken");
		UUID first = this.checks.openByHand(owner, people.get(0));
		UUID second = this.checks.openByHand(owner, people.get(1));

		String ledgerBefore = checksum(LEDGER);
		List<String> balancesBefore = this.jdbc
			.sql("select id || ':' || balance_minor from gift_certificate where shop_id = ? order by id")
			.param(shop.value())
			.query(String.class)
			.list();
		long visitsBefore = count("select count(*) from visit");

		// Visits keep arriving while the operator takes the backup
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		Thread till = new Thread(() -> {
			while (writing.get()) {
				int n = written.incrementAndGet();
				this.visits.add(shop, Visit.Source.API, List.of(new IncomingVisit("during-" + n,
						people.get(n % people.size()), Instant.parse("2026-12-01T09:00:00Z").plusSeconds(n), 100L)));
			}
		});
		till.start();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> written.get() > 20);
		Path backup = folder.resolve("operator").resolve("extramile-backup.zip");
		Files.createDirectories(backup.getParent());
		Result taken = command("backup", "--out", backup.toString(), "--data-dir", folder.resolve("data").toString(),
				"--url", "http://127.0.0.1:" + this.port);
		int duringBackup = written.get();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> written.get() > duringBackup + 20);
		writing.set(false);
		till.join();
		assertThat(taken.status()).as(taken.output()).isZero();
		assertThat(taken.output()).contains("Backed up the running app");
		long visitsAfter = count("select count(*) from visit");

		// Into an empty folder only
		Result refused = command("restore", "--from", backup.toString(), "--data-dir",
				folder.resolve("data").toString());
		assertThat(refused.status()).isEqualTo(1);
		assertThat(refused.output()).contains("restore into an empty data directory");
		Path restoredDir = folder.resolve("restored");
		Result restored = command("restore", "--from", backup.toString(), "--data-dir", restoredDir.toString());
		assertThat(restored.status()).as(restored.output()).isZero();

		try (Connection db = DriverManager.getConnection(
				"jdbc:h2:file:" + restoredDir.resolve("extramile")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE",
				"sa", "")) {
			assertThat(checksum(db, LEDGER)).as("every posting, exactly").isEqualTo(ledgerBefore);
			assertThat(strings(db, "select id || ':' || balance_minor from gift_certificate where shop_id = '"
					+ shop.value() + "' order by id"))
				.as("every balance")
				.isEqualTo(balancesBefore);
			assertThat(strings(db, "select id from welfare_check where status = 'OPEN' order by id"))
				.containsExactlyInAnyOrder(first.toString(), second.toString());
			long restoredVisits = single(db, "select count(*) from visit");
			assertThat(restoredVisits).as("a moment between the start and the end of the backup")
				.isBetween(visitsBefore + 20, visitsAfter - 20);
			// a consistent moment: the visits written during the backup are a prefix of
			// the till's
			List<String> during = strings(db,
					"select external_id from visit where external_id like 'during-%' order by external_id");
			long n = during.size();
			for (int i = 1; i <= n; i++) {
				assertThat(during).contains("during-" + i);
			}
		}
	}

	@Test
	void theNightlyBackupRunsAsADurableTaskAndKeepsOnlyTheNewest() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.backups.kept().size() == 2 && Files.exists(this.backups.directory()));
		Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertThat(this.backups.kept()).hasSizeLessThanOrEqualTo(2);
	}

	private record Result(int status, String output) {
	}

	/**
	 * The command as the operator runs it: its own Java process (the app's main class on
	 * this test's class path), so the running app's hold on the database is real.
	 */
	private Result command(String... args) throws Exception {
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), "app.extramile.ExtraMileApplication"));
		line.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
		builder.environment().put("EXTRAMILE_OPERATIONS_TOKEN", "drill-token-5b2e");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private String checksum(String sql) throws Exception {
		try (Connection db = this.dataSource.getConnection()) {
			return checksum(db, sql);
		}
	}

	@Autowired
	javax.sql.DataSource dataSource;

	private static String checksum(Connection db, String sql) throws Exception {
		java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
		long rows = 0;
		try (ResultSet rs = db.createStatement().executeQuery(sql)) {
			int columns = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				rows++;
				for (int c = 1; c <= columns; c++) {
					digest.update(String.valueOf(rs.getObject(c)).getBytes(StandardCharsets.UTF_8));
					digest.update((byte) '|');
				}
			}
		}
		return rows + ":" + java.util.HexFormat.of().formatHex(digest.digest());
	}

	private static List<String> strings(Connection db, String sql) throws Exception {
		List<String> values = new ArrayList<>();
		try (ResultSet rs = db.createStatement().executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	private static long single(Connection db, String sql) throws Exception {
		try (ResultSet rs = db.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
