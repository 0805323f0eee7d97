package app.extramile.welfare;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.absences.Level;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.Contact;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.welfare.CheckViews.Check;
import app.extramile.welfare.CheckViews.Step;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Welfare checks walk the customer's plan, with a clock moved by hand (no sleeps). Run on
 * H2 and PostgreSQL by the subclasses.
 */
abstract class WelfareChecksContract {

	static final Instant START = HandMovedClock.START;

	static final ZoneId LONDON = ZoneId.of("Europe/London");

	@Autowired
	WelfareChecks checks;

	@Autowired
	CheckIns checkIns;

	@Autowired
	StepDeadlines deadlines;

	@Autowired
	app.extramile.team.Team team;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	AwayNotices awayNotices;

	@Autowired
	Consents consents;

	@Autowired
	MissedVisitPlans missedVisitPlans;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	Accounts accounts;

	UUID ownerAccount;

	ShopId shop;

	ShopUser staff;

	ShopUser other;

	CustomerId gwen;

	@BeforeEach
	void aCustomerWithAPlan() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.other = TestShops.user(this.shop, Role.STAFF);
		this.ownerAccount = this.accounts.create(this.shop, "owner-" + UUID.randomUUID(), "Eleri Prydderch", Role.OWNER,
				"a long enough password");
		this.gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null, "01970 600001",
				null, "3 Stryd y Capel", null, null, null, null, null, null, List.of()));
		this.consents.record(this.staff, this.gwen, true, true, true, "spoken");
		this.missedVisitPlans.addContact(this.staff, this.gwen, "Nia", Contact.Relationship.NEIGHBOUR, "01970 600002",
				true);
		this.missedVisitPlans.addContact(this.staff, this.gwen, "Huw", Contact.Relationship.FAMILY, "07700 900001",
				false);
	}

	private Check check(UUID id) {
		return this.checks.check(this.shop, id);
	}

	@Test
	void aRegularCheckInOpensOneCheckAtItsTimeEveryWeek() {
		UUID checkIn = this.checkIns.add(this.staff, this.gwen, DayOfWeek.THURSDAY, LocalTime.of(10, 0),
				"Check in and chat");
		Instant due = this.checkIns.list(this.shop).get(0).nextDueAt();
		ZonedDateTime local = due.atZone(LONDON);
		assertThat(local.getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
		assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
		assertThat(due).isAfter(this.clock.instant()).isBefore(this.clock.instant().plus(Duration.ofDays(7)));

		moveTo(due.minusSeconds(60));
		this.checkIns.openDue();
		assertThat(checksOfThisShop()).as("not yet").isZero();
		moveTo(due.plusSeconds(30));
		this.checkIns.openDue();
		this.checkIns.openDue();
		assertThat(checksOfThisShop()).as("one check, however often the task runs").isEqualTo(1);

		List<Check> open = this.checks.checks(this.shop, true, 10);
		assertThat(open).singleElement().satisfies((c) -> {
			assertThat(c.reason()).isEqualTo("SCHEDULED");
			assertThat(c.customer().id()).isEqualTo(this.gwen);
			assertThat(this.checkIns.noteOf(this.shop, c.id())).isEqualTo("Check in and chat");
		});
		Instant nextWeek = due.atZone(LONDON).plusWeeks(1).toInstant();
		assertThat(this.checkIns.list(this.shop).get(0).nextDueAt()).isEqualTo(nextWeek);
		this.checks.record(this.staff, open.get(0).currentStep().id(), Outcome.ALL_WELL, null);

		moveTo(nextWeek.plusSeconds(60));
		this.checkIns.openDue();
		assertThat(checksOfThisShop()).as("next week again").isEqualTo(2);
		this.checkIns.end(this.staff, checkIn);
		moveTo(nextWeek.atZone(LONDON).plusWeeks(1).toInstant().plusSeconds(60));
		this.checkIns.openDue();
		assertThat(checksOfThisShop()).as("stopped").isEqualTo(2);
		assertThat(this.checkIns.list(this.shop)).isEmpty();
	}

	@Test
	void afterTheAppWasStoppedForWeeksOneLateCheckOpensNotOnePerMissedWeek() {
		UUID checkIn = this.checkIns.add(this.staff, this.gwen, DayOfWeek.THURSDAY, LocalTime.of(10, 0), null);
		Instant due = this.checkIns.list(this.shop).get(0).nextDueAt();
		moveTo(due.plus(Duration.ofDays(22)));

		this.checkIns.openDue();
		this.checkIns.openDue();

		assertThat(checksOfThisShop()).isEqualTo(1);
		assertThat(this.checkIns.list(this.shop).get(0).nextDueAt())
			.isEqualTo(due.atZone(LONDON).plusWeeks(4).toInstant());
		this.checkIns.end(this.staff, checkIn);
	}

	private void moveTo(Instant when) {
		assertThat(when).as("the test clock only moves forward").isAfterOrEqualTo(this.clock.instant());
		this.clock.advance(Duration.between(this.clock.instant(), when));
	}

	private long checksOfThisShop() {
		return this.jdbc.sql("select count(*) from welfare_check where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	@Test
	void tenOClockStaysTenOClockWhenTheClocksGoForward() {
		// British Summer Time starts on Sunday 28 March 2027: 10:00 local is then 09:00
		// UTC.
		Instant next = CheckIns.nextAfter(Instant.parse("2027-03-26T12:00:00Z"), DayOfWeek.THURSDAY,
				LocalTime.of(10, 0), LONDON);
		assertThat(next).isEqualTo(Instant.parse("2027-04-01T09:00:00Z"));
	}

	@Test
	void twoInstancesRunningTheTaskAtOnceOpenOneCheck() throws Exception {
		UUID checkIn = this.checkIns.add(this.staff, this.gwen, DayOfWeek.THURSDAY, LocalTime.of(10, 0), null);
		moveTo(this.checkIns.list(this.shop).get(0).nextDueAt().plusSeconds(30));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
		List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			runs.add(pool.submit(() -> {
				go.await();
				return this.checkIns.openDue();
			}));
		}
		go.countDown();
		for (java.util.concurrent.Future<Integer> run : runs) {
			run.get();
		}
		pool.shutdown();
		assertThat(checksOfThisShop()).isEqualTo(1);
		this.checkIns.end(this.staff, checkIn);
	}

	@Test
	void aCheckInNeedsACustomerOfThisShopADayATimeAndAShortNote() {
		ShopId elsewhere = TestShops.create(this.jdbc);
		ShopUser stranger = TestShops.user(elsewhere, Role.STAFF);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> this.checkIns.add(stranger, this.gwen, DayOfWeek.MONDAY, LocalTime.of(10, 0), null))
			.isInstanceOfSatisfying(Refused.class, (ex) -> assertThat(ex.field()).isEqualTo("customerId"));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checkIns.add(this.staff, this.gwen, DayOfWeek.MONDAY, null, null))
			.isInstanceOfSatisfying(Refused.class, (ex) -> assertThat(ex.field()).isEqualTo("at"));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checkIns.add(this.staff, this.gwen, DayOfWeek.MONDAY, LocalTime.NOON,
					"x".repeat(CheckIns.NOTE_LENGTH + 1)))
			.isInstanceOfSatisfying(Refused.class, (ex) -> assertThat(ex.field()).isEqualTo("note"));
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checkIns.add(TestShops.user(this.shop, Role.VOLUNTEER), this.gwen,
					DayOfWeek.MONDAY, LocalTime.NOON, null))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThat(this.checkIns.list(this.shop)).isEmpty();
	}

	@Test
	void aPopRoundIsOfferedToDbsCheckedVolunteersWhoMayTakeItAndSayWhatTheyFound() {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		UUID checkedAccount = this.accounts.create(this.shop, "vol-" + UUID.randomUUID(), "Menna Cadwgan",
				Role.VOLUNTEER, "a long enough password");
		ShopUser checked = new ShopUser(checkedAccount, this.shop, "menna", "Menna Cadwgan", Role.VOLUNTEER, null);
		UUID menna = this.team.addMember(owner,
				new app.extramile.team.Team.MemberDetails("Menna Cadwgan", null, null, checkedAccount, null, null));
		this.team.grantSkill(owner, menna, app.extramile.team.Skill.DBS_CHECKED,
				LocalDate.now(this.clock).plusYears(2));
		UUID lapsedAccount = this.accounts.create(this.shop, "vol-" + UUID.randomUUID(), "Huw Lapsed", Role.VOLUNTEER,
				"a long enough password");
		ShopUser lapsed = new ShopUser(lapsedAccount, this.shop, "huw", "Huw Lapsed", Role.VOLUNTEER, null);
		UUID huw = this.team.addMember(owner,
				new app.extramile.team.Team.MemberDetails("Huw Lapsed", null, null, lapsedAccount, null, null));
		this.team.grantSkill(owner, huw, app.extramile.team.Skill.DBS_CHECKED, LocalDate.now(this.clock).minusDays(1));

		UUID id = this.checks.openByHand(this.staff, this.gwen);
		for (int i = 0; i < 3; i++) {
			this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null);
		}
		Step popRound = check(id).currentStep();
		assertThat(popRound.kind()).isEqualTo(StepKind.POP_ROUND);

		assertThat(this.checks.tasksFor(checked)).extracting(Step::id).containsExactly(popRound.id());
		assertThat(this.checks.tasksFor(lapsed)).as("DBS check out of date").isEmpty();
		assertThat(notifications("welfare:" + popRound.id() + ":ask:" + checkedAccount)).contains("IN_APP");
		assertThat(notifications("welfare:" + popRound.id() + ":ask:" + lapsedAccount)).isEmpty();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.checks.accept(lapsed, popRound.id()))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

		assertThat(this.checks.accept(checked, popRound.id())).isTrue();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checks.record(checked, popRound.id(), Outcome.IN_HOSPITAL, null))
			.as("hospital and away are for staff to record")
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThat(this.checks.record(checked, popRound.id(), Outcome.ALL_WELL, null)).isTrue();
		assertThat(check(id).open()).isFalse();
		assertThat(check(id).outcome()).isEqualTo(Outcome.ALL_WELL);
	}

	@Test
	void volunteersWithoutADbsCheckTakeNoStepAtAll() {
		UUID account = this.accounts.create(this.shop, "vol-" + UUID.randomUUID(), "Dai Newcomer", Role.VOLUNTEER,
				"a long enough password");
		ShopUser volunteer = new ShopUser(account, this.shop, "dai", "Dai Newcomer", Role.VOLUNTEER, null);
		UUID id = this.checks.openByHand(this.staff, this.gwen);

		assertThat(this.checks.tasksFor(volunteer)).isEmpty();
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checks.accept(volunteer, check(id).currentStep().id()))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> this.checks.record(volunteer, check(id).currentStep().id(), Outcome.ALL_WELL, null))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
	}

	@Test
	void theOwnerSetsHowLongEachStepMayTakeAndNewStepsFollowIt() {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		java.util.Map<StepKind, Integer> minutes = new java.util.EnumMap<>(StepKind.class);
		minutes.put(StepKind.RING_CUSTOMER, 15);
		minutes.put(StepKind.RING_CONTACT, 20);
		minutes.put(StepKind.POP_ROUND, 90);
		minutes.put(StepKind.EMERGENCY, 5);
		this.deadlines.update(owner, minutes);

		UUID id = this.checks.openByHand(this.staff, this.gwen);
		assertThat(check(id).currentStep().dueAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)));
		this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null);
		assertThat(check(id).currentStep().dueAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(20)));

		minutes.put(StepKind.POP_ROUND, 4);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.deadlines.update(owner, minutes))
			.isInstanceOfSatisfying(Refused.class, (ex) -> assertThat(ex.field()).isEqualTo(StepKind.POP_ROUND.name()));
		assertThat(this.deadlines.allowed(this.shop, StepKind.POP_ROUND)).as("nothing stored from a refused change")
			.isEqualTo(Duration.ofMinutes(90));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.deadlines.update(this.staff, minutes))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThat(this.deadlines.allowed(TestShops.create(this.jdbc), StepKind.RING_CUSTOMER))
			.as("another shop keeps the default")
			.isEqualTo(StepKind.RING_CUSTOMER.allowed());
	}

	@Test
	void theLadderFollowsHerPlan() {
		Check check = check(this.checks.openByHand(this.staff, this.gwen));

		assertThat(check.steps()).extracting(Step::kind)
			.containsExactly(StepKind.RING_CUSTOMER, StepKind.RING_CONTACT, StepKind.RING_CONTACT, StepKind.POP_ROUND,
					StepKind.EMERGENCY);
		assertThat(check.steps()).extracting(Step::contactName).containsExactly(null, "Nia", "Huw", null, null);
		assertThat(check.currentStep().kind()).isEqualTo(StepKind.RING_CUSTOMER);
		assertThat(check.currentStep().dueAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
		assertThat(this.checks.openByHand(this.other, this.gwen)).as("one open check at a time").isEqualTo(check.id());
	}

	@Test
	void noAnswerMovesOnAndAllWellResolvesAndCountsAsSeen() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		assertThat(this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null)).isTrue();
		Step nia = check(id).currentStep();
		assertThat(nia.contactName()).isEqualTo("Nia");

		assertThat(this.checks.record(this.staff, nia.id(), Outcome.ALL_WELL, null)).isTrue();

		Check resolved = check(id);
		assertThat(resolved.open()).isFalse();
		assertThat(resolved.outcome()).isEqualTo(Outcome.ALL_WELL);
		assertThat(resolved.steps()).extracting(Step::status)
			.containsExactly("DONE", "DONE", "CANCELLED", "CANCELLED", "CANCELLED");
		assertThat(this.jdbc.sql("select how from customer_seen where customer_id = ?")
			.param(this.gwen.value())
			.query(String.class)
			.single()).isEqualTo("WELFARE_CHECK");
		assertThat(this.checks.record(this.other, nia.id(), Outcome.NO_ANSWER, null)).as("already done").isFalse();
	}

	@Test
	void resolvingACheckDealsWithItsNoticesForEveryone() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		this.clock.advance(Duration.ofMinutes(31));
		this.checks.processDeadlines();
		assertThat(waitingNotices()).as("the owner was asked, and reminded").isGreaterThanOrEqualTo(2);

		assertThat(this.checks.record(this.staff, check(id).currentStep().id(), Outcome.ALL_WELL, null)).isTrue();

		assertThat(waitingNotices()).as("resolved: its notices wait for nobody").isZero();
	}

	private long waitingNotices() {
		return this.jdbc.sql("""
				select count(*) from notification where shop_id = ? and channel = 'IN_APP'
				  and dealt_with_at is null and dedup_key like 'welfare:%'""")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	@Test
	void anOverdueStepIsRemindedThenEscalatedExactlyOnce() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		Step first = check(id).currentStep();

		this.clock.advance(Duration.ofMinutes(31));
		this.checks.processDeadlines();
		Step reminded = check(id).currentStep();
		assertThat(reminded.id()).isEqualTo(first.id());
		assertThat(reminded.remindedAt()).isEqualTo(this.clock.instant());
		this.clock.advance(Duration.ofMinutes(1));
		this.checks.processDeadlines();
		assertThat(check(id).currentStep()).as("a second run changes nothing").isEqualTo(reminded);

		this.clock.advance(WelfareChecks.GRACE.plusMinutes(1));
		this.checks.processDeadlines();
		Step next = check(id).currentStep();
		this.checks.processDeadlines();
		assertThat(check(id).currentStep()).as("escalated once").isEqualTo(next);
		Check moved = check(id);
		assertThat(moved.steps().get(0).status()).isEqualTo("ESCALATED");
		assertThat(notifications("welfare:" + first.id() + ":reminder:%")).as("reminded once, in the app")
			.containsExactly("IN_APP");
		assertThat(notifications("welfare:" + first.id() + ":escalated:%")).as("the owner told once per channel")
			.containsExactlyInAnyOrder("IN_APP", "EMAIL");
		assertThat(moved.currentStep().contactName()).isEqualTo("Nia");
		assertThat(this.checks.record(this.staff, first.id(), Outcome.ALL_WELL, null)).as("too late").isFalse();
	}

	@Test
	void whenNobodyAcceptsThePopRoundItEscalatesToEmergencyGuidance() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		for (int i = 0; i < 3; i++) {
			this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null);
		}
		Step popRound = check(id).currentStep();
		assertThat(popRound.kind()).isEqualTo(StepKind.POP_ROUND);
		assertThat(notifications("welfare:" + popRound.id() + ":ask:%")).as("offered by text and in the app")
			.containsExactlyInAnyOrder("IN_APP", "SMS");
		assertThat(this.jdbc.sql("select first_name from notification where dedup_key like ?")
			.param("welfare:" + popRound.id() + ":ask:%")
			.query(String.class)
			.list()).as("only her first name travels").containsOnly("Gwen");
		assertThat(this.checks.tasksFor(this.other)).extracting(Step::id).contains(popRound.id());
		this.checks.decline(this.other, popRound.id());
		assertThat(this.checks.tasksFor(this.other)).extracting(Step::id).doesNotContain(popRound.id());

		this.clock.advance(Duration.ofMinutes(61));
		this.checks.processDeadlines();
		this.clock.advance(WelfareChecks.GRACE.plusMinutes(1));
		this.checks.processDeadlines();

		assertThat(check(id).currentStep().kind()).isEqualTo(StepKind.EMERGENCY);
	}

	@Test
	void theFirstToAcceptAPopRoundGetsIt() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		for (int i = 0; i < 3; i++) {
			this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null);
		}
		Step popRound = check(id).currentStep();

		assertThat(this.checks.accept(this.other, popRound.id())).isTrue();
		assertThat(this.checks.accept(this.staff, popRound.id())).isFalse();
		assertThat(check(id).currentStep().assignee()).isEqualTo(this.other.accountId());
	}

	@Test
	void awayRecordsAnAwayNotice() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		LocalDate until = LocalDate.of(2026, 12, 1);

		this.checks.record(this.staff, check(id).currentStep().id(), Outcome.AWAY, until);

		assertThat(this.awayNotices.of(this.shop, this.gwen, LocalDate.of(2026, 11, 24))).singleElement()
			.satisfies((away) -> assertThat(away.to()).isEqualTo(until));
	}

	@Test
	void needsHelpSaysWhatHelpAndBecomesAnErrandSayingIt() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		UUID step = check(id).currentStep().id();

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.checks.record(this.staff, step, Outcome.NEEDS_HELP, null, "  "))
			.isInstanceOf(Refused.class)
			.satisfies((ex) -> assertThat(((Refused) ex).field()).isEqualTo("help"));
		assertThat(check(id).open()).as("nothing recorded").isTrue();

		assertThat(this.checks.record(this.staff, step, Outcome.NEEDS_HELP, null,
				" Shopping, and a prescription from the surgery "))
			.isTrue();

		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("select count(*) from errand where shop_id = ? and customer_id = ?")
				.params(this.shop.value(), this.gwen.value())
				.query(Integer.class)
				.single() == 1);
		assertThat(this.jdbc.sql("select items from errand where shop_id = ? and customer_id = ?")
			.params(this.shop.value(), this.gwen.value())
			.query(String.class)
			.single()).isEqualTo("Shopping, and a prescription from the surgery");
	}

	@Test
	void aRedAbsenceStartsOneCheckWhenSheAgreedToChecks() {
		AbsenceNoticed noticed = new AbsenceNoticed(this.shop, this.gwen, START.minus(Duration.ofDays(3)), 0.001,
				Level.RED, START);

		this.checks.startFor(noticed);
		this.checks.startFor(noticed);

		assertThat(this.checks.checks(this.shop, true, 10)).hasSize(1);
	}

	@Test
	void noAutomaticCheckWithoutConsentToChecks() {
		this.consents.record(this.staff, this.gwen, false, true, true, "changed her mind");

		this.checks
			.on(new AbsenceNoticed(this.shop, this.gwen, START.minus(Duration.ofDays(3)), 0.001, Level.RED, START));

		assertThat(this.checks.checks(this.shop, true, 10)).isEmpty();
	}

	// --- Consent withdrawn

	@Autowired
	app.extramile.absences.AbsenceSweep sweep;

	@Autowired
	app.extramile.visits.VisitBatches visitBatches;

	/** A weekday regular, in at 9 every weekday for half a year until {@code lastDay}. */
	private CustomerId weekdayRegular(String name, LocalDate lastDay) {
		CustomerId id = this.customers.register(this.shop, new CustomerDetails(null, name, null, "01970 600009", null,
				null, null, null, null, null, null, null, List.of()));
		this.consents.record(this.staff, id, true, true, true, "spoken");
		List<app.extramile.visits.VisitBatches.IncomingVisit> history = new java.util.ArrayList<>();
		for (LocalDate day = lastDay.minusDays(180); !day.isAfter(lastDay); day = day.plusDays(1)) {
			if (day.getDayOfWeek().getValue() <= 5) {
				Instant at = day.atTime(9, 5).atZone(LONDON).toInstant();
				history.add(new app.extramile.visits.VisitBatches.IncomingVisit(name + ":" + at, id, at, null));
			}
		}
		this.visitBatches.add(this.shop, app.extramile.visits.Visit.Source.IMPORT, history);
		return id;
	}

	private long checksOf(CustomerId customer) {
		return this.jdbc.sql("select count(*) from welfare_check where shop_id = ? and customer_id = ?")
			.params(this.shop.value(), customer.value())
			.query(Long.class)
			.single();
	}

	@Test
	void aSweepAfterConsentIsWithdrawnOpensNoCheckForHer() {
		CustomerId withdrawn = weekdayRegular("Mair Withdrew", LocalDate.of(2026, 11, 16));
		CustomerId agreed = weekdayRegular("Ceri Agreed", LocalDate.of(2026, 11, 16));
		this.consents.revoke(this.staff, withdrawn);

		this.sweep.sweep(this.shop, LocalDate.of(2026, 11, 24).atTime(18, 0).atZone(LONDON).toInstant());

		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.alias("the sweep noticed both; the one who agreed gets her check")
			.until(() -> checksOf(agreed) == 1);
		assertThat(checksOf(withdrawn)).as("none for the one who withdrew consent").isZero();
	}

	@Test
	void aRegularCheckInOpensNoCheckOnceConsentIsWithdrawn() {
		this.checkIns.add(this.staff, this.gwen, DayOfWeek.THURSDAY, LocalTime.of(10, 0), "Check in and chat");
		Instant due = this.checkIns.list(this.shop).get(0).nextDueAt();
		this.consents.record(this.staff, this.gwen, false, true, true, "no more checks, please");

		moveTo(due.plusSeconds(30));
		this.checkIns.openDue();

		assertThat(checksOfThisShop()).isZero();
	}

	@Test
	void withdrawingConsentClosesTheCheckTheSystemOpenedAndForgetsHerContacts() {
		this.checks.startFor(
				new AbsenceNoticed(this.shop, this.gwen, START.minus(Duration.ofDays(3)), 0.001, Level.RED, START));
		UUID id = this.checks.checks(this.shop, true, 10).get(0).id();
		this.checkIns.add(this.staff, this.gwen, DayOfWeek.THURSDAY, LocalTime.of(10, 0), null);

		this.consents.revoke(this.staff, this.gwen);

		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !check(id).open());
		assertThat(check(id).outcome()).isEqualTo(Outcome.CONSENT_WITHDRAWN);
		assertThat(check(id).steps()).allSatisfy((s) -> assertThat(s.status()).isIn("CANCELLED", "DONE", "ESCALATED"));
		assertThat(check(id).steps()).filteredOn((s) -> s.kind() == StepKind.RING_CONTACT)
			.hasSize(2)
			.allSatisfy((s) -> {
				assertThat(s.contactName()).isNull();
				assertThat(s.contactPhone()).isNull();
			});
		assertThat(this.checkIns.list(this.shop)).as("her regular check-ins end").isEmpty();
		assertThat(this.checks.openCount(this.shop)).isZero();
		org.assertj.core.api.Assertions.assertThatThrownBy(
				() -> this.checks.record(this.staff, check(id).steps().get(0).id(), Outcome.CONSENT_WITHDRAWN, null))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
	}

	@Test
	void aCheckOpenedByHandWalksOnWithoutTheContactsSheNoLongerAgreesToUs() {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		this.checks.record(this.staff, check(id).currentStep().id(), Outcome.NO_ANSWER, null);
		assertThat(check(id).currentStep().kind()).isEqualTo(StepKind.RING_CONTACT);

		this.consents.record(this.staff, this.gwen, true, false, true, "not the neighbours any more");

		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> check(id).currentStep() != null && check(id).currentStep().kind() == StepKind.POP_ROUND);
		assertThat(check(id).open()).isTrue();
		assertThat(check(id).steps()).filteredOn((s) -> s.kind() == StepKind.RING_CONTACT).allSatisfy((s) -> {
			assertThat(s.status()).isEqualTo("CANCELLED");
			assertThat(s.contactName()).isNull();
		});
	}

	private List<String> notifications(String keyPattern) {
		return this.jdbc.sql("select channel from notification where shop_id = ? and dedup_key like ?")
			.params(this.shop.value(), keyPattern)
			.query(String.class)
			.list();
	}

}
