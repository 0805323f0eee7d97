package app.extramile.welfare;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.absences.AbsenceNoticed;
import app.extramile.absences.Level;
import app.extramile.customers.Contact;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
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

	@Autowired
	WelfareChecks checks;

	@Autowired
	CustomerDirectory customers;

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
		this.customers.recordConsent(this.staff, this.gwen, true, true, true, "spoken");
		this.customers.addContact(this.staff, this.gwen, "Nia", Contact.Relationship.NEIGHBOUR, "01970 600002", true);
		this.customers.addContact(this.staff, this.gwen, "Huw", Contact.Relationship.FAMILY, "07700 900001", false);
	}

	private Check check(UUID id) {
		return this.checks.check(this.shop, id);
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

		assertThat(this.customers.awayNotices(this.shop, this.gwen, LocalDate.of(2026, 11, 24))).singleElement()
			.satisfies((away) -> assertThat(away.to()).isEqualTo(until));
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
		this.customers.recordConsent(this.staff, this.gwen, false, true, true, "changed her mind");

		this.checks
			.on(new AbsenceNoticed(this.shop, this.gwen, START.minus(Duration.ofDays(3)), 0.001, Level.RED, START));

		assertThat(this.checks.checks(this.shop, true, 10)).isEmpty();
	}

	private List<String> notifications(String keyPattern) {
		return this.jdbc.sql("select channel from notification where shop_id = ? and dedup_key like ?")
			.params(this.shop.value(), keyPattern)
			.query(String.class)
			.list();
	}

}
