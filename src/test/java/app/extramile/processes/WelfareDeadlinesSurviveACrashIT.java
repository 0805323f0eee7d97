package app.extramile.processes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many welfare checks whose current steps are overdue and already reminded, so the
 * deadline task's next pass escalates them. The app is killed with {@code kill -9} while
 * that pass is under way (as soon as it logs its first escalation), then started again as
 * two instances at once: every overdue step escalates exactly once, each check has
 * exactly one open step (the next one), and the owner hears about each escalation once
 * per channel.
 */
@Tag("process")
@RequiresPostgres
class StepDeadlinesSurviveACrashIT {

	/** More than one pass of the deadline task (it takes 200 steps at a time). */
	private static final int CHECKS = 300;

	private static final Pattern FIRST_ESCALATION = Pattern.compile("Welfare step [0-9a-f-]{36} escalated");

	@Test
	void overdueStepsEscalateOnceThroughAHardKillAndTwoInstances() throws Exception {
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Map<String, String> env = AppProcess.postgresEnvironment(schema);
		env.put("EXTRAMILE_WELFARE_DEADLINES_EVERY", "PT1S");
		env.put("DB_SCHEDULER_POLLING_INTERVAL", "1s");
		Path logs = Path.of("target", "process-logs", schema);

		Ladders ladders;
		try (AppProcess first = AppProcess.start("first", env, logs)) {
			// Seeded in one transaction while the app runs: the next pass finds them all.
			ladders = seed(schema);
			first.awaitOutput(FIRST_ESCALATION, Duration.ofSeconds(30));
			first.killHard();
		}
		int escalatedBeforeRestart = countSteps(schema, "status = 'ESCALATED'");
		System.out.println("Killed with kill -9 mid-pass; " + escalatedBeforeRestart + " of " + CHECKS
				+ " steps had escalated (committed) before the kill; deadline task row: " + deadlineTask(schema));
		assertThat(escalatedBeforeRestart).as("killed before every step escalated").isLessThan(CHECKS);

		try (AppProcess restarted = AppProcess.launch("restarted", env, logs);
				AppProcess second = AppProcess.launch("second", env, logs)) {
			restarted.awaitHealthy(Duration.ofSeconds(90));
			second.awaitHealthy(Duration.ofSeconds(90));
			await("no overdue, reminded step still open after the restart; logs in " + logs)
				.atMost(Duration.ofSeconds(45))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> countSteps(schema, "status = 'OPEN' and reminded_at is not null") == 0);
			// a few more passes of the deadlines: nothing may change twice
			AlarmFixtures.awaitMorePasses(schema, "welfare-deadlines", 3, Duration.ofSeconds(60));

			try (Connection db = connect(schema)) {
				Map<UUID, String> overdue = statuses(db, ladders.overdue());
				assertThat(overdue).as("every overdue step").hasSize(CHECKS);
				assertThat(overdue.values()).as("every overdue step escalated").containsOnly("ESCALATED");

				Map<UUID, List<Integer>> openSeqs = new HashMap<>();
				query(db, "select check_id, seq from welfare_step where status = 'OPEN'",
						(rs) -> openSeqs.computeIfAbsent(rs.getObject(1, UUID.class), (c) -> new ArrayList<>())
							.add(rs.getInt(2)));
				assertThat(openSeqs).as("checks with an open step").hasSize(CHECKS);
				assertThat(openSeqs.values()).as("each check's open steps: only the next one")
					.allSatisfy((seqs) -> assertThat(seqs).containsExactly(1));
				assertThat(countSteps(schema, "status = 'OPEN' and due_at > now() + interval '20 minutes'"))
					.as("the next steps have their own, fresh deadline")
					.isEqualTo(CHECKS);
				assertThat(countSteps(schema, "seq >= 2 and status <> 'WAITING'")).as("later steps untouched").isZero();

				// Escalations: once per step per channel (in the app and by email).
				Map<UUID, Map<String, Integer>> escalations = notifications(db, ":escalated:");
				assertThat(escalations.keySet()).as("steps with escalation notices").isEqualTo(overdue.keySet());
				assertThat(escalations.values()).as("escalation notices per step, by channel")
					.allSatisfy((byChannel) -> assertThat(byChannel).isEqualTo(Map.of("IN_APP", 1, "EMAIL", 1)));
				// Pop-rounds opened by an escalation are offered once per channel.
				Map<UUID, Map<String, Integer>> offers = notifications(db, ":ask:");
				assertThat(offers.keySet()).as("pop-rounds offered").isEqualTo(ladders.nextPopRounds());
				assertThat(offers.values()).as("pop-round offers per step, by channel")
					.allSatisfy((byChannel) -> assertThat(byChannel).isEqualTo(Map.of("IN_APP", 1, "SMS", 1)));
			}
		}
	}

	/** The seeded steps that are overdue, and the next steps that are pop-rounds. */
	private record Ladders(Set<UUID> overdue, Set<UUID> nextPopRounds) {
	}

	/**
	 * A shop with one owner; per check its own customer, a first step overdue and
	 * reminded twenty minutes ago (more than the ten minutes' grace), and the rest of the
	 * ladder waiting: ring a contact or pop round next.
	 */
	private static Ladders seed(String schema) throws Exception {
		UUID shop = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		Set<UUID> overdue = new java.util.HashSet<>();
		Set<UUID> nextPopRounds = new java.util.HashSet<>();
		try (Connection db = connect(schema)) {
			db.setAutoCommit(false);
			try (PreparedStatement insert = db.prepareStatement(
					"insert into shop (id, slug, name, time_zone, created_at) values (?, 'it-shop', 'IT shop', 'Europe/London', ?)")) {
				insert.setObject(1, shop);
				insert.setObject(2, now);
				insert.executeUpdate();
			}
			try (PreparedStatement insert = db.prepareStatement(
					"""
							insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at, email)
							values (?, ?, 'it-owner', 'Owen Owner', 'OWNER', 'not-a-real-hash', true, ?, 'owner@example.test')""")) {
				insert.setObject(1, UUID.randomUUID());
				insert.setObject(2, shop);
				insert.setObject(3, now);
				insert.executeUpdate();
			}
			try (PreparedStatement customer = db.prepareStatement("""
					insert into customer (id, shop_id, name, search_key, phone, created_at, updated_at)
					values (?, ?, ?, ?, '01234 567890', ?, ?)"""); PreparedStatement check = db.prepareStatement("""
					insert into welfare_check (id, shop_id, customer_id, reason, source_key, status, opened_at)
					values (?, ?, ?, 'ABSENCE', ?, 'OPEN', ?)"""); PreparedStatement step = db.prepareStatement("""
					insert into welfare_step (id, shop_id, check_id, seq, kind, contact_name, contact_phone,
					  status, due_at, reminded_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
				for (int i = 0; i < CHECKS; i++) {
					UUID customerId = UUID.randomUUID();
					UUID checkId = UUID.randomUUID();
					customer.setObject(1, customerId);
					customer.setObject(2, shop);
					customer.setString(3, "Gwen Prydderch " + i);
					customer.setString(4, "gwen prydderch " + i);
					customer.setObject(5, now);
					customer.setObject(6, now);
					customer.addBatch();
					check.setObject(1, checkId);
					check.setObject(2, shop);
					check.setObject(3, customerId);
					check.setString(4, "it:" + i);
					check.setObject(5, now.minusHours(1));
					check.addBatch();
					List<String> kinds = (i % 2 == 0)
							? List.of("RING_CUSTOMER", "RING_CONTACT", "POP_ROUND", "EMERGENCY")
							: List.of("RING_CUSTOMER", "POP_ROUND", "EMERGENCY");
					for (int seq = 0; seq < kinds.size(); seq++) {
						UUID stepId = UUID.randomUUID();
						String kind = kinds.get(seq);
						boolean contact = kind.equals("RING_CONTACT");
						step.setObject(1, stepId);
						step.setObject(2, shop);
						step.setObject(3, checkId);
						step.setInt(4, seq);
						step.setString(5, kind);
						step.setString(6, contact ? "Dai Neighbour" : null);
						step.setString(7, contact ? "07700 900123" : null);
						step.setString(8, (seq == 0) ? "OPEN" : "WAITING");
						step.setObject(9, (seq == 0) ? now.minusMinutes(10) : null);
						step.setObject(10, (seq == 0) ? now.minusMinutes(20) : null);
						step.addBatch();
						if (seq == 0) {
							overdue.add(stepId);
						}
						if (seq == 1 && kind.equals("POP_ROUND")) {
							nextPopRounds.add(stepId);
						}
					}
				}
				customer.executeBatch();
				check.executeBatch();
				step.executeBatch();
			}
			db.commit();
		}
		return new Ladders(overdue, nextPopRounds);
	}

	/** Welfare notifications of one kind, by step and channel: how many rows each. */
	private static Map<UUID, Map<String, Integer>> notifications(Connection db, String kind) throws SQLException {
		Map<UUID, Map<String, Integer>> byStep = new HashMap<>();
		query(db, "select dedup_key, channel, count(*) from notification where dedup_key like 'welfare:%" + kind
				+ "%' group by dedup_key, channel", (rs) -> {
					UUID step = UUID.fromString(rs.getString(1).split(":")[1]);
					byStep.computeIfAbsent(step, (s) -> new TreeMap<>())
						.merge(rs.getString(2), rs.getInt(3), Integer::sum);
				});
		return byStep;
	}

	private static Map<UUID, String> statuses(Connection db, Set<UUID> steps) throws SQLException {
		Map<UUID, String> statuses = new HashMap<>();
		query(db, "select id, status from welfare_step where seq = 0",
				(rs) -> statuses.put(rs.getObject(1, UUID.class), rs.getString(2)));
		statuses.keySet().retainAll(steps);
		return statuses;
	}

	private static int countSteps(String schema, String where) throws Exception {
		try (Connection db = connect(schema);
				Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from welfare_step where " + where)) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * The deadline task's db-scheduler row: who has it picked, and their last heartbeat.
	 */
	private static String deadlineTask(String schema) throws Exception {
		try (Connection db = connect(schema)) {
			List<String> rows = new ArrayList<>();
			query(db,
					"select picked, picked_by, last_heartbeat, execution_time from scheduled_tasks "
							+ "where task_name = 'welfare-deadlines'",
					(rs) -> rows.add("picked=" + rs.getBoolean(1) + " by=" + rs.getString(2) + " heartbeat="
							+ rs.getObject(3) + " next=" + rs.getObject(4)));
			return String.join("; ", rows);
		}
	}

	private interface Row {

		void accept(ResultSet rs) throws SQLException;

	}

	private static void query(Connection db, String sql, Row row) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				row.accept(rs);
			}
		}
	}

	private static Connection connect(String schema) throws Exception {
		return DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
				TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
	}

}
