package app.extramile.alarms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.alarms.AlarmDesk.Responding;
import app.extramile.alarms.AlarmIntake.Answer;
import app.extramile.alarms.AlarmIntake.Intake;
import app.extramile.alarms.AlarmSetup.Provider;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.alarms.AlarmViews.Event;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Tokens;
import app.extramile.system.Accounts;
import app.extramile.team.Team;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatch ladder, with a clock moved by hand (no sleeps): nearest responder first,
 * the next after 60 s without "I'm going", everyone on duty and the owners after 3
 * minutes, a reminder 10 minutes after acknowledgement; each message once. Run on H2 and
 * PostgreSQL by the subclasses.
 */
abstract class AlarmDeskContract {

	@Autowired
	AlarmDesk desk;

	@Autowired
	AlarmIntake alarmIntake;

	@Autowired
	EscalationLadder ladder;

	@Autowired
	DeviceSupervision supervision;

	@Autowired
	AlarmReport alarmReport;

	@Autowired
	AlarmSetup setup;

	@Autowired
	ResponderLinks links;

	@Autowired
	Team team;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser staff;

	UUID ownerAccount;

	Provider provider;

	CustomerId gwen;

	UUID nia;

	UUID huw;

	int events;

	Instant start;

	@BeforeEach
	void aShopWithAPendantAndTwoOnDuty() {
		// The database and the clock are shared by the tests of this context: close what
		// earlier tests left open, so that the deadline task sees only this test's
		// alarms.
		this.jdbc.sql("update alarm set status = 'RESOLVED', next_at = null where status <> 'RESOLVED'").update();
		this.jdbc.sql("update alarm_device set active = false").update();
		this.start = this.clock.instant();
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.ownerAccount = this.accounts.create(this.shop, "owner-" + UUID.randomUUID(), "Eleri Owen", Role.OWNER,
				"a long enough password");
		ShopUser owner = new ShopUser(this.ownerAccount, this.shop, "o", "Eleri Owen", Role.OWNER, null);
		String name = "p" + UUID.randomUUID().toString().substring(0, 8);
		this.setup.addProvider(owner, name, "a-secret-of-sixteen-or-more");
		this.provider = this.setup.providersNamed(name).get(0);
		this.gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null, "01970 600001",
				null, "3 Stryd y Capel", "Llan", null, 52.5010, -4.0510, null, null, List.of()));
		this.setup.addDevice(this.staff, this.provider.id(), "PENDANT-1", this.gwen, 3600);
		this.nia = this.team.addMember(this.staff,
				new Team.MemberDetails("Nia Jones", "07700 900001", null, null, 52.4150, -4.0830));
		this.huw = this.team.addMember(this.staff,
				new Team.MemberDetails("Huw Evans", "07700 900002", null, null, 52.5000, -4.0500));
		allDay(this.nia);
		allDay(this.huw);
	}

	void allDay(UUID member) {
		for (DayOfWeek day : DayOfWeek.values()) {
			this.team.addSlot(this.staff, member, day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
		}
	}

	Answer press(String kind) {
		return this.alarmIntake.receive(this.provider, new Intake("ev-" + (++this.events), "PENDANT-1",
				AlarmKind.fromWire(kind).orElseThrow(), this.clock.instant().minusSeconds(2)));
	}

	UUID alarmId(Answer answer) {
		assertThat(answer.status()).isEqualTo(201);
		String body = answer.body();
		int at = body.indexOf("\"alarmId\":\"") + 11;
		return UUID.fromString(body.substring(at, at + 36));
	}

	Alarm alarm(UUID id) {
		return this.desk.alarm(this.shop, id);
	}

	/** dedup key, channel: every notification about this alarm. */
	List<String> sent(UUID alarmId) {
		return this.jdbc
			.sql("select dedup_key, channel from notification where shop_id = ? and dedup_key like ? "
					+ "order by created_at, dedup_key, channel")
			.params(this.shop.value(), "alarm:" + alarmId + ":%")
			.query((rs, n) -> rs.getString("dedup_key").substring(("alarm:" + alarmId + ":").length()) + " "
					+ rs.getString("channel"))
			.list();
	}

	/**
	 * The token of the latest link sent to the responder at {@code seq}, read from their
	 * text as a real responder gets it.
	 */
	Optional<String> link(UUID alarmId, int seq) {
		return this.jdbc
			.sql("select link_path from notification where shop_id = ? and dedup_key in (?, ?, ?) "
					+ "order by created_at desc, dedup_key")
			.params(this.shop.value(), "alarm:" + alarmId + ":ask:" + seq, "alarm:" + alarmId + ":all-hands:" + seq,
					"alarm:" + alarmId + ":reminder")
			.query(String.class)
			.list()
			.stream()
			.filter((path) -> path.startsWith("/respond/"))
			.map((path) -> path.substring("/respond/".length()))
			.filter((token) -> this.links.find(token).map((l) -> l.seq() == seq).orElse(true))
			.findFirst();
	}

	Responding responder(UUID alarmId, int seq) {
		return this.desk.responding(link(alarmId, seq).orElseThrow()).orElseThrow();
	}

	@Test
	void aPressIsStoredAndTheNearestOnDutyIsAskedAtOnce() {
		UUID id = alarmId(press("button"));

		Alarm alarm = alarm(id);
		assertThat(alarm.status()).isEqualTo("OPEN");
		assertThat(alarm.nextAt()).isEqualTo(this.clock.instant().plusSeconds(60));
		assertThat(sent(id)).as("Huw lives next door to Gwen").containsExactly("ask:0 SMS");
		assertThat(responder(id, 0).memberId()).isEqualTo(this.huw);
		assertThat(link(id, 1)).as("Nia has not been asked yet").isEmpty();
		assertThat(alarm.events()).extracting(Event::kind).containsExactly("received", "asked");
	}

	@Test
	void aRepeatedEventIdGetsTheFirstAnswerAndCreatesNothing() {
		Answer first = press("fall");
		Answer again = this.alarmIntake.receive(this.provider,
				new Intake("ev-1", "PENDANT-1", AlarmKind.BUTTON, this.clock.instant()));

		assertThat(again.replay()).isTrue();
		assertThat(again.status()).isEqualTo(first.status());
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(count("alarm")).isEqualTo(1);
		assertThat(sent(alarmId(first))).hasSize(1);
	}

	@Test
	void anUnknownDeviceIsRefusedAndShownToTheOwnerOnce() {
		Intake intake = new Intake("ev-x", "NOBODY-1", AlarmKind.BUTTON, this.clock.instant());
		Answer answer = this.alarmIntake.receive(this.provider, intake);
		Answer again = this.alarmIntake.receive(this.provider, intake);

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.body()).contains("\"field\":\"deviceId\"");
		assertThat(again.status()).isEqualTo(422);
		assertThat(this.desk.unmatched(this.shop, 10)).singleElement()
			.satisfies((u) -> assertThat(u.deviceId()).isEqualTo("NOBODY-1"));
		assertThat(count("alarm")).isZero();
	}

	@Test
	void testAndLowBatteryAreRecordedButNotDispatched() {
		UUID test = alarmId(press("test"));
		UUID battery = alarmId(press("low-battery"));

		assertThat(alarm(test).status()).isEqualTo("RECORDED");
		assertThat(alarm(battery).status()).isEqualTo("RECORDED");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.ladder.processDeadlines()).isZero();
		assertThat(sent(test)).isEmpty();
		assertThat(sent(battery)).isEmpty();
	}

	@Test
	void silenceAsksTheNextThenEveryoneAndTheOwnersEachOnce() {
		UUID id = alarmId(press("button"));

		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.ladder.processDeadlines()).as("not yet").isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.ladder.processDeadlines()).isEqualTo(1);
		assertThat(this.ladder.processDeadlines()).as("a second run moves nothing").isZero();
		assertThat(sent(id)).containsExactly("ask:0 SMS", "ask:1 SMS");
		assertThat(responder(id, 1).memberId()).isEqualTo(this.nia);

		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.ladder.processDeadlines()).isEqualTo(1);
		assertThat(this.ladder.processDeadlines()).isZero();
		Alarm alarm = alarm(id);
		assertThat(alarm.allHandsAt()).as("both asked, nobody going").isEqualTo(this.clock.instant());
		assertThat(sent(id)).containsExactlyInAnyOrder("ask:0 SMS", "ask:1 SMS", "all-hands:0 SMS", "all-hands:1 SMS",
				"owner:" + this.ownerAccount + " IN_APP", "owner:" + this.ownerAccount + " SMS");
		assertThat(alarm.events()).extracting(Event::kind)
			.containsExactly("received", "asked", "no-answer", "asked", "all-hands");

		assertThat(this.desk.acknowledge(responder(id, 1))).as("anyone may still go").isTrue();
	}

	@Test
	void afterThreeMinutesEveryoneIsCalledInEvenWithRespondersLeft() {
		for (int i = 0; i < 3; i++) {
			allDay(this.team.addMember(this.staff,
					new Team.MemberDetails("Helper " + (char) ('A' + i), "07700 90010" + i, null, null, null, null)));
		}
		UUID id = alarmId(press("button"));
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofSeconds(60));
			this.ladder.processDeadlines();
		}
		Alarm alarm = alarm(id);
		assertThat(alarm.allHandsAt()).isEqualTo(this.start.plus(Duration.ofMinutes(3)));
		assertThat(sent(id)).filteredOn((s) -> s.startsWith("ask:")).hasSize(3);
		assertThat(sent(id)).filteredOn((s) -> s.startsWith("all-hands:")).as("all five on duty").hasSize(5);
	}

	@Test
	void nobodyOnDutyGoesStraightToTheOwners() {
		this.jdbc.sql("delete from team_rota_slot where shop_id = ?").param(this.shop.value()).update();
		UUID id = alarmId(press("fall"));
		assertThat(alarm(id).allHandsAt()).isEqualTo(this.clock.instant());
		assertThat(sent(id)).containsExactlyInAnyOrder("owner:" + this.ownerAccount + " IN_APP",
				"owner:" + this.ownerAccount + " SMS");
	}

	@Test
	void theFirstToSayImGoingGetsItThenArrivesAndResolves() {
		UUID id = alarmId(press("button"));
		this.clock.advance(Duration.ofSeconds(60));
		this.ladder.processDeadlines();
		this.clock.advance(Duration.ofSeconds(12));

		assertThat(this.desk.acknowledge(responder(id, 1))).isTrue();
		assertThat(this.desk.acknowledge(responder(id, 0))).as("Nia already going").isFalse();
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.ladder.processDeadlines()).as("no more asks once someone is going").isZero();
		assertThat(this.desk.arrived(responder(id, 0))).as("only the one going").isFalse();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.desk.arrived(responder(id, 1))).isTrue();
		assertThat(this.desk.resolve(responder(id, 0), AlarmOutcome.ALL_WELL)).isFalse();
		assertThat(this.desk.resolve(responder(id, 1), AlarmOutcome.HELPED)).isTrue();

		Alarm alarm = alarm(id);
		assertThat(alarm.status()).isEqualTo("RESOLVED");
		assertThat(alarm.outcome()).isEqualTo(AlarmOutcome.HELPED);
		assertThat(alarm.toAcknowledge()).isEqualTo(Duration.ofSeconds(72));
		assertThat(alarm.toArrive()).isEqualTo(Duration.ofSeconds(432));
		assertThat(alarm.ackedBy()).isEqualTo(this.nia);
		assertThat(alarm.events()).extracting(Event::kind)
			.containsExactly("received", "asked", "no-answer", "asked", "acknowledged", "arrived", "resolved.helped");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.jdbc.sql("select kind from timeline_entry where customer_id = ? order by at, kind")
						.param(this.gwen.value())
						.query(String.class)
						.list())
				.contains("alarm.raised.button", "alarm.acknowledged", "alarm.arrived", "alarm.resolved.helped"));

		YearMonth month = YearMonth.from(this.start.atZone(java.time.ZoneId.of("Europe/London")));
		var report = this.alarmReport.report(this.shop, month);
		assertThat(report.alarms()).isEqualTo(1);
		assertThat(report.ackMedian()).isEqualTo(72);
		assertThat(report.arriveP985()).isEqualTo(432);
		assertThat(report.meetsTarget()).as("72 s is over the 60 s target").isFalse();
	}

	@Test
	void acknowledgedButUnresolvedIsRemindedOnceAfterTenMinutes() {
		UUID id = alarmId(press("button"));
		this.desk.acknowledge(responder(id, 0));
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(this.ladder.processDeadlines()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.ladder.processDeadlines()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.ladder.processDeadlines()).isZero();
		assertThat(sent(id)).containsExactlyInAnyOrder("ask:0 SMS", "reminder SMS",
				"reminder:" + this.ownerAccount + " IN_APP");
	}

	@Test
	void accessNotesOnlyForTheOneGoingWhileItIsOnAndLogged() {
		this.consents.record(this.staff, this.gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, this.gwen, new CareProfile(true, true, false, false, null, null, null, null,
				null, null, "Key safe by the back door"));
		UUID id = alarmId(press("button"));
		this.clock.advance(Duration.ofSeconds(60));
		this.ladder.processDeadlines();

		assertThat(this.desk.revealAccessNotes(responder(id, 0))).as("nobody going yet").isEmpty();
		this.desk.acknowledge(responder(id, 0));
		assertThat(this.desk.revealAccessNotes(responder(id, 1))).as("not the one going").isEmpty();
		assertThat(this.desk.revealAccessNotes(responder(id, 0))).contains("Key safe by the back door");
		assertThat(this.jdbc.sql("select count(*) from care_access_log where customer_id = ? and what = 'ACCESS_NOTES'")
			.param(this.gwen.value())
			.query(Long.class)
			.single()).isEqualTo(1);
		this.desk.resolve(responder(id, 0), AlarmOutcome.ALL_WELL);
		assertThat(this.desk.revealAccessNotes(responder(id, 0))).as("over").isEmpty();
		assertThat(sent(id)).as("never in a message").allSatisfy((s) -> assertThat(s).doesNotContain("Key"));
	}

	@Test
	void aSilentDeviceRaisesOneAlertPerSilence() {
		assertThat(this.alarmIntake.heartbeat(this.provider, "PENDANT-1")).isTrue();
		assertThat(this.alarmIntake.heartbeat(this.provider, "NOBODY")).isFalse();
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.supervision.superviseDevices()).isZero();
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.supervision.superviseDevices()).isEqualTo(1);
		assertThat(this.supervision.superviseDevices()).isZero();
		assertThat(this.supervision.silentDevices(this.shop)).hasSize(1);
		this.alarmIntake.heartbeat(this.provider, "PENDANT-1");
		assertThat(this.supervision.silentDevices(this.shop)).isEmpty();
		this.clock.advance(Duration.ofMinutes(61));
		assertThat(this.supervision.superviseDevices()).as("a new silence").isEqualTo(1);
	}

	@Test
	void racingHandlersAndRacingResponsersMoveEachAlarmOnce() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(alarmId(press("button")));
		}
		this.clock.advance(Duration.ofSeconds(60));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				runs.add(this.ladder::processDeadlines);
			}
			int moved = 0;
			for (Future<Integer> run : pool.invokeAll(runs)) {
				moved += run.get();
			}
			assertThat(moved).as("each alarm moved once in all").isEqualTo(20);
			for (UUID id : ids) {
				assertThat(sent(id)).containsExactly("ask:0 SMS", "ask:1 SMS");
			}
			UUID id = ids.get(0);
			List<Callable<Boolean>> acks = List.of(() -> this.desk.acknowledge(responder(id, 0)),
					() -> this.desk.acknowledge(responder(id, 1)), () -> this.desk.acknowledge(responder(id, 0)));
			long winners = 0;
			for (Future<Boolean> ack : pool.invokeAll(acks)) {
				winners += ack.get() ? 1 : 0;
			}
			assertThat(winners).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aLinkIsRandomWorksForItsAlarmAndResponderAndOnlyItsDigestIsStored() {
		UUID id = alarmId(press("button"));
		String token = link(id, 0).orElseThrow();

		assertThat(token).as("32 random bytes, base64url").matches("[A-Za-z0-9_-]{43}");
		assertThat(token).isNotEqualTo(formerDerivedToken(SecretBox.FORMER_DEFAULT, id, 0));
		Responding huw = this.desk.responding(token).orElseThrow();
		assertThat(huw.alarmId()).isEqualTo(id);
		assertThat(huw.memberId()).isEqualTo(this.huw);
		List<Map<String, Object>> stored = this.jdbc.sql("select * from alarm_responder_link where alarm_id = ?")
			.param(id)
			.query()
			.listOfRows();
		assertThat(stored).singleElement().satisfies((row) -> {
			assertThat(row.get("token_hash")).isEqualTo(Tokens.sha256(token));
			assertThat(row.values()).as("the token itself is kept nowhere in the table")
				.allSatisfy((value) -> assertThat(String.valueOf(value)).doesNotContain(token));
		});
		assertThat(this.jdbc.sql("select count(*) from alarm_responder_link where token_hash = ?")
			.param(token)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theFormerDerivedLinkOpensNothing() {
		UUID id = alarmId(press("button"));
		String kept = this.jdbc.sql("select passphrase from alarm_secret_key")
			.query(String.class)
			.optional()
			.orElse("");

		for (String key : List.of(SecretBox.FORMER_DEFAULT, kept)) {
			assertThat(this.desk.responding(formerDerivedToken(key, id, 0))).isEmpty();
		}
	}

	@Test
	void aLinkExpiresADayAfterItWasSent() {
		UUID id = alarmId(press("button"));
		String token = link(id, 0).orElseThrow();
		this.jdbc.sql("update alarm set next_at = null where id = ?").param(id).update();

		this.clock.advance(Duration.ofHours(24).minusSeconds(1));
		assertThat(this.desk.responding(token)).isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.desk.responding(token)).isEmpty();
	}

	@Test
	void aResolvedAlarmsLinksShowItForAnHourThenNothing() {
		UUID id = alarmId(press("button"));
		String token = link(id, 0).orElseThrow();
		Responding huw = this.desk.responding(token).orElseThrow();
		this.desk.acknowledge(huw);
		this.desk.resolve(huw, AlarmOutcome.ALL_WELL);

		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.desk.responding(token)).as("'this alarm is over'").isPresent();
		assertThat(this.desk.acknowledge(huw)).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.desk.responding(token)).isEmpty();
	}

	@Test
	void revokedLinksOpenNothingAndEveryoneIsAskedAgainWithANewOne() {
		UUID id = alarmId(press("button"));
		String first = link(id, 0).orElseThrow();

		assertThat(this.desk.revokeLinks(this.shop, id)).isEqualTo(1);
		assertThat(this.desk.responding(first)).isEmpty();
		this.clock.advance(Duration.ofMinutes(3));
		this.ladder.processDeadlines();
		String again = link(id, 0).orElseThrow();
		assertThat(again).as("everyone's call carries a new link").isNotEqualTo(first);
		assertThat(this.desk.responding(again)).isPresent();
		assertThat(this.desk.responding(first)).isEmpty();
	}

	@Test
	void aLinkForOneAlarmActsOnThatAlarmOnly() {
		UUID a = alarmId(press("button"));
		UUID b = alarmId(press("fall"));
		Responding onA = this.desk.responding(link(a, 0).orElseThrow()).orElseThrow();

		assertThat(onA.alarmId()).isEqualTo(a);
		assertThat(this.desk.acknowledge(onA)).isTrue();
		assertThat(alarm(a).status()).isEqualTo("ACKNOWLEDGED");
		assertThat(alarm(b).status()).isEqualTo("OPEN");
		assertThat(this.desk.resolve(onA, AlarmOutcome.ALL_WELL)).isTrue();
		assertThat(alarm(b).status()).isEqualTo("OPEN");
	}

	/** A link as the first version made it: HMAC-SHA256 of the alarm id and seq. */
	static String formerDerivedToken(String passphrase, UUID alarmId, int seq) {
		try {
			byte[] key = MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] token = mac.doFinal(("respond:" + alarmId + ":" + seq).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	long count(String table) {
		return this.jdbc.sql("select count(*) from " + table + " where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

}
