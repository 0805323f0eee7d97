package app.extramile.processes;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import app.extramile.RequiresPostgres;
import app.extramile.processes.AlarmFixtures.SmsStub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static app.extramile.processes.AlarmFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The safety loop unattended: the packaged app on PostgreSQL, two instances, and no
 * request to the app but its health check. A customer who agreed to welfare checks and
 * has a ringing plan stops coming in; a welfare check opens by itself, from the scheduled
 * sweep or from the start-up sweep, and the helper on duty gets one text, not two.
 */
@Tag("process")
@RequiresPostgres
class WelfareCheckOpensByItselfIT {

	private static final String ON_DUTY_MOBILE = "07700900123";

	@Test
	void theScheduledSweepOpensACheckAndTextsTheHelperOnDutyOnceWithTwoInstances() throws Exception {
		String schema = schema();
		try (SmsStub sms = new SmsStub()) {
			Map<String, String> env = environment(schema, sms, "PT1S");
			Path logs = Path.of("target", "process-logs", schema);
			try (AppProcess first = AppProcess.start("first", env, logs);
					AppProcess second = AppProcess.start("second", env, logs)) {
				// Both instances are up and have swept at start-up; the shop comes after.
				UUID customer = seedAShopWhoseRegularStoppedComing(schema);

				awaitTrue("a welfare check opened", Duration.ofSeconds(90), () -> checks(schema, customer) >= 1);
				awaitTrue("a text to the helper on duty", Duration.ofSeconds(60), () -> textsToHelper(sms) >= 1);
				// more sweeps and dispatches: nothing may open or be sent twice
				AlarmFixtures.awaitMorePasses(schema, "absence-sweep", 3, Duration.ofSeconds(60));
				AlarmFixtures.awaitMorePasses(schema, "notification-dispatch", 3, Duration.ofSeconds(60));

				assertOnceOnly(schema, customer, sms);
				assertThat(first.output() + second.output()).contains("AbsenceNoticed: customer " + customer)
					.doesNotContain("was published with no transaction active");
			}
		}
	}

	@Test
	void theStartUpSweepOpensACheckAndTextsTheHelperOnDutyOnceWithTwoInstances() throws Exception {
		String schema = schema();
		try (SmsStub sms = new SmsStub()) {
			// The scheduled sweep runs at the first start (no shop yet), then not for an
			// hour: only the start-up sweep can notice the absence below.
			Map<String, String> env = environment(schema, sms, "PT1H");
			Path logs = Path.of("target", "process-logs", schema);
			try (AppProcess install = AppProcess.start("install", env, logs)) {
				// creates the schema
			}
			UUID customer = seedAShopWhoseRegularStoppedComing(schema);
			try (AppProcess first = AppProcess.launch("first", env, logs);
					AppProcess second = AppProcess.launch("second", env, logs)) {
				first.awaitHealthy(Duration.ofSeconds(150));
				second.awaitHealthy(Duration.ofSeconds(150));

				awaitTrue("a welfare check opened", Duration.ofSeconds(60), () -> checks(schema, customer) >= 1);
				awaitTrue("a text to the helper on duty", Duration.ofSeconds(60), () -> textsToHelper(sms) >= 1);
				// more dispatches: nothing may be sent twice
				AlarmFixtures.awaitMorePasses(schema, "notification-dispatch", 3, Duration.ofSeconds(60));

				assertOnceOnly(schema, customer, sms);
			}
		}
	}

	private static void assertOnceOnly(String schema, UUID customer, SmsStub sms) throws Exception {
		assertThat(checks(schema, customer)).as("welfare checks opened for the customer").isEqualTo(1);
		List<SmsStub.Received> texts = sms.received()
			.stream()
			.filter((text) -> text.to() != null && text.to().endsWith(ON_DUTY_MOBILE.substring(1)))
			.toList();
		assertThat(texts).as("texts to the helper on duty").hasSize(1);
		assertThat(texts.get(0).body()).contains("Could you check on Gwen?")
			.as("only the first name, never the surname or address")
			.doesNotContain("Prydderch")
			.doesNotContain("Maes");
		try (Connection db = AlarmFixtures.connect(schema)) {
			assertThat(AlarmFixtures.count(db, "select count(*) from absence_episode")).isEqualTo(1);
			assertThat(AlarmFixtures.count(db,
					"select count(*) from welfare_step where seq = 0 and status = 'OPEN' and due_at is not null"))
				.as("the first step of the ladder waiting, with its deadline")
				.isEqualTo(1);
		}
	}

	private static Map<String, String> environment(String schema, SmsStub sms, String sweepEvery) {
		Map<String, String> env = AlarmFixtures.environment(schema, sms);
		env.put("EXTRAMILE_ABSENCES_SWEEP_EVERY", sweepEvery);
		// Open every day around the clock, so the scheduled sweep takes the shop whenever
		// the test runs.
		env.put("EXTRAMILE_ABSENCES_OPEN_WEEKDAYS", "1111111");
		env.put("EXTRAMILE_ABSENCES_OPENS_AT", "00:00");
		env.put("EXTRAMILE_ABSENCES_CLOSES_AT", "23:59:59");
		return env;
	}

	private static String schema() {
		return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	private static long textsToHelper(SmsStub sms) {
		return sms.received()
			.stream()
			.filter((text) -> text.to() != null && text.to().endsWith(ON_DUTY_MOBILE.substring(1)))
			.count();
	}

	private static long checks(String schema, UUID customer) throws Exception {
		try (Connection db = AlarmFixtures.connect(schema)) {
			return AlarmFixtures.count(db,
					"select count(*) from welfare_check where customer_id = '" + customer + "' and reason = 'ABSENCE'");
		}
	}

	private static void awaitTrue(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
		await(what).atMost(timeout).pollInterval(Duration.ofMillis(250)).until(condition);
	}

	/**
	 * A shop with an owner and a volunteer on duty all week (mobile only, no sign-in);
	 * Gwen, who agreed to welfare checks and to her neighbour being rung, came in every
	 * day for half a year and has not been in for ten days.
	 */
	private static UUID seedAShopWhoseRegularStoppedComing(String schema) throws Exception {
		UUID shop = UUID.randomUUID();
		UUID owner = UUID.randomUUID();
		UUID customer = UUID.randomUUID();
		UUID volunteer = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		try (Connection db = AlarmFixtures.connect(schema)) {
			db.setAutoCommit(false);
			update(db, "insert into shop (id, slug, name, time_zone, created_at) values (?, ?, 'IT shop', 'UTC', ?)",
					shop, "it-" + shop.toString().substring(0, 8), now);
			update(db, """
					insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at)
					values (?, ?, ?, 'Owen Owner', 'OWNER', 'not-a-real-hash', true, ?)""", owner, shop,
					"it-owner-" + shop.toString().substring(0, 8), now);
			update(db, """
					insert into customer (id, shop_id, name, search_key, phone, address_line, created_at, updated_at)
					values (?, ?, 'Gwen Prydderch', 'gwen prydderch', '01239 820111', '3 Maes y Llan', ?, ?)""",
					customer, shop, now, now);
			update(db,
					"""
							insert into consent (id, shop_id, customer_id, welfare_checks, contact_named_people, keep_care_notes,
							  how_given, recorded_at, recorded_by)
							values (?, ?, ?, true, true, false, 'in the shop', ?, ?)""",
					UUID.randomUUID(), shop, customer, now, owner);
			update(db,
					"""
							insert into customer_contact (id, shop_id, customer_id, name, relationship, phone, has_key, ring_order)
							values (?, ?, ?, 'Nia next door', 'NEIGHBOUR', '01239 820222', true, 0)""",
					UUID.randomUUID(), shop, customer);
			update(db, """
					insert into team_member (id, shop_id, name, mobile, position, active, created_at)
					values (?, ?, 'Vera Volunteer', ?, 0, true, ?)""", volunteer, shop, ON_DUTY_MOBILE, now);
			for (int day = 1; day <= 7; day++) {
				update(db, """
						insert into team_rota_slot (id, shop_id, member_id, weekday, starts_at, ends_at)
						values (?, ?, ?, ?, ?, ?)""", UUID.randomUUID(), shop, volunteer, day, LocalTime.MIDNIGHT,
						LocalTime.MIDNIGHT);
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
			db.commit();
		}
		return customer;
	}

}
