package app.extramile.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

import app.extramile.community.CommunityBoard;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's community board, seeded once the village exists: the village fete
 * (public) on the Saturday after next, a staff-only stocktake, a campaign for the air
 * ambulance with a few days' takings from the till, and a notice about Christmas hours.
 * Seeding twice adds nothing (the board is checked first, takings carry fixed keys).
 */
@Component
class DemoCommunity {

	static final String FETE = "Village Christmas fete";

	private static final Logger log = LoggerFactory.getLogger(DemoCommunity.class);

	private final CommunityBoard board;

	private final Clock clock;

	DemoCommunity(CommunityBoard board, Clock clock) {
		this.board = board;
		this.clock = clock;
	}

	void seed(Shop shop) {
		ShopUser staff = new ShopUser(
				UUID.nameUUIDFromBytes(("demo-staff:" + shop.id()).getBytes(StandardCharsets.UTF_8)), shop.id(),
				"staff", "Gethin Llwyd", Role.STAFF, null);
		LocalDate today = LocalDate.now(this.clock.withZone(shop.timeZone()));
		if (this.board.upcomingEvents(shop.id(), this.clock.instant(), false).isEmpty()) {
			LocalDate fete = today.with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).plusWeeks(1);
			this.board.addEvent(staff,
					new CommunityBoard.NewEvent(FETE, fete.atTime(LocalTime.of(11, 0)),
							fete.atTime(LocalTime.of(15, 0)), "Neuadd y Pentref, Stryd y Capel", "Pwyllgor y Neuadd",
							"Cakes, a tombola, carols by the school choir; Father Christmas from 1pm. "
									+ "All proceeds to the hall roof; the shop runs the tea stall.",
							true));
			LocalDate coffee = today.with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY));
			this.board.addEvent(staff, new CommunityBoard.NewEvent("Coffee morning for the air ambulance",
					coffee.atTime(10, 0), coffee.atTime(12, 0), Demo.NAME, Demo.NAME, null, true));
			this.board.addEvent(staff,
					new CommunityBoard.NewEvent("Stocktake (all hands)", today.plusDays(10).atTime(18, 0),
							today.plusDays(10).atTime(21, 0), "Back room", null, null, false));
			this.board.postNotice(staff, "Christmas hours: closed on Christmas Day, open 9 till 1 on Boxing Day.",
					LocalDate.of(today.getYear(), 12, 27), true);
			this.board.postNotice(staff, "Bread order for the fete in by Thursday, please.", null, false);
		}
		if (this.board.campaigns(shop.id(), false).isEmpty()) {
			UUID campaign = this.board.openCampaign(staff, "Wales Air Ambulance", 50000, true);
			long[] takings = { 3250, 1875, 4120, 2260, 5190 };
			for (int i = 0; i < takings.length; i++) {
				this.board.addTakings(staff, campaign, today.minusDays(7L * (takings.length - i)), takings[i],
						"demo:takings:" + i);
			}
		}
		log.info("Demo community board seeded for shop {}", shop.id());
	}

}
