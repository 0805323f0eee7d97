package app.extramile.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

import app.extramile.callouts.CallOuts;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shop;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's call-out: the fete on the Saturday after next, with set-up, the tea
 * tent (food hygiene) and the car park, and the demo volunteer already down for the car
 * park. Added once, after the team is seeded.
 */
@Component
class DemoCallOuts {

	private static final Logger log = LoggerFactory.getLogger(DemoCallOuts.class);

	private final Team team;

	private final CallOuts callOuts;

	private final Clock clock;

	DemoCallOuts(Team team, CallOuts callOuts, Clock clock) {
		this.team = team;
		this.callOuts = callOuts;
		this.clock = clock;
	}

	void seed(Shop shop) {
		if (!this.callOuts.open(shop.id()).isEmpty()) {
			return;
		}
		ShopUser owner = new ShopUser(UUID.randomUUID(), shop.id(), "demo", "Demo", Role.OWNER, null);
		ZoneId zone = shop.timeZone();
		LocalDate day = LocalDate.now(this.clock.withZone(zone))
			.plusWeeks(1)
			.with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
		UUID fete = this.callOuts.post(owner, "Village fete", "The green, by the chapel",
				"Aprons and tea urns are in the back room. Diolch!");
		this.callOuts.addSlot(owner, fete, "Setting up the stalls", at(day, 8, zone), at(day, 10, zone), 4, null);
		this.callOuts.addSlot(owner, fete, "Tea tent", at(day, 10, zone), at(day, 13, zone), 2, Skill.FOOD_HYGIENE);
		UUID carPark = this.callOuts.addSlot(owner, fete, "Car park", at(day, 10, zone), at(day, 12, zone), 2, null);
		for (TeamMember member : this.team.members(shop.id())) {
			if (member.has(Skill.FIRST_AID, day)) {
				this.callOuts.signUp(shop.id(), member.id(), carPark, false);
				break;
			}
		}
		log.info("Demo call-out seeded for shop {}", shop.id());
	}

	private static java.time.Instant at(LocalDate day, int hour, ZoneId zone) {
		return day.atTime(LocalTime.of(hour, 0)).atZone(zone).toInstant();
	}

}
