package app.extramile.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Shop;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's team: the demo volunteer (Menna) on duty at all hours, so a
 * simulated pendant press always reaches her phone page; Gethin (staff) on weekday days,
 * nearer the shop. Every demo account is on the team already (it joined with its login):
 * this adds their phones, homes, skills and hours, once the village exists and only when
 * the shop has no rota yet.
 */
@Component
class DemoTeam {

	private static final Logger log = LoggerFactory.getLogger(DemoTeam.class);

	private final Accounts accounts;

	private final Team team;

	DemoTeam(Accounts accounts, Team team) {
		this.accounts = accounts;
		this.team = team;
	}

	void seed(Shop shop) {
		if (!this.team.slots(shop.id()).isEmpty()) {
			return;
		}
		ShopUser staff = new ShopUser(UUID.randomUUID(), shop.id(), "demo", "Demo", Role.STAFF, null);
		for (Accounts.Member member : this.accounts.members(shop.id())) {
			if (member.username().equals("volunteer")) {
				UUID menna = this.team.addMember(staff, new Team.MemberDetails(member.displayName(), "07700 900123",
						null, member.id(), 52.4140, -4.0820));
				for (DayOfWeek day : DayOfWeek.values()) {
					this.team.addSlot(staff, menna, day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
				}
				this.team.grantSkill(staff, menna, Skill.FIRST_AID, null);
				this.team.grantSkill(staff, menna, Skill.KEYHOLDER, null);
				// DBS-checked, so she is offered the "pop round" step of a welfare check
				this.team.grantSkill(staff, menna, Skill.DBS_CHECKED, LocalDate.now(shop.timeZone()).plusYears(2));
			}
			else if (member.username().equals("staff")) {
				UUID gethin = this.team.addMember(staff, new Team.MemberDetails(member.displayName(), "07700 900124",
						null, member.id(), 52.4153, -4.0829));
				for (DayOfWeek day : new DayOfWeek[] { DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
						DayOfWeek.THURSDAY, DayOfWeek.FRIDAY }) {
					this.team.addSlot(staff, gethin, day, LocalTime.of(8, 0), LocalTime.of(18, 0));
				}
				this.team.grantSkill(staff, gethin, Skill.DRIVER, null);
			}
		}
		log.info("Demo team and rota seeded for shop {}", shop.id());
	}

}
