package app.extramile.processes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import app.extramile.RequiresPostgres;
import app.extramile.processes.AlarmFixtures.SmsStub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static app.extramile.processes.AlarmFixtures.count;
import static app.extramile.processes.AlarmFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 100 alarms mid-escalation (each has asked its first of three responders) in the built
 * app, killed with {@code kill -9} while the ladders are moving (after the SMS provider
 * has received its first texts), while a second instance runs beside it; then started
 * again: every ladder completes (second and third responder asked, then everyone and the
 * owner), none is lost, the SMS provider gets every text exactly once, and a text the
 * kill cut off mid-send is sent again by the live instance within seconds. To be sure the
 * kill cuts texts off, the provider holds every text unanswered from just before the kill
 * until just after it, so both instances are mid-send when one dies.
 */
@Tag("process")
@RequiresPostgres
// Alone: the texts cut off by its kill are counted: measured with nothing else running.
@Isolated
class AlarmsSurviveACrashIT {

	private static final int ALARMS = 100;

	/** Per alarm: ask the 2nd and 3rd responder, then all three and the owner. */
	private static final int TEXTS_PER_ALARM = 2 + 3 + 1;

	@Test
	void everyLadderCompletesOnceThroughAHardKill() throws Exception {
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Path logs = Path.of("target", "process-logs", schema);
		try (SmsStub sms = new SmsStub()) {
			Map<String, String> env = AlarmFixtures.environment(schema, sms);
			env.put("EXTRAMILE_ALARMS_ACKNOWLEDGE_WITHIN", "PT4S");
			env.put("EXTRAMILE_ALARMS_ALL_HANDS_AFTER", "PT5M"); // a cap the ladders
																	// never reach here
			Instant killedAt;
			Set<String> cutOff;
			int beforeRestart;
			long allHandsBefore;
			try (AppProcess survivor = AppProcess.launch("survivor", env, logs)) {
				try (AppProcess first = AppProcess.start("first", env, logs)) {
					survivor.awaitHealthy(Duration.ofSeconds(120));
					try (Connection db = AlarmFixtures.connect(schema)) {
						seedAlarmsMidEscalation(db);
					}
					await("60 texts before the kill; logs in " + logs).atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(20))
						.until(() -> sms.received().size() >= 60);
					// From here the provider holds every text unanswered, so each
					// instance
					// stops mid-send: the kill certainly cuts off at least one of its
					// texts.
					sms.hold();
					await("texts held mid-send by both instances; logs in " + logs).atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> new HashSet<>(claimsOfHeld(schema, sms).values()).size() >= 2);
					killedAt = Instant.now();
					first.killHard();
				}
				Map<String, String> claimedAtTheKill = claimsOfHeld(schema, sms);
				sms.release();
				// Only the survivor beats after the kill.
				Instant afterTheKill = killedAt.plusSeconds(2);
				List<String> beating = await("the survivor's dispatcher beats; logs in " + logs)
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> workersBeatingSince(schema, afterTheKill), (workers) -> !workers.isEmpty());
				assertThat(beating).as("one dispatcher beats after the kill").hasSize(1);
				cutOff = claimedAtTheKill.entrySet()
					.stream()
					.filter((claim) -> !claim.getValue().equals(beating.get(0)))
					.map(Map.Entry::getKey)
					.collect(Collectors.toSet());
				System.out.println("Texts the kill cut off mid-send: " + cutOff.size() + " of "
						+ claimedAtTheKill.size() + " held");
				assertThat(cutOff).as("texts the killed instance was sending").isNotEmpty();
				beforeRestart = sms.received().size();
				try (Connection db = AlarmFixtures.connect(schema)) {
					allHandsBefore = count(db, "select count(*) from alarm where all_hands_at is not null");
				}
				System.out.println("Killed with kill -9 after " + beforeRestart + " of " + ALARMS * TEXTS_PER_ALARM
						+ " texts; " + allHandsBefore + " of " + ALARMS + " ladders had reached everyone");
				assertThat(allHandsBefore).as("killed mid-escalation").isLessThan(ALARMS);

				try (AppProcess restarted = AppProcess.launch("restarted", env, logs)) {
					restarted.awaitHealthy(Duration.ofSeconds(120));
					await("every distinct text after the restart; logs in " + logs).atMost(Duration.ofSeconds(120))
						.pollInterval(Duration.ofMillis(250))
						.until(() -> distinct(sms).size() >= ALARMS * TEXTS_PER_ALARM && allComplete(schema));
					// more passes of the ladder and the dispatch: nothing may be sent
					// again
					AlarmFixtures.awaitMorePasses(schema, "alarm-deadlines", 2, Duration.ofSeconds(60));
					AlarmFixtures.awaitMorePasses(schema, "notification-dispatch", 2, Duration.ofSeconds(60));
				}
			}
			List<SmsStub.Received> received = sms.received();
			Map<String, Set<String>> tokensPerText = new HashMap<>();
			for (SmsStub.Received text : received) {
				tokensPerText.computeIfAbsent(text.to() + "|" + text.body(), (k) -> new HashSet<>())
					.add(text.idempotencyToken());
			}
			assertThat(tokensPerText).as("distinct texts").hasSize(ALARMS * TEXTS_PER_ALARM);
			assertThat(tokensPerText.values()).as("each text is one notification, never two")
				.allSatisfy((tokens) -> assertThat(tokens).hasSize(1));
			long resent = received.size() - tokensPerText.size();
			System.out.println(received.size() + " SMS requests for " + tokensPerText.size() + " texts; " + resent
					+ " re-sent with the same idempotency token (a send interrupted by the kill)");
			// Only sends cut off by the kill may be repeated, with the same token: the
			// texts the killed instance held mid-send (and, at most, one it had sent
			// but not yet marked sent per sending thread), never a text the survivor was
			// holding.
			assertThat(resent).as("texts sent twice").isLessThanOrEqualTo(cutOff.size() + 2L);
			Set<String> survivorsHeld = sms.held()
				.stream()
				.map(SmsStub.Received::idempotencyToken)
				.filter((token) -> !cutOff.contains(token))
				.collect(Collectors.toSet());
			// The killed instance's dispatcher stopped beating: the survivor took its
			// claims once it had been silent for 5 s, not after the 60 s claim timeout
			// (the default, which these tests no longer shorten).
			Map<String, List<Instant>> sendsPerToken = received.stream()
				.collect(Collectors.groupingBy(SmsStub.Received::idempotencyToken,
						Collectors.mapping(SmsStub.Received::at, Collectors.toList())));
			List<Duration> sentAgainAfterTheKill = sendsPerToken.values()
				.stream()
				.filter((sends) -> sends.size() > 1)
				.map((sends) -> Duration.between(killedAt, sends.stream().sorted().toList().get(1)))
				.toList();
			System.out.println("Sent again after the kill: " + sentAgainAfterTheKill);
			assertThat(survivorsHeld).as("texts the survivor was holding are sent once")
				.allSatisfy((token) -> assertThat(sendsPerToken.get(token)).hasSize(1));
			assertThat(sentAgainAfterTheKill).as("a text cut off by the kill is sent again within seconds")
				.allSatisfy((after) -> assertThat(after).isLessThan(Duration.ofSeconds(15)));
			assertThat(cutOff).as("each text the kill cut off mid-send is sent again, with its token, within 15 s")
				.allSatisfy((token) -> assertThat(sendsPerToken.get(token)).hasSizeGreaterThanOrEqualTo(2)
					.anySatisfy((at) -> assertThat(Duration.between(killedAt, at)).isPositive()
						.isLessThan(Duration.ofSeconds(15))));
			try (Connection db = AlarmFixtures.connect(schema)) {
				assertThat(count(db, "select count(*) from alarm where all_hands_at is not null and stage = -1"))
					.as("every ladder reached everyone")
					.isEqualTo(ALARMS);
				assertThat(count(db, "select count(*) from alarm_event where kind = 'asked'"))
					.as("each responder asked once")
					.isEqualTo(3L * ALARMS);
				assertThat(count(db, "select count(*) from alarm_event where kind = 'all-hands'")).isEqualTo(ALARMS);
				assertThat(count(db, "select count(*) from notification where channel = 'SMS' and status <> 'SENT'"))
					.isZero();
			}
		}
	}

	/** The held texts still claimed, and by which dispatcher. */
	private static Map<String, String> claimsOfHeld(String schema, SmsStub sms) throws Exception {
		List<UUID> held = sms.held().stream().map((text) -> UUID.fromString(text.idempotencyToken())).toList();
		Map<String, String> claims = new HashMap<>();
		try (Connection db = AlarmFixtures.connect(schema);
				PreparedStatement statement = db.prepareStatement(
						"select id, claimed_by from notification where status = 'SENDING' and id = any(?)")) {
			statement.setArray(1, db.createArrayOf("uuid", held.toArray()));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					claims.put(rs.getString(1), rs.getString(2));
				}
			}
		}
		return claims;
	}

	private static List<String> workersBeatingSince(String schema, Instant since) throws Exception {
		List<String> workers = new ArrayList<>();
		try (Connection db = AlarmFixtures.connect(schema);
				PreparedStatement statement = db
					.prepareStatement("select worker from notification_dispatcher where beat_at > ?")) {
			statement.setObject(1, since.atOffset(ZoneOffset.UTC));
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					workers.add(rs.getString(1));
				}
			}
		}
		return workers;
	}

	private static Set<String> distinct(SmsStub sms) {
		return sms.received().stream().map((r) -> r.to() + "|" + r.body()).collect(Collectors.toSet());
	}

	private static boolean allComplete(String schema) throws Exception {
		try (Connection db = AlarmFixtures.connect(schema)) {
			return count(db, "select count(*) from alarm where all_hands_at is null") == 0
					&& count(db, "select count(*) from notification where status in ('PENDING', 'SENDING')") == 0;
		}
	}

	/**
	 * Each alarm received just now, its first responder asked (the text sent before this
	 * test starts counting), the next deadline a few seconds away.
	 */
	private static void seedAlarmsMidEscalation(Connection db) throws Exception {
		AlarmFixtures.Shop shop = AlarmFixtures.seed(db, "crash-it", ALARMS, 3);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		db.setAutoCommit(false);
		for (int i = 0; i < ALARMS; i++) {
			UUID intake = UUID.randomUUID();
			UUID alarm = UUID.randomUUID();
			OffsetDateTime received = now.plusNanos(i * 20_000_000L);
			update(db, """
					insert into alarm_intake (id, provider_id, event_id, received_at, http_status, answer)
					values (?, ?, ?, ?, 201, '{}')""", intake, shop.provider(), "crash-" + i, received);
			update(db,
					"""
							insert into alarm (id, shop_id, customer_id, device_row_id, intake_id, kind, occurred_at, received_at,
							  status, stage, version, next_at)
							values (?, ?, ?, ?, ?, 'BUTTON', ?, ?, 'OPEN', 0, 0, ?)""",
					alarm, shop.id(), shop.customers().get(i), shop.devices().get(i), intake, received, received,
					received.plusSeconds(4));
			for (int seq = 0; seq < 3; seq++) {
				update(db, """
						insert into alarm_responder (alarm_id, seq, member_id, asked_at)
						values (?, ?, ?, ?)""", alarm, seq, shop.members().get(seq), (seq == 0) ? received : null);
			}
			update(db, """
					insert into alarm_event (id, alarm_id, at, kind, member_id, event_key)
					values (?, ?, ?, 'asked', ?, ?)""", UUID.randomUUID(), alarm, received, shop.members().get(0),
					"asked:" + shop.members().get(0));
		}
		db.commit();
		db.setAutoCommit(true);
	}

}
