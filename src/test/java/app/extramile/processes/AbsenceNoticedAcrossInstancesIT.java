package app.extramile.processes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two app instances on one PostgreSQL, one of them killed with {@code kill -9} and
 * started again: a red absence is still noticed exactly once.
 */
@Tag("process")
@RequiresPostgres
class AbsenceNoticedAcrossInstancesIT {

	private static final Pattern NOTICED = Pattern.compile("AbsenceNoticed: customer ([0-9a-f-]{36})");

	@Test
	void twoInstancesAndAHardRestartNoticeAnEpisodeOnce() throws Exception {
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, String> env = AppProcess.postgresEnvironment(schema);
		// Sweep every second, every day, around the clock.
		env.put("EXTRAMILE_ABSENCES_SWEEP_EVERY", "PT1S");
		env.put("EXTRAMILE_ABSENCES_OPEN_WEEKDAYS", "1111111");
		env.put("EXTRAMILE_ABSENCES_OPENS_AT", "00:00");
		env.put("EXTRAMILE_ABSENCES_CLOSES_AT", "23:59:59");
		env.put("DB_SCHEDULER_POLLING_INTERVAL", "1s");
		Path logs = Path.of("target", "process-logs", schema);

		try (AppProcess first = AppProcess.start("first", env, logs)) {
			UUID customer = seedARegularNotSeenForTenDays(schema);
			try (AppProcess second = AppProcess.start("second", env, logs)) {
				awaitEpisodes(schema, 1, Duration.ofSeconds(90));
				String firstOutput = first.output();
				first.killHard();
				try (AppProcess restarted = AppProcess.start("restarted", env, logs)) {
					// several more sweeps by the live instances
					AlarmFixtures.awaitMorePasses(schema, "absence-sweep", 3, Duration.ofSeconds(60));
					int noticed = count(firstOutput + second.output() + restarted.output(), customer);
					assertThat(noticed).as("AbsenceNoticed published, across all instances").isEqualTo(1);
					assertThat(episodes(schema)).isEqualTo(1);
				}
			}
		}
	}

	private static int count(String output, UUID customer) {
		Matcher matcher = NOTICED.matcher(output);
		int count = 0;
		while (matcher.find()) {
			if (matcher.group(1).equals(customer.toString())) {
				count++;
			}
		}
		return count;
	}

	private static void awaitEpisodes(String schema, int expected, Duration timeout) throws Exception {
		await("an absence episode").atMost(timeout)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> episodes(schema) >= expected);
	}

	private static int episodes(String schema) throws Exception {
		try (Connection db = connect(schema);
				Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from absence_episode")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/** A customer seen every day for half a year, until ten days ago. */
	private static UUID seedARegularNotSeenForTenDays(String schema) throws Exception {
		UUID shop = UUID.randomUUID();
		UUID customer = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		try (Connection db = connect(schema)) {
			try (PreparedStatement insert = db.prepareStatement(
					"insert into shop (id, slug, name, time_zone, created_at) values (?, 'it-shop', 'IT shop', 'UTC', ?)")) {
				insert.setObject(1, shop);
				insert.setObject(2, now);
				insert.executeUpdate();
			}
			try (PreparedStatement insert = db.prepareStatement("""
					insert into customer (id, shop_id, name, search_key, created_at, updated_at)
					values (?, ?, 'Gwen Prydderch', 'gwen prydderch', ?, ?)""")) {
				insert.setObject(1, customer);
				insert.setObject(2, shop);
				insert.setObject(3, now);
				insert.setObject(4, now);
				insert.executeUpdate();
			}
			try (PreparedStatement insert = db.prepareStatement("""
					insert into visit (id, shop_id, customer_id, seen_at, source, external_id, created_at)
					values (?, ?, ?, ?, 'IMPORT', ?, ?)""")) {
				OffsetDateTime day = now.truncatedTo(ChronoUnit.DAYS).withHour(9).minusDays(190);
				for (int i = 0; i < 180; i++, day = day.plusDays(1)) {
					insert.setObject(1, UUID.randomUUID());
					insert.setObject(2, shop);
					insert.setObject(3, customer);
					insert.setObject(4, day);
					insert.setString(5, "it:" + i);
					insert.setObject(6, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
		}
		return customer;
	}

	private static Connection connect(String schema) throws Exception {
		return DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
				TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
	}

}
