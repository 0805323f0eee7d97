package app.extramile.errands;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandEvents.DoorstepConcern;
import app.extramile.notifications.Channel;
import app.extramile.notifications.Notifier;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.timeline.Timeline;
import app.extramile.timeline.TimelineItem;
import app.extramile.welfare.WelfareChecks;
import app.extramile.welfare.WelfareEvents.HelpRequested;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Errands, the doorstep and the delivery round, on H2 and PostgreSQL (subclasses).
 */
abstract class ErrandsContract {

	@Autowired
	Errands errands;

	@Autowired
	ErrandRequests requests;

	@Autowired
	ErrandOffers offers;

	@Autowired
	Doorstep doorstep;

	@Autowired
	DeliveryRounds rounds;

	@Autowired
	ErrandWelfare welfare;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	WelfareChecks checks;

	@Autowired
	Team team;

	@Autowired
	Accounts accounts;

	@Autowired
	Notifier notifier;

	@Autowired
	Timeline timeline;

	@Autowired
	app.extramile.recognition.Recognition recognition;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser owner;

	ShopUser gethin;

	UUID gethinMember;

	ShopUser nia;

	UUID niaMember;

	CustomerId gwen;

	LocalDate today;

	@BeforeEach
	void aShopWithATeam() {
		this.clock.set(HandMovedClock.START);
		this.today = LocalDate.of(2026, 11, 24);
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.gethin = volunteer("Gethin Jones");
		this.gethinMember = this.team.memberForAccount(this.shop, this.gethin.accountId()).orElseThrow().id();
		this.team.grantSkill(this.owner, this.gethinMember, Skill.DRIVER, null);
		this.nia = volunteer("Nia Morgan");
		this.niaMember = this.team.memberForAccount(this.shop, this.nia.accountId()).orElseThrow().id();
		this.gwen = customer("Gwen Evans", 52.4200, -4.0800);
	}

	ShopUser volunteer(String name) {
		UUID account = this.accounts.create(this.shop, "v-" + UUID.randomUUID(), name, Role.VOLUNTEER,
				"a long enough password");
		this.team.addMember(this.owner, new Team.MemberDetails(name, "07700 900" + (100 + (int) (Math.random() * 800)),
				null, account, null, null));
		return new ShopUser(account, this.shop, "v", name, Role.VOLUNTEER, null);
	}

	CustomerId customer(String name, Double lat, Double lon) {
		return this.customers.register(this.shop,
				new CustomerDetails(null, name, null, "01970 600" + (100 + (int) (Math.random() * 800)), null,
						"1 Stryd Fawr", "Llan", "SY23 1AA", lat, lon, null, null, List.of()));
	}

	UUID delivery(CustomerId customer, LocalDate on, int fromHour, int bags) {
		return this.requests.request(this.owner,
				new ErrandRequests.Request(customer, ErrandKind.DELIVERY, "Bread, milk", bags, null, on,
						LocalTime.of(fromHour, 0), LocalTime.of(fromHour + 3, 0), false, null, null));
	}

	@Test
	void anErrandTakenByOneStopsWaitingInTheOthersNotices() {
		UUID id = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.DOG_WALK, null,
				null, null, this.today, LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null));
		assertThat(waitingOffers(id)).as("offered in the app").isGreaterThanOrEqualTo(2);

		assertThat(this.offers.accept(this.nia, id)).isTrue();

		assertThat(waitingOffers(id)).as("taken: nobody is still asked").isZero();
	}

	private long waitingOffers(UUID errand) {
		return this.jdbc.sql("""
				select count(*) from notification where shop_id = ? and channel = 'IN_APP'
				  and dealt_with_at is null and dedup_key like ?""")
			.params(this.shop.value(), "errand:" + errand + ":offer:%")
			.query(Long.class)
			.single();
	}

	@Test
	void aDeliveryIsOfferedToDriversOnlyWithTheFirstNameAndALink() {
		UUID id = delivery(this.gwen, this.today, 10, 2);

		Errand errand = this.errands.get(this.shop, id);
		assertThat(errand.status()).isEqualTo(ErrandStatus.OPEN);
		assertThat(errand.needsDriver()).isTrue();
		assertThat(errand.needsDbs()).isFalse();
		assertThat(errand.free()).isTrue();
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + this.gethinMember, Channel.SMS))
			.isPresent();
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + this.gethinMember, Channel.IN_APP))
			.isPresent();
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + this.niaMember, Channel.SMS))
			.isEmpty();
		String stored = this.jdbc.sql("select * from notification where shop_id = ?")
			.param(this.shop.value())
			.query()
			.listOfRows()
			.toString();
		assertThat(stored).contains("Gwen").doesNotContain("Evans").doesNotContain("Bread");
		assertThat(this.offers.forHelper(this.gethin)).extracting(Errand::id).containsExactly(id);
		assertThat(this.offers.forHelper(this.nia)).isEmpty();
	}

	@Test
	void readingThePostNeedsADbsCheckAndDefaultsFollowTheKind() {
		UUID id = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.READ_POST, null,
				null, 250L, this.today, LocalTime.of(14, 0), LocalTime.of(15, 0), false, null, null));
		Errand errand = this.errands.get(this.shop, id);
		assertThat(errand.needsDbs()).isTrue();
		assertThat(errand.needsDriver()).isFalse();
		assertThat(errand.chargePence()).isEqualTo(250);
		assertThat(this.offers.forHelper(this.nia)).isEmpty();
		this.team.grantSkill(this.owner, this.niaMember, Skill.DBS_CHECKED, this.today.plusYears(1));
		assertThat(this.offers.forHelper(this.nia)).extracting(Errand::id).containsExactly(id);
		assertThatThrownBy(() -> this.offers.accept(this.gethin, id)).isInstanceOf(Refused.class);
	}

	@Test
	void todayListsTheDaysErrandsAndTheOnesNobodyOnTheTeamCanTake() {
		UUID delivery = delivery(this.gwen, this.today, 10, 2);
		UUID post = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.READ_POST, null,
				null, null, this.today, LocalTime.of(14, 0), LocalTime.of(15, 0), false, null, null));
		UUID lawn = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.LAWN, null, null,
				null, this.today.plusDays(1), LocalTime.of(9, 0), LocalTime.of(11, 0), false, null, null));

		assertThat(this.errands.dueOn(this.shop, this.today)).extracting(Errand::id).containsExactly(delivery, post);
		// Gethin drives; nobody on the team has a DBS check
		assertThat(this.offers.nobodyCanTake(this.shop, this.today)).extracting(Errand::id).containsExactly(post);
		assertThat(this.offers.forHelperOn(this.gethin, this.today)).extracting(Errand::id).containsExactly(delivery);
		assertThat(this.offers.forHelperOn(this.gethin, this.today.plusDays(1))).extracting(Errand::id)
			.containsExactly(lawn);

		this.team.grantSkill(this.owner, this.niaMember, Skill.DBS_CHECKED, this.today.plusYears(1));
		assertThat(this.offers.nobodyCanTake(this.shop, this.today)).isEmpty();
		this.team.grantSkill(this.owner, this.niaMember, Skill.DBS_CHECKED, this.today.minusDays(1));
		assertThat(this.offers.nobodyCanTake(this.shop, this.today)).extracting(Errand::id).containsExactly(post);
		assertThat(this.errands.dueOn(TestShops.create(this.jdbc), this.today)).isEmpty();
	}

	@Test
	void refusalsNameTheFieldAndStoreNothing() {
		assertRefused(new ErrandRequests.Request(this.gwen, ErrandKind.DELIVERY, " ", 2, null, this.today,
				LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null), "items");
		assertRefused(new ErrandRequests.Request(this.gwen, ErrandKind.DELIVERY, "Milk", 0, null, this.today,
				LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null), "bags");
		assertRefused(new ErrandRequests.Request(this.gwen, ErrandKind.LAWN, null, null, null, this.today,
				LocalTime.of(10, 0), LocalTime.of(9, 0), false, null, null), "to");
		assertRefused(new ErrandRequests.Request(this.gwen, ErrandKind.LAWN, null, null, -5L, this.today,
				LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null), "charge");
		assertRefused(new ErrandRequests.Request(this.gwen, ErrandKind.LAWN, null, null, null, this.today.minusDays(1),
				LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null), "on");
		assertRefused(new ErrandRequests.Request(new CustomerId(UUID.randomUUID()), ErrandKind.LAWN, null, null, null,
				this.today, LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null), "customerId");
		assertThat(this.errands.from(this.owner, this.today.minusDays(7), 10)).isEmpty();
		assertThatThrownBy(() -> this.requests.request(this.gethin,
				new ErrandRequests.Request(this.gwen, ErrandKind.LAWN, null, null, null, this.today,
						LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null)))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
	}

	private void assertRefused(ErrandRequests.Request request, String field) {
		assertThatThrownBy(() -> this.requests.request(this.owner, request)).isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo(field));
	}

	@Test
	void theFirstToAcceptGetsItAndADeclineIsNotOfferedAgain() {
		UUID id = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.DOG_WALK, null,
				null, null, this.today, LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null));
		ShopUser third = volunteer("Menna Cadwgan");

		this.offers.decline(third, id);
		assertThat(this.offers.forHelper(third)).isEmpty();
		assertThat(this.offers.accept(this.nia, id)).isTrue();
		assertThat(this.offers.accept(this.gethin, id)).isFalse();
		Errand errand = this.errands.get(this.shop, id);
		assertThat(errand.status()).isEqualTo(ErrandStatus.ACCEPTED);
		assertThat(errand.assigneeAccount()).isEqualTo(this.nia.accountId());
		assertThat(this.offers.forHelper(this.gethin)).isEmpty();

		assertThatThrownBy(() -> this.doorstep.complete(this.nia, id, 601)).isInstanceOf(Refused.class);
		assertThatThrownBy(() -> this.doorstep.complete(this.gethin, id, 30))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		this.doorstep.complete(this.nia, id, 45);
		assertThat(this.errands.get(this.shop, id).minutesSpent()).isEqualTo(45);
		assertThat(this.errands.get(this.shop, id).status()).isEqualTo(ErrandStatus.DONE);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.timeline.of(this.shop, this.gwen, 20)).extracting(TimelineItem::kind)
				.contains("errand.requested.dog-walk", "errand.accepted.dog-walk", "errand.done.dog-walk"));
	}

	@Test
	void twoHelpersAcceptingAtOnceGiveTheErrandToExactlyOne() throws Exception {
		this.team.grantSkill(this.owner, this.niaMember, Skill.DRIVER, null);
		for (int round = 0; round < 5; round++) {
			UUID id = delivery(this.gwen, this.today, 10, 1);
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				List<java.util.concurrent.Future<Boolean>> results = pool.invokeAll(List.of(() -> {
					start.await();
					return this.offers.accept(this.gethin, id);
				}, () -> {
					start.await();
					return this.offers.accept(this.nia, id);
				}));
				long winners = 0;
				for (java.util.concurrent.Future<Boolean> result : results) {
					winners += result.get() ? 1 : 0;
				}
				assertThat(winners).isEqualTo(1);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void aWeeklyErrandGetsItsNextOccurrenceOnceWhenItsDayHasCome() {
		UUID first = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.DELIVERY,
				"Paper", 1, null, this.today.plusDays(3), LocalTime.of(9, 0), LocalTime.of(12, 0), true, null, null));

		this.requests.createNextOccurrences();
		assertThat(occurrences(first)).containsExactly(this.today.plusDays(3));

		this.clock.advance(Duration.ofDays(3));
		this.requests.createNextOccurrences();
		this.requests.createNextOccurrences();
		assertThat(occurrences(first)).containsExactly(this.today.plusDays(3), this.today.plusDays(10));

		this.clock.advance(Duration.ofDays(7));
		this.requests.createNextOccurrences();
		assertThat(occurrences(first)).hasSize(3);

		this.requests.cancel(this.owner, first, true);
		this.clock.advance(Duration.ofDays(7));
		assertThat(this.requests.createNextOccurrences()).isZero();
		assertThat(occurrences(first)).hasSize(3);
	}

	private List<LocalDate> occurrences(UUID series) {
		return this.jdbc.sql("select on_date from errand where series_id = ? order by on_date")
			.param(series)
			.query(LocalDate.class)
			.list();
	}

	@Test
	void noAnswerAtTheDoorOpensExactlyOneWelfareCheckEvenIfHandledTwice() throws InterruptedException {
		UUID id = delivery(this.gwen, this.today, 10, 1);
		this.offers.accept(this.gethin, id);

		this.doorstep.atTheDoor(this.gethin, id, DoorOutcome.NO_ANSWER, null, false, 10);

		assertThat(this.errands.get(this.shop, id).status()).isEqualTo(ErrandStatus.NOT_DELIVERED);
		await().atMost(Duration.ofSeconds(10)).until(() -> doorstepChecks() == 1);
		DoorstepConcern again = new DoorstepConcern(this.shop, this.gwen, id, Instant.now());
		this.welfare.on(again);
		this.welfare.on(again);
		UUID check = this.checks.openForDoorstep(this.shop, this.gwen, "doorstep:" + id);
		assertThat(this.checks.openForDoorstep(this.shop, this.gwen, "doorstep:" + id)).isEqualTo(check);
		Thread.sleep(500);
		assertThat(doorstepChecks()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.timeline.of(this.shop, this.gwen, 20)).extracting(TimelineItem::kind)
				.contains("errand.door.no_answer", "welfare.opened"));
	}

	@Test
	void aWorryingObservationRaisesACheckAndItsTextStaysInErrands() {
		UUID id = delivery(this.gwen, this.today, 10, 1);
		this.offers.accept(this.gethin, id);

		assertThatThrownBy(() -> this.doorstep.atTheDoor(this.gethin, id, DoorOutcome.OBSERVED, " ", true, null))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("observation"));
		this.doorstep.atTheDoor(this.gethin, id, DoorOutcome.OBSERVED, "Seemed unwell and confused", true, null);

		Errand errand = this.errands.get(this.shop, id);
		assertThat(errand.observation()).isEqualTo("Seemed unwell and confused");
		assertThat(errand.status()).isEqualTo(ErrandStatus.ACCEPTED);
		await().atMost(Duration.ofSeconds(10)).until(() -> doorstepChecks() == 1);
		String elsewhere = this.jdbc.sql("select * from notification where shop_id = ?")
			.param(this.shop.value())
			.query()
			.listOfRows()
			.toString()
				+ this.jdbc.sql("select * from timeline_entry where shop_id = ?")
					.param(this.shop.value())
					.query()
					.listOfRows()
					.toString()
				+ this.jdbc.sql("select * from welfare_check where shop_id = ?")
					.param(this.shop.value())
					.query()
					.listOfRows()
					.toString();
		assertThat(elsewhere).doesNotContain("unwell");
	}

	@Test
	void noAnswerIsNotDeliveredCountsForNothingAndIsBroughtBackOrTriedAgain() {
		UUID id = delivery(this.gwen, this.today, 10, 2);
		this.offers.accept(this.gethin, id);

		this.doorstep.atTheDoor(this.gethin, id, DoorOutcome.NO_ANSWER, null, false, 15);

		Errand undelivered = this.errands.get(this.shop, id);
		assertThat(undelivered.status()).isEqualTo(ErrandStatus.NOT_DELIVERED);
		assertThat(undelivered.finished()).isTrue();
		assertThat(this.doorstep.afterNoAnswer(this.shop, id)).isEmpty();
		assertThatThrownBy(() -> this.doorstep.nextStep(this.gethin, id, Doorstep.NextStep.TRY_AGAIN,
				this.today.minusDays(1), LocalTime.of(10, 0), LocalTime.of(11, 0)))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("on"));
		assertThatThrownBy(() -> this.doorstep.nextStep(this.gethin, id, null, null, null, null))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("step"));
		assertThatThrownBy(() -> this.doorstep.nextStep(this.nia, id, Doorstep.NextStep.BRING_BACK, null, null, null))
			.as("not Nia's errand")
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

		UUID retry = this.doorstep
			.nextStep(this.gethin, id, Doorstep.NextStep.TRY_AGAIN, this.today.plusDays(1), LocalTime.of(16, 0),
					LocalTime.of(18, 0))
			.orElseThrow();
		assertThat(this.doorstep.nextStep(this.gethin, id, Doorstep.NextStep.TRY_AGAIN, this.today.plusDays(2),
				LocalTime.of(9, 0), LocalTime.of(10, 0)))
			.as("chosen once")
			.contains(retry);
		assertThat(this.doorstep.afterNoAnswer(this.shop, id))
			.contains(new Doorstep.AfterNoAnswer(Doorstep.NextStep.TRY_AGAIN, retry));
		Errand again = this.errands.get(this.shop, retry);
		assertThat(again.status()).isEqualTo(ErrandStatus.OPEN);
		assertThat(again.customerId()).isEqualTo(this.gwen);
		assertThat(again.items()).isEqualTo("Bread, milk");
		assertThat(again.bags()).isEqualTo(2);
		assertThat(again.on()).isEqualTo(this.today.plusDays(1));
		assertThat(again.from()).isEqualTo(LocalTime.of(16, 0));
		assertThat(this.offers.forHelper(this.gethin)).extracting(Errand::id).contains(retry);

		this.offers.accept(this.gethin, retry);
		this.doorstep.atTheDoor(this.gethin, retry, DoorOutcome.DELIVERED, null, false, 20);
		assertThat(this.errands.get(this.shop, retry).status()).isEqualTo(ErrandStatus.DONE);
		await().atMost(Duration.ofSeconds(10)).until(() -> impactFacts(retry) == 1);
		assertThat(impactFacts(id)).as("nothing was delivered the first time").isZero();

		UUID other = delivery(this.gwen, this.today, 12, 1);
		this.offers.accept(this.gethin, other);
		this.doorstep.atTheDoor(this.gethin, other, DoorOutcome.NO_ANSWER, null, false, null);
		assertThat(this.doorstep.nextStep(this.gethin, other, Doorstep.NextStep.BRING_BACK, null, null, null))
			.isEmpty();
		assertThat(this.doorstep.afterNoAnswer(this.shop, other))
			.contains(new Doorstep.AfterNoAnswer(Doorstep.NextStep.BRING_BACK, null));
	}

	@Test
	void deliveredIsRefusedForAnErrandThatDeliversNothing() {
		this.team.grantSkill(this.owner, this.niaMember, Skill.DBS_CHECKED, this.today.plusYears(1));
		UUID id = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.READ_POST, null,
				null, null, this.today, LocalTime.of(14, 0), LocalTime.of(15, 0), false, null, null));
		this.offers.accept(this.nia, id);

		assertThatThrownBy(() -> this.doorstep.atTheDoor(this.nia, id, DoorOutcome.DELIVERED, null, false, 20))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("outcome"));
		assertThat(this.errands.get(this.shop, id).status()).isEqualTo(ErrandStatus.ACCEPTED);
	}

	@Test
	void anErrandNobodyCanTakeSaysSoAndStaffGiveItToSomeoneByName() {
		UUID post = this.requests.request(this.owner, new ErrandRequests.Request(this.gwen, ErrandKind.READ_POST, null,
				null, null, this.today, LocalTime.of(14, 0), LocalTime.of(15, 0), false, null, null));
		UUID delivery = delivery(this.gwen, this.today, 10, 1);

		assertThat(this.offers.nobodyCanTake(this.shop, this.errands.get(this.shop, post)))
			.as("reading the post needs a DBS check; nobody has one")
			.isTrue();
		assertThat(this.offers.nobodyCanTake(this.shop, this.errands.get(this.shop, delivery))).as("Gethin drives")
			.isFalse();
		assertThatThrownBy(() -> this.offers.assign(this.gethin, post, this.niaMember))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThatThrownBy(() -> this.offers.assign(this.owner, post, UUID.randomUUID())).isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("member"));
		assertThat(this.errands.get(this.shop, post).status()).isEqualTo(ErrandStatus.OPEN);

		this.offers.assign(this.owner, post, this.niaMember);
		this.offers.assign(this.owner, post, this.niaMember);

		Errand given = this.errands.get(this.shop, post);
		assertThat(given.status()).isEqualTo(ErrandStatus.ACCEPTED);
		assertThat(given.assigneeMember()).isEqualTo(this.niaMember);
		assertThat(this.doorstep.mayWork(this.nia, post)).isTrue();
		assertThat(this.notifier.delivery(this.shop, "errand:" + post + ":assigned:" + this.niaMember, Channel.IN_APP))
			.isPresent();
		assertThat(this.notifier.delivery(this.shop, "errand:" + post + ":assigned:" + this.niaMember, Channel.SMS))
			.isPresent();
	}

	private int impactFacts(UUID errand) {
		return this.jdbc.sql("select count(*) from impact_fact where shop_id = ? and source_id = ?")
			.params(this.shop.value(), errand)
			.query(Integer.class)
			.single();
	}

	private int doorstepChecks() {
		return this.jdbc
			.sql("select count(*) from welfare_check where shop_id = ? and customer_id = ? and reason = 'DOORSTEP'")
			.params(this.shop.value(), this.gwen.value())
			.query(Integer.class)
			.single();
	}

	@Test
	void helpRequestedByAWelfareCheckBecomesOneOpenErrand() {
		HelpRequested help = new HelpRequested(this.shop, this.gwen, UUID.randomUUID(),
				"Shopping, and a prescription from the surgery", Instant.now());
		this.welfare.on(help);
		this.welfare.on(help);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.errands.from(this.owner, this.today, 10).isEmpty());
		assertThat(this.requests.requestForHelp(this.shop, this.gwen, help.checkId(), help.help())).as("handled again")
			.isEmpty();

		List<Errand> all = this.errands.from(this.owner, this.today, 10);
		assertThat(all).singleElement().satisfies((e) -> {
			assertThat(e.kind()).isEqualTo(ErrandKind.OTHER);
			assertThat(e.status()).isEqualTo(ErrandStatus.OPEN);
			assertThat(e.customerId()).isEqualTo(this.gwen);
			assertThat(e.items()).as("what help").isEqualTo("Shopping, and a prescription from the surgery");
		});
	}

	@Test
	void aDayOfDeliveriesIsPlannedStoredFlaggedAndPinnedForTwoDrivers() {
		this.team.grantSkill(this.owner, this.niaMember, Skill.DRIVER, null);
		LocalDate friday = this.today.plusDays(3);
		List<CustomerId> people = List.of(this.gwen, customer("Dai Price", 52.4100, -4.0900),
				customer("Mair Hughes", 52.4300, -4.0700), customer("Ifan Rees", 52.4050, -4.0750));
		for (CustomerId person : people) {
			delivery(person, friday, 9, 2);
		}
		CustomerId nowhere = customer("Bethan Lloyd", null, null);
		UUID unlocated = delivery(nowhere, friday, 9, 1);
		UUID tooBig = delivery(this.gwen, friday, 13, 30);

		assertThatThrownBy(() -> this.rounds.plan(this.owner, friday, List.of())).isInstanceOf(Refused.class);
		this.rounds.setShopPlace(this.owner, 52.4153, -4.0829);
		DeliveryRounds.Day day = this.rounds.plan(this.owner, friday,
				List.of(new DeliveryRounds.DriverChoice(this.gethinMember, 6),
						new DeliveryRounds.DriverChoice(this.niaMember, 6)));

		assertThat(day.routes()).hasSize(2);
		assertThat(day.routes().stream().mapToInt((r) -> r.stops().size()).sum()).isEqualTo(4);
		assertThat(day.routes()).allSatisfy((r) -> assertThat(r.bags()).isLessThanOrEqualTo(6));
		assertThat(day.leftOut()).extracting((s) -> s.errand().id() + ":" + s.leftReason())
			.containsExactlyInAnyOrder(unlocated + ":NO_LOCATION", tooBig + ":TOO_BIG_FOR_ANY_VEHICLE");
		assertThat(day.metres()).isPositive();
		assertThat(day.travelSeconds()).isPositive();
		for (DeliveryRounds.Route route : day.routes()) {
			LocalTime last = LocalTime.MIN;
			for (DeliveryRounds.Stop stop : route.stops()) {
				assertThat(stop.eta()).isAfterOrEqualTo(last).isBetween(LocalTime.of(9, 0), LocalTime.of(12, 0));
				last = stop.eta();
			}
		}
		assertThat(RoundPicture.of(day).legs())
			.hasSize(4 + (int) day.routes().stream().filter((r) -> !r.stops().isEmpty()).count());

		DeliveryRounds.Route gethinsRoute = day.routes()
			.stream()
			.filter((r) -> r.driver().id().equals(this.gethinMember))
			.findFirst()
			.orElseThrow();
		DeliveryRounds.Route other = day.routes().stream().filter((r) -> r != gethinsRoute).findFirst().orElseThrow();
		DeliveryRounds.Stop moved = (!other.stops().isEmpty()) ? other.stops().get(0) : null;
		if (moved != null) {
			DeliveryRounds.Day pinned = this.rounds.pin(this.owner, friday, moved.errand().id(), this.gethinMember,
					true);
			assertThat(pinned.routes()
				.stream()
				.filter((r) -> r.driver().id().equals(this.gethinMember))
				.flatMap((r) -> r.stops().stream())).anySatisfy((s) -> {
					assertThat(s.errand().id()).isEqualTo(moved.errand().id());
					assertThat(s.pinned()).isTrue();
				});
		}
		DeliveryRounds.Day reread = this.rounds.day(this.owner, friday);
		assertThat(reread.planned()).isTrue();
		assertThat(reread.routes().stream().mapToInt((r) -> r.stops().size()).sum()).isEqualTo(4);
		assertThat(this.doorstep.mayWork(this.gethin,
				reread.routes()
					.stream()
					.filter((r) -> r.driver().id().equals(this.gethinMember))
					.findFirst()
					.orElseThrow()
					.stops()
					.get(0)
					.errand()
					.id()))
			.isTrue();
	}

	// --- Colleagues are customers too
	// ----------------------------------------------------------------

	UUID askForCover(ShopUser asker) {
		return this.requests.askColleagues(asker,
				new ErrandRequests.ColleagueRequest(null, ErrandKind.COVER_SHIFT,
						"Cover my Saturday afternoon, dentist", this.today.plusDays(4), LocalTime.of(13, 0),
						LocalTime.of(17, 0)));
	}

	@Test
	void aColleaguesRequestForCoverIsOfferedToTheOthersTakenOnceDoneAndThanked() {
		ShopUser menna = volunteer("Menna Cadwgan");
		UUID mennaMember = this.team.memberForAccount(this.shop, menna.accountId()).orElseThrow().id();

		UUID id = askForCover(this.gethin);

		Errand errand = this.errands.get(this.shop, id);
		assertThat(errand.forColleague()).isTrue();
		assertThat(errand.customerId()).isNull();
		assertThat(errand.askedByMember()).isEqualTo(this.gethinMember);
		assertThat(errand.kind()).isEqualTo(ErrandKind.COVER_SHIFT);
		assertThat(errand.items()).isEqualTo("Cover my Saturday afternoon, dentist");
		assertThat(errand.status()).isEqualTo(ErrandStatus.OPEN);
		for (UUID other : List.of(this.niaMember, mennaMember)) {
			assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + other, Channel.SMS)).isPresent();
			assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + other, Channel.IN_APP))
				.isPresent();
		}
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + this.gethinMember, Channel.SMS))
			.as("never offered to the asker")
			.isEmpty();
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":offer:" + this.gethinMember, Channel.IN_APP))
			.isEmpty();
		assertThat(this.offers.isOfferedTo(this.nia, errand)).isTrue();
		assertThat(this.offers.isOfferedTo(this.gethin, errand)).isFalse();
		assertThat(this.offers.isAskedBy(this.gethin, errand)).isTrue();
		assertThat(this.offers.forHelper(this.nia)).extracting(Errand::id).containsExactly(id);
		assertThat(this.offers.forHelper(this.gethin)).as("their own request")
			.extracting(Errand::id)
			.containsExactly(id);
		assertThatThrownBy(() -> this.offers.accept(this.gethin, id)).isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).messageKey()).isEqualTo("errands.refused.ownRequest"));

		assertThat(this.offers.accept(this.nia, id)).isTrue();
		assertThat(this.offers.accept(menna, id)).as("a second acceptance").isFalse();
		assertThat(this.errands.get(this.shop, id).assigneeMember()).isEqualTo(this.niaMember);
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":accepted:" + this.gethinMember, Channel.IN_APP))
			.as("the asker hears who took it")
			.isPresent();
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":accepted:" + this.gethinMember, Channel.SMS))
			.isPresent();
		assertThatThrownBy(() -> this.doorstep.complete(menna, id, 30))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

		this.doorstep.complete(this.nia, id, 240);
		assertThat(this.errands.get(this.shop, id).status()).isEqualTo(ErrandStatus.DONE);
		assertThat(this.notifier.delivery(this.shop, "errand:" + id + ":done:" + this.gethinMember, Channel.IN_APP))
			.isPresent();
		String stored = this.jdbc.sql("select * from notification where shop_id = ?")
			.param(this.shop.value())
			.query()
			.listOfRows()
			.toString();
		assertThat(stored).contains("Gethin", "Nia").doesNotContain("dentist").doesNotContain("Jones");

		UUID thanks = this.recognition.thank(this.gethin, this.niaMember, "Diolch for covering my Saturday!", "ERRAND",
				id);
		assertThat(this.recognition.recent(this.shop, 5)).singleElement().satisfies((t) -> {
			assertThat(t.id()).isEqualTo(thanks);
			assertThat(t.toMemberId()).isEqualTo(this.niaMember);
			assertThat(t.aboutKind()).isEqualTo("ERRAND");
			assertThat(t.aboutId()).isEqualTo(id);
		});

		// Every listener of the errand's events (timeline, impact) coped with no
		// customer:
		// nothing is left to retry, the favour counts for the team, no timeline has it.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("select count(*) from event_publication where serialized_event like ? and completion_date is null")
				.param("%" + id + "%")
				.query(Integer.class)
				.single() == 0);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"select count(*) from impact_fact where shop_id = ? and kind = 'COLLEAGUE_HELPED' and source_id = ?")
				.params(this.shop.value(), id)
				.query(Integer.class)
				.single() == 1);
		assertThat(this.jdbc.sql("select count(*) from timeline_entry where shop_id = ? and kind like 'errand%'")
			.param(this.shop.value())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aColleaguesRequestIsRefusedByTheFieldAndStoresNothing() {
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(null, ErrandKind.COVER_SHIFT, "  ",
				this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "what");
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(null, ErrandKind.COVER_SHIFT,
				"x".repeat(201), this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "what");
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(null, ErrandKind.COVER_SHIFT,
				"Cover me", this.today, LocalTime.of(12, 0), LocalTime.of(9, 0)), "to");
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(null, ErrandKind.COVER_SHIFT,
				"Cover me", this.today.minusDays(1), LocalTime.of(9, 0), LocalTime.of(12, 0)), "on");
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(null, ErrandKind.DELIVERY, "Cover me",
				this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "kind");
		assertColleagueRefused(this.gethin, new ErrandRequests.ColleagueRequest(this.niaMember, ErrandKind.COVER_SHIFT,
				"Cover Nia", this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "askedBy");
		assertColleagueRefused(this.owner, new ErrandRequests.ColleagueRequest(null, ErrandKind.LIFT, "A lift",
				this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "askedBy");
		assertColleagueRefused(this.owner, new ErrandRequests.ColleagueRequest(UUID.randomUUID(), ErrandKind.LIFT,
				"A lift", this.today, LocalTime.of(9, 0), LocalTime.of(12, 0)), "askedBy");
		assertThatThrownBy(() -> this.requests.request(this.owner,
				new ErrandRequests.Request(this.gwen, ErrandKind.COVER_SHIFT, null, null, null, this.today,
						LocalTime.of(9, 0), LocalTime.of(12, 0), false, null, null)))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("kind"));
		assertThat(this.errands.from(this.owner, this.today.minusDays(7), 10)).isEmpty();

		UUID forNia = this.requests.askColleagues(this.owner,
				new ErrandRequests.ColleagueRequest(this.niaMember, ErrandKind.STOCK_HAND,
						"Nia rang: a hand with the milk delivery", this.today, LocalTime.of(7, 0), LocalTime.of(8, 0)));
		assertThat(this.errands.get(this.shop, forNia).askedByMember()).as("staff may ask on someone's behalf")
			.isEqualTo(this.niaMember);
	}

	private void assertColleagueRefused(ShopUser user, ErrandRequests.ColleagueRequest request, String field) {
		assertThatThrownBy(() -> this.requests.askColleagues(user, request)).isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo(field));
	}

	@Test
	void aColleaguesRequestHasNoDoorstepSoNeverAWelfareConcernAndOnlyTheAskerOrStaffCancelIt() {
		UUID id = askForCover(this.gethin);
		this.offers.accept(this.nia, id);

		assertThatThrownBy(() -> this.doorstep.atTheDoor(this.nia, id, DoorOutcome.NO_ANSWER, null, true, 10))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).messageKey()).isEqualTo("errands.refused.noDoor"));
		assertThat(this.jdbc.sql("select count(*) from welfare_check where shop_id = ?")
			.param(this.shop.value())
			.query(Integer.class)
			.single()).isZero();

		assertThatThrownBy(() -> this.requests.cancel(this.nia, id, false))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		this.requests.cancel(this.gethin, id, false);
		assertThat(this.errands.get(this.shop, id).status()).isEqualTo(ErrandStatus.CANCELLED);
	}

	void careProfileWithAccessNotes(CustomerId customer, String notes) {
		this.consents.record(this.owner, customer, true, false, true, "In the shop");
		this.careProfiles.save(this.owner, customer,
				new CareProfile(true, false, false, true, null, null, null, null, null, null, notes));
	}

}
