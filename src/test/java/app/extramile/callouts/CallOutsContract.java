package app.extramile.callouts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * All hands on deck, on H2 and PostgreSQL (subclasses), with a clock moved by hand.
 */
abstract class CallOutsContract {

	@Autowired
	CallOuts callOuts;

	@Autowired
	Team team;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser owner;

	UUID fete;

	UUID teaTent;

	@BeforeEach
	void aFeteWithATeaTent() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.fete = this.callOuts.post(this.owner, "Village fete", "The green", null);
		Instant saturday = this.clock.instant().plus(Duration.ofDays(4));
		this.teaTent = this.callOuts.addSlot(this.owner, this.fete, "Tea tent", saturday,
				saturday.plus(Duration.ofHours(2)), 3, null);
	}

	UUID member(String name, String mobile) {
		return this.team.addMember(this.owner, new Team.MemberDetails(name, mobile, null, null, null, null));
	}

	@Test
	void aSlotTakesNoMoreThanItNeedsWhenManySignUpAtOnce() throws Exception {
		List<UUID> people = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			people.add(member("Helper" + i + " Jones", null));
		}
		ExecutorService pool = Executors.newFixedThreadPool(10);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		for (UUID person : people) {
			results.add(pool.submit(() -> {
				go.await();
				try {
					this.callOuts.signUp(this.shop, person, this.teaTent, true);
					return true;
				}
				catch (Refused ex) {
					assertThat(ex.messageKey()).isEqualTo("callouts.refused.full");
					return false;
				}
			}));
		}
		go.countDown();
		int signedUp = 0;
		for (Future<Boolean> result : results) {
			signedUp += result.get() ? 1 : 0;
		}
		pool.shutdown();

		assertThat(signedUp).isEqualTo(3);
		CallOuts.Slot slot = this.callOuts.get(this.shop, this.fete).slots().get(0);
		assertThat(slot.people()).hasSize(3);
		assertThat(slot.full()).isTrue();
		assertThat(this.callOuts.get(this.shop, this.fete).gaps()).isZero();
	}

	@Test
	void gapsShowAndSigningUpTwiceCountsOnce() {
		UUID nia = member("Nia Morgan", null);
		this.callOuts.signUp(this.shop, nia, this.teaTent, false);
		this.callOuts.signUp(this.shop, nia, this.teaTent, false);

		CallOuts.CallOut callOut = this.callOuts.get(this.shop, this.fete);
		assertThat(callOut.gaps()).isEqualTo(2);
		assertThat(callOut.slots().get(0).people()).containsValue("Nia Morgan").hasSize(1);

		this.callOuts.withdraw(this.shop, nia, this.teaTent);
		assertThat(this.callOuts.get(this.shop, this.fete).gaps()).isEqualTo(3);
	}

	@Test
	void todayListsTheGapsAheadAndTheSlotsEachPersonCanTake() {
		Instant saturday = this.clock.instant().plus(Duration.ofDays(4));
		UUID van = this.callOuts.addSlot(this.owner, this.fete, "Burger van", saturday,
				saturday.plus(Duration.ofHours(3)), 2, Skill.FOOD_HYGIENE);
		ShopUser eleri = TestShops.user(this.shop, Role.VOLUNTEER);
		UUID eleriMember = this.team.addMember(this.owner,
				new Team.MemberDetails("Eleri Current", null, null, eleri.accountId(), null, null));
		this.team.grantSkill(this.owner, eleriMember, Skill.FOOD_HYGIENE, LocalDate.now(this.clock).plusYears(1));
		ShopUser dai = TestShops.user(this.shop, Role.VOLUNTEER);
		this.team.addMember(this.owner, new Team.MemberDetails("Dai None", null, null, dai.accountId(), null, null));

		assertThat(this.callOuts.withGaps(this.shop)).singleElement()
			.satisfies((c) -> assertThat(c.gaps()).isEqualTo(5));
		assertThat(this.callOuts.openTo(dai)).singleElement()
			.satisfies((c) -> assertThat(c.slots()).extracting(CallOuts.Slot::id).containsExactly(this.teaTent));

		this.callOuts.signUp(this.shop, eleriMember, this.teaTent, false);
		assertThat(this.callOuts.openTo(eleri)).singleElement()
			.satisfies((c) -> assertThat(c.slots()).extracting(CallOuts.Slot::id).containsExactly(van));
		assertThat(this.callOuts.openTo(TestShops.user(this.shop, Role.VOLUNTEER))).isEmpty();
		assertThat(this.callOuts.withGaps(TestShops.create(this.jdbc))).isEmpty();
	}

	@Test
	void aSlotThatNeedsASkillTakesOnlyPeopleWhoseSkillIsInDate() {
		Instant saturday = this.clock.instant().plus(Duration.ofDays(4));
		UUID kitchen = this.callOuts.addSlot(this.owner, this.fete, "Burger van", saturday,
				saturday.plus(Duration.ofHours(3)), 2, Skill.FOOD_HYGIENE);
		UUID lapsed = member("Huw Lapsed", null);
		this.team.grantSkill(this.owner, lapsed, Skill.FOOD_HYGIENE, LocalDate.now(this.clock).plusDays(1));
		UUID current = member("Eleri Current", null);
		this.team.grantSkill(this.owner, current, Skill.FOOD_HYGIENE, LocalDate.now(this.clock).plusYears(1));
		UUID none = member("Dai None", null);

		assertThatThrownBy(() -> this.callOuts.signUp(this.shop, lapsed, kitchen, false)).isInstanceOfSatisfying(
				Refused.class, (ex) -> assertThat(ex.messageKey()).isEqualTo("callouts.refused.skill.FOOD_HYGIENE"));
		assertThatThrownBy(() -> this.callOuts.signUp(this.shop, none, kitchen, false)).isInstanceOf(Refused.class);
		this.callOuts.signUp(this.shop, current, kitchen, false);
		assertThat(this.callOuts.get(this.shop, this.fete).slots()).filteredOn((s) -> s.id().equals(kitchen))
			.singleElement()
			.satisfies((s) -> assertThat(s.people()).containsOnlyKeys(current));
	}

	@Test
	void everyoneGetsTheirOwnLinkByTextOnceAndTheLinkSignsThemUp() {
		UUID nia = member("Nia Morgan", "07700 900555");
		member("Dai Nophone", null);

		List<app.extramile.team.TeamMember> unreachable = this.callOuts.invite(this.owner, this.fete);
		assertThat(unreachable).extracting(app.extramile.team.TeamMember::name).containsExactly("Dai Nophone");
		this.callOuts.invite(this.owner, this.fete);
		List<String> links = this.jdbc.sql("""
				select link_path from notification where shop_id = ? and channel = 'SMS'
				and dedup_key like 'callout:%'""").param(this.shop.value()).query(String.class).list();
		assertThat(links).as("one text, however often the owner presses").hasSize(1);
		String token = links.get(0).substring("/c/".length());

		CallOuts.Link link = this.callOuts.link(token).orElseThrow();
		assertThat(link.memberId()).isEqualTo(nia);
		assertThat(link.shop()).isEqualTo(this.shop);
		this.callOuts.signUp(link.shop(), link.memberId(), this.teaTent, true);
		assertThat(this.callOuts.get(this.shop, this.fete).slots().get(0).people()).containsOnlyKeys(nia);
		assertThat(this.callOuts.link("c_" + "x".repeat(32))).isEmpty();
		assertThat(this.callOuts.link(null)).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from call_out_link where token_hash = ?")
			.param(token)
			.query(Long.class)
			.single()).as("only the hash is stored").isZero();
	}

	@Test
	void theDayBeforeEachHelperIsRemindedOnce() {
		UUID nia = member("Nia Morgan", "07700 900555");
		this.callOuts.invite(this.owner, this.fete);
		this.callOuts.signUp(this.shop, nia, this.teaTent, false);

		this.callOuts.sendReminders();
		assertThat(reminders()).as("not four days ahead").isZero();
		this.clock.advance(Duration.ofDays(3).plusHours(1));
		this.callOuts.sendReminders();
		this.callOuts.sendReminders();

		assertThat(reminders()).isEqualTo(1);
		String path = this.jdbc.sql("""
				select link_path from notification where shop_id = ? and dedup_key like 'callout-reminder:%'""")
			.param(this.shop.value())
			.query(String.class)
			.single();
		assertThat(path).startsWith("/c/");
		assertThat(this.callOuts.link(path.substring(3))).as("the reminder's link works")
			.hasValueSatisfying((l) -> assertThat(l.memberId()).isEqualTo(nia));
	}

	private long reminders() {
		return this.jdbc
			.sql("select count(*) from notification where shop_id = ? and dedup_key like 'callout-reminder:%'")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	@Test
	void badSlotsAreRefusedByTheField() {
		Instant at = this.clock.instant().plus(Duration.ofDays(2));
		assertRefused(() -> this.callOuts.addSlot(this.owner, this.fete, " ", at, at.plusSeconds(60), 1, null),
				"label");
		assertRefused(() -> this.callOuts.addSlot(this.owner, this.fete, "Car park", at, at, 1, null), "endsAt");
		assertRefused(() -> this.callOuts.addSlot(this.owner, this.fete, "Car park", null, at, 1, null), "startsAt");
		assertRefused(() -> this.callOuts.addSlot(this.owner, this.fete, "Car park", at, at.plusSeconds(60), 0, null),
				"needed");
		assertRefused(() -> this.callOuts.post(this.owner, "", null, null), "title");
		assertThatThrownBy(() -> this.callOuts.post(TestShops.user(this.shop, Role.VOLUNTEER), "Fete", null, null))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThat(this.callOuts.get(this.shop, this.fete).slots()).hasSize(1);
	}

	private static void assertRefused(Runnable call, String field) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(Refused.class,
				(ex) -> assertThat(ex.field()).isEqualTo(field));
	}

}
