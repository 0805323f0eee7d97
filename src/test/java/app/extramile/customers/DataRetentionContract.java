package app.extramile.customers;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.alarms.AlarmSetup;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches;
import app.extramile.welfare.Outcome;
import app.extramile.welfare.WelfareChecks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The owner's retention, applied by the nightly durable task (fired here by making its
 * execution due, the scheduler running): what is older goes, in batches; what is newer,
 * still open or another shop's stays; running it again removes nothing more. H2 and
 * PostgreSQL by the subclasses.
 */
abstract class DataRetentionContract {

	static final Instant NOW = HandMovedClock.START;

	static final Instant LONG_AGO = NOW.minus(Duration.ofDays(200));

	@Autowired
	DataRetention retention;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	VisitBatches visits;

	@Autowired
	WelfareChecks checks;

	@Autowired
	AlarmSetup alarms;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser owner;

	@BeforeEach
	void newShop() {
		this.clock.set(NOW);
		this.shop = TestShops.create(this.jdbc);
		UUID account = this.accounts.create(this.shop, "owner-" + UUID.randomUUID(), "Eleri Owner", Role.OWNER,
				"a long enough password");
		this.owner = new ShopUser(account, this.shop, "owner", "Eleri Owner", Role.OWNER, null);
	}

	private CustomerId customer(ShopId shop, String name) {
		CustomerId id = this.customers.register(shop, new CustomerDetails(null, name, null, "01970 600001", null, null,
				null, null, null, null, null, null, List.of()));
		this.consents.record(this.owner(shop), id, true, true, true, "spoken");
		return id;
	}

	private ShopUser owner(ShopId shop) {
		return shop.equals(this.shop) ? this.owner : TestShops.user(shop, Role.OWNER);
	}

	private void visitsAt(ShopId shop, CustomerId customer, Instant at, int howMany) {
		List<VisitBatches.IncomingVisit> batch = new ArrayList<>();
		for (int i = 0; i < howMany; i++) {
			batch.add(
					new VisitBatches.IncomingVisit("v-" + UUID.randomUUID(), customer, at.minusSeconds(60L * i), null));
		}
		this.visits.add(shop, Visit.Source.IMPORT, batch);
	}

	private UUID closedCheck(CustomerId customer) {
		UUID id = this.checks.openByHand(this.owner, customer);
		this.checks.record(this.owner, this.checks.check(this.shop, id).currentStep().id(), Outcome.ALL_WELL, null);
		return id;
	}

	/** A resolved alarm with its ladder's details, as the alarm desk leaves one. */
	private UUID resolvedAlarm(CustomerId customer, Instant at) {
		String provider = "p-" + UUID.randomUUID();
		this.alarms.addProvider(this.owner, provider, "a provider secret");
		UUID providerId = this.alarms.providers(this.shop)
			.stream()
			.filter((p) -> p.name().equals(provider))
			.findFirst()
			.orElseThrow()
			.id();
		UUID device = this.alarms.addDevice(this.owner, providerId, "D-" + UUID.randomUUID(), customer, 3600);
		UUID intake = UUID.randomUUID();
		OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
		this.jdbc.sql("""
				insert into alarm_intake (id, provider_id, event_id, received_at, http_status, answer)
				values (?, ?, ?, ?, 201, '{}')""").params(intake, providerId, "e-" + intake, when).update();
		UUID alarm = UUID.randomUUID();
		this.jdbc.sql("""
				insert into alarm (id, shop_id, customer_id, device_row_id, intake_id, kind, occurred_at, received_at,
				  status, acked_at, resolved_at, outcome)
				values (?, ?, ?, ?, ?, 'BUTTON', ?, ?, 'RESOLVED', ?, ?, 'ALL_WELL')""")
			.params(alarm, this.shop.value(), customer.value(), device, intake, when, when, when.plusSeconds(40),
					when.plusSeconds(600))
			.update();
		this.jdbc.sql("insert into alarm_responder (alarm_id, seq, member_id, asked_at) values (?, 0, ?, ?)")
			.params(alarm, UUID.randomUUID(), when)
			.update();
		this.jdbc.sql("""
				insert into alarm_event (id, alarm_id, at, kind, event_key) values (?, ?, ?, 'RAISED', 'raised')""")
			.params(UUID.randomUUID(), alarm, when)
			.update();
		return alarm;
	}

	private long count(String sql, Object... params) {
		return this.jdbc.sql(sql).params(params).query(Long.class).single();
	}

	private void fireTheNightlyTask() {
		int due = this.jdbc.sql("update scheduled_tasks set execution_time = ? where task_name = ?")
			.params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5), "customer-data-retention")
			.update();
		assertThat(due).as("the recurring task is scheduled").isEqualTo(1);
	}

	@Test
	void theNightlyTaskRemovesWhatIsOlderThanTheOwnerKeepsItAndNothingElse() {
		CustomerId mair = customer(this.shop, "Mair Hen");
		CustomerId open = customer(this.shop, "Ifan Agored");
		ShopId otherShop = TestShops.create(this.jdbc);
		CustomerId elsewhere = customer(otherShop, "Siân Arall");

		// Long ago: more visits than one batch, a check closed, an alarm over, notes
		// read.
		this.clock.set(LONG_AGO);
		visitsAt(this.shop, mair, LONG_AGO, 1100);
		visitsAt(otherShop, elsewhere, LONG_AGO, 3);
		UUID oldCheck = closedCheck(mair);
		UUID stillOpen = this.checks.openByHand(this.owner, open);
		UUID oldAlarm = resolvedAlarm(mair, LONG_AGO);
		this.careProfiles.revealCareNotes(this.owner, mair);

		// Lately.
		this.clock.set(NOW.minus(Duration.ofDays(1)));
		visitsAt(this.shop, mair, NOW.minus(Duration.ofDays(1)), 2);
		UUID newCheck = closedCheck(mair);
		UUID newAlarm = resolvedAlarm(mair, NOW.minus(Duration.ofDays(1)));
		this.careProfiles.revealCareNotes(this.owner, mair);

		this.clock.set(NOW);
		this.retention.set(this.owner, new Retention(90, 30, 30, 180));
		fireTheNightlyTask();

		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> count("select count(*) from care_access_log where shop_id = ?", this.shop.value()) == 1
					&& count("select count(*) from alarm_event where alarm_id = ?", oldAlarm) == 0
					&& count("select count(*) from visit where shop_id = ?", this.shop.value()) == 2
					&& count("select count(*) from welfare_check where id = ?", oldCheck) == 0);
		assertThat(count("select count(*) from visit where shop_id = ?", this.shop.value())).as("recent visits stay")
			.isEqualTo(2);
		assertThat(count("select count(*) from visit where shop_id = ?", otherShop.value()))
			.as("another shop keeps its own")
			.isEqualTo(3);
		assertThat(count("select count(*) from welfare_check where id = ?", oldCheck)).isZero();
		assertThat(count("select count(*) from welfare_step where check_id = ?", oldCheck)).isZero();
		assertThat(count("select count(*) from welfare_check where id in (?, ?)", newCheck, stillOpen))
			.as("a recent check and an open one stay")
			.isEqualTo(2);
		assertThat(count("select count(*) from alarm_responder where alarm_id = ?", oldAlarm)).isZero();
		assertThat(count("select count(*) from alarm where id = ?", oldAlarm)).as("the alarm and its times stay")
			.isEqualTo(1);
		assertThat(count("select count(*) from alarm_event where alarm_id = ?", newAlarm)).isEqualTo(1);

		assertThat(this.retention.removeExpired()).as("run again, it removes nothing more").isZero();
		assertThat(count("select count(*) from visit where shop_id = ?", this.shop.value())).isEqualTo(2);
	}

	@Test
	void withoutSettingsEverythingIsKeptAndOnlyTheOwnerSetsThemWithinLimits() {
		CustomerId mair = customer(this.shop, "Mair Hen");
		visitsAt(this.shop, mair, LONG_AGO, 2);
		assertThat(this.retention.of(this.shop)).isEqualTo(Retention.FOREVER);
		this.retention.removeExpired();
		assertThat(count("select count(*) from visit where shop_id = ?", this.shop.value())).isEqualTo(2);

		assertThatThrownBy(() -> this.retention.set(TestShops.user(this.shop, Role.STAFF), Retention.FOREVER))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThatThrownBy(() -> this.retention.set(this.owner, new Retention(30, null, null, null)))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("visitsDays"));
		this.retention.set(this.owner, new Retention(365, null, null, 400));
		this.retention.set(this.owner, new Retention(400, null, null, 400));
		assertThat(this.retention.of(this.shop)).isEqualTo(new Retention(400, null, null, 400));
	}

}
