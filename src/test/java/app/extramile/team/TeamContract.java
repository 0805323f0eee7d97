package app.extramile.team;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The team's rota answers "who is on duty" from a weekly pattern in the shop's time zone
 * (Europe/London) and one-off changes. Run on H2 and PostgreSQL by the subclasses.
 */
abstract class TeamContract {

	/** Tuesday 24 November 2026, 10:00 in London (GMT). */
	static final Instant TUESDAY_10 = HandMovedClock.START;

	@Autowired
	Team team;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Accounts accounts;

	ShopId shop;

	ShopUser staff;

	UUID nia;

	UUID huw;

	UUID eleri;

	@BeforeEach
	void aTeam() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.nia = this.team.addMember(this.staff,
				new Team.MemberDetails("Nia Jones", "07700 900001", null, null, 52.4150, -4.0830));
		this.huw = this.team.addMember(this.staff,
				new Team.MemberDetails("Huw Evans", "07700 900002", "huw@example.org", null, 52.5000, -4.0500));
		this.eleri = this.team.addMember(this.staff, new Team.MemberDetails("Eleri", null, null, null, null, null));
	}

	@Test
	void theWeeklyPatternIsInTheShopsLocalTimeAndRunsOverMidnight() {
		this.team.addSlot(this.staff, this.nia, DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(17, 0));
		this.team.addSlot(this.staff, this.huw, DayOfWeek.TUESDAY, LocalTime.of(22, 0), LocalTime.of(7, 0));

		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10)).extracting(TeamMember::id).containsExactly(this.nia);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plus(Duration.ofHours(7))))
			.as("17:00 is the end, exclusive")
			.isEmpty();
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plus(Duration.ofHours(17))))
			.as("Wednesday 03:00 is in Tuesday's night slot")
			.extracting(TeamMember::id)
			.containsExactly(this.huw);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plus(Duration.ofHours(21)))).as("Wednesday 07:00")
			.isEmpty();
	}

	@Test
	void shiftsAndAvailabilityAreOnTheRotaButOnlyOnDutyCoverAnswersAlarms() {
		this.team.addSlot(this.staff, this.nia, RotaSlot.Kind.SHIFT, DayOfWeek.TUESDAY, LocalTime.of(8, 0),
				LocalTime.of(13, 0));
		UUID account = UUID.randomUUID();
		UUID dai = this.team.addMember(this.staff,
				new Team.MemberDetails("Dai Volunteer", "07700 900003", null, account, null, null));
		ShopUser daiHimself = new ShopUser(account, this.shop, "dai", "Dai Volunteer", Role.VOLUNTEER, null);
		UUID slot = this.team.addAvailability(daiHimself, DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(12, 0));

		assertThat(this.team.onShiftAt(this.shop, TUESDAY_10)).extracting(TeamMember::id).containsExactly(this.nia);
		assertThat(this.team.availableAt(this.shop, TUESDAY_10)).extracting(TeamMember::id).containsExactly(dai);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10)).as("a shift or availability is not alarm cover")
			.isEmpty();

		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.team.addAvailability(TestShops.user(this.shop, Role.VOLUNTEER),
					DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(10, 0)))
			.as("not on the team list")
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		this.team.removeAvailability(daiHimself, slot);
		assertThat(this.team.availableAt(this.shop, TUESDAY_10)).isEmpty();
	}

	@Test
	void summerTimeIsRespected() {
		this.team.addSlot(this.staff, this.nia, DayOfWeek.WEDNESDAY, LocalTime.of(9, 0), LocalTime.of(10, 0));
		Instant julyWednesday0830utc = Instant.parse("2026-07-01T08:30:00Z");
		assertThat(this.team.onDutyAt(this.shop, julyWednesday0830utc)).as("09:30 BST")
			.extracting(TeamMember::id)
			.containsExactly(this.nia);
	}

	@Test
	void sameStartAndEndCoversTwentyFourHours() {
		this.team.addSlot(this.staff, this.eleri, DayOfWeek.TUESDAY, LocalTime.of(8, 0), LocalTime.of(8, 0));
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10)).extracting(TeamMember::id).containsExactly(this.eleri);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plus(Duration.ofHours(21)))).as("Wednesday 07:00")
			.hasSize(1);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plus(Duration.ofHours(22)))).as("Wednesday 08:00")
			.isEmpty();
	}

	@Test
	void oneOffChangesTakeSomeoneOffAndCallSomeoneInFirst() {
		this.team.addSlot(this.staff, this.nia, DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(17, 0));
		this.team.addSlot(this.staff, this.huw, DayOfWeek.TUESDAY, LocalTime.of(9, 0), LocalTime.of(17, 0));
		this.team.addChange(this.staff, this.nia, false, TUESDAY_10.minusSeconds(60), TUESDAY_10.plusSeconds(3600));
		this.team.addChange(this.staff, this.eleri, true, TUESDAY_10, TUESDAY_10.plusSeconds(1800));

		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10)).extracting(TeamMember::id)
			.containsExactly(this.eleri, this.huw);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plusSeconds(1800))).as("Eleri's cover ended")
			.extracting(TeamMember::id)
			.containsExactly(this.huw);
		assertThat(this.team.onDutyAt(this.shop, TUESDAY_10.plusSeconds(3600))).as("Nia back")
			.extracting(TeamMember::id)
			.containsExactly(this.nia, this.huw);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.team.addChange(this.staff, this.nia, true, TUESDAY_10, TUESDAY_10));
	}

	@Test
	void nearestFirstWhenLocationsAreKnown() {
		this.team.addSlot(this.staff, this.eleri, DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(0, 0));
		this.team.addSlot(this.staff, this.nia, DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(0, 0));
		this.team.addSlot(this.staff, this.huw, DayOfWeek.TUESDAY, LocalTime.of(0, 0), LocalTime.of(0, 0));

		assertThat(this.team.onDutyNearest(this.shop, TUESDAY_10, 52.5010, -4.0510)).extracting(TeamMember::id)
			.as("Huw lives next door, Nia 10 km away, Eleri's home is unknown")
			.containsExactly(this.huw, this.nia, this.eleri);
		assertThat(this.team.onDutyNearest(this.shop, TUESDAY_10, null, null)).extracting(TeamMember::id)
			.as("rota order without a location")
			.containsExactly(this.nia, this.huw, this.eleri);
	}

	@Test
	void skillsLapseOnTheirExpiryDate() {
		LocalDate today = LocalDate.of(2026, 11, 24);
		this.team.grantSkill(this.staff, this.nia, Skill.DBS_CHECKED, today);
		this.team.grantSkill(this.staff, this.huw, Skill.DBS_CHECKED, today.minusDays(1));
		this.team.grantSkill(this.staff, this.huw, Skill.FIRST_AID, null);

		assertThat(this.team.withSkill(this.shop, Skill.DBS_CHECKED, TUESDAY_10)).extracting(TeamMember::id)
			.containsExactly(this.nia);
		assertThat(this.team.withSkill(this.shop, Skill.FIRST_AID, TUESDAY_10)).extracting(TeamMember::id)
			.containsExactly(this.huw);
		assertThat(this.team.member(this.shop, this.huw).orElseThrow().skills()).containsKeys(Skill.DBS_CHECKED,
				Skill.FIRST_AID);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.team.grantSkill(this.staff, this.eleri, Skill.DBS_CHECKED, null));
	}

	@Test
	void volunteersReadButDoNotManageAndShopsAreSeparate() {
		ShopUser volunteer = TestShops.user(this.shop, Role.VOLUNTEER);
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(
				() -> this.team.addMember(volunteer, new Team.MemberDetails("Someone", null, null, null, null, null)));
		ShopId other = TestShops.create(this.jdbc);
		assertThat(this.team.member(other, this.nia)).isEmpty();
		assertThat(this.team.members(other)).isEmpty();
		this.team.removeMember(this.staff, this.eleri);
		assertThat(this.team.members(this.shop)).extracting(TeamMember::id).containsExactly(this.nia, this.huw);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Team.MemberDetails("X", "not a phone", null, null, null, null))
			.withMessage("mobile");
	}

	@Test
	void aNewLoginJoinsTheTeamWithItsNameAndDetailsAndJoiningAgainAddsNothing() {
		UUID account = this.accounts.create(this.shop, "dai-" + UUID.randomUUID(), "Dai Prydderch", Role.VOLUNTEER,
				"a long enough sentence");

		TeamMember dai = this.team.memberForAccount(this.shop, account).orElseThrow();
		assertThat(dai.name()).isEqualTo("Dai Prydderch");
		assertThat(this.team.members(this.shop)).extracting(TeamMember::id)
			.as("after the members there were")
			.containsExactly(this.nia, this.huw, this.eleri, dai.id());

		assertThat(this.team.join(this.shop, account)).contains(dai.id());
		assertThat(this.team.join(this.shop, account)).contains(dai.id());
		assertThat(this.team.members(this.shop)).hasSize(4);
		assertThat(this.team.join(TestShops.create(this.jdbc), account)).as("another shop's login").isEmpty();
	}

	@Test
	void aLoginForSomeoneAlreadyOnTheTeamByNameIsLinkedToThemRatherThanAddedTwice() {
		this.team.grantSkill(this.staff, this.nia, Skill.FIRST_AID, null);
		UUID account = this.accounts.create(this.shop, "nia-" + UUID.randomUUID(), " nia jones ", Role.STAFF,
				"a long enough sentence");

		assertThat(this.team.memberForAccount(this.shop, account)).map(TeamMember::id).contains(this.nia);
		assertThat(this.team.members(this.shop)).hasSize(3);
		assertThat(this.team.member(this.shop, this.nia).orElseThrow().skills()).containsKey(Skill.FIRST_AID);
	}

	@Test
	void addingSomeoneWithALoginUpdatesTheMemberTheyAlreadyAre() {
		UUID account = this.accounts.create(this.shop, "menna-" + UUID.randomUUID(), "Menna Cadwgan", Role.VOLUNTEER,
				"a long enough sentence");
		UUID joined = this.team.memberForAccount(this.shop, account).orElseThrow().id();

		UUID added = this.team.addMember(this.staff,
				new Team.MemberDetails("Menna Cadwgan", "07700 900123", null, account, 52.414, -4.082));

		assertThat(added).isEqualTo(joined);
		assertThat(this.team.members(this.shop)).hasSize(4);
		TeamMember menna = this.team.member(this.shop, joined).orElseThrow();
		assertThat(menna.mobile()).isEqualTo("07700 900123");
		assertThat(menna.hasLocation()).isTrue();
	}

}
