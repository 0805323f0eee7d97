package app.extramile.team;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owners hear of a DBS check running out a month ahead, once, on H2.
 */
@AppTest
class SkillExpiryWarningsTests {

	@Autowired
	SkillExpiryWarnings warnings;

	@Autowired
	Team team;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void ownersAreWarnedOnceAMonthBeforeADbsCheckLapses() {
		ShopId shop = TestShops.create(this.jdbc);
		UUID owner = this.accounts.create(shop, "owner-" + UUID.randomUUID(), "Eleri Prydderch", Role.OWNER,
				"a long enough password");
		this.accounts.updateContactDetails(shop, owner, "eleri@example.org", null);
		UUID nia = this.team.addMember(TestShops.user(shop, Role.OWNER),
				new Team.MemberDetails("Nia Morgan", null, null, null, null, null));
		LocalDate today = LocalDate.now(this.clock);
		this.team.grantSkill(TestShops.user(shop, Role.OWNER), nia, Skill.DBS_CHECKED, today.plusDays(45));

		this.warnings.warn();
		assertThat(warningsFor(shop)).as("45 days ahead: not yet").isEmpty();

		this.clock.advance(Duration.ofDays(16));
		this.warnings.warn();
		this.warnings.warn();

		assertThat(warningsFor(shop)).containsExactlyInAnyOrder("IN_APP", "EMAIL");
		assertThat(this.jdbc.sql("select ask_key from notification where shop_id = ?")
			.param(shop.value())
			.query(String.class)
			.list()).containsOnly("notify.ask.expiry.dbs-checked");
	}

	private List<String> warningsFor(ShopId shop) {
		return this.jdbc.sql("select channel from notification where shop_id = ? and dedup_key like 'skill-expiry:%'")
			.param(shop.value())
			.query(String.class)
			.list();
	}

}
