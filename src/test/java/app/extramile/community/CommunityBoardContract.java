package app.extramile.community;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.community.CommunityEvents.CharityTakingsRecorded;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The community board on a real database (H2 and PostgreSQL by the subclasses): what is
 * public and what is not, exact takings that count once per key (also when sent at once),
 * refusals that store nothing, notices that expire, and shops kept apart.
 */
abstract class CommunityBoardContract {

	@Autowired
	CommunityBoard board;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	ConfigurableApplicationContext context;

	TakingsSeen seen;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void newShop() {
		this.clock.set(HandMovedClock.NOON);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.seen = TakingsSeen.listen(this.context);
	}

	@AfterEach
	void stopListening() {
		this.seen.stop();
	}

	UUID event(String title, LocalDateTime start, boolean shown) {
		return this.board.addEvent(this.staff,
				new CommunityBoard.NewEvent(title, start, start.plusHours(2), "Hall", "Committee", null, shown));
	}

	@Test
	void onlyPublicEventsThatHaveNotEndedAreShownPubliclyInLocalTime() {
		event("Fete", LocalDateTime.of(2026, 12, 5, 11, 0), true);
		event("Stocktake", LocalDateTime.of(2026, 12, 1, 18, 0), false);
		event("Last week's quiz", LocalDateTime.of(2026, 11, 17, 19, 0), true);
		event("Summer show", LocalDateTime.of(2027, 7, 4, 14, 0), true);

		List<CommunityEvent> shown = this.board.upcomingEvents(this.shop, this.clock.instant(), true);
		assertThat(shown).extracting(CommunityEvent::title).containsExactly("Fete", "Summer show");
		// 11:00 in London in December is 11:00 UTC; 14:00 in July is 13:00 UTC (summer
		// time).
		assertThat(shown.get(0).startsAt()).hasToString("2026-12-05T11:00:00Z");
		assertThat(shown.get(1).startsAt()).hasToString("2027-07-04T13:00:00Z");
		assertThat(this.board.upcomingEvents(this.shop, this.clock.instant(), false)).hasSize(3);
		assertThat(this.board.publicEvents(this.shop)).extracting(CommunityEvent::title)
			.containsExactly("Last week's quiz", "Fete", "Summer show");
	}

	@Test
	void anotherShopSeesNoneOfIt() {
		event("Fete", LocalDateTime.of(2026, 12, 5, 11, 0), true);
		this.board.openCampaign(this.staff, "Air ambulance", 50000, true);
		this.board.postNotice(this.staff, "Closed Monday", null, true);
		ShopId other = TestShops.create(this.jdbc);

		assertThat(this.board.upcomingEvents(other, this.clock.instant(), false)).isEmpty();
		assertThat(this.board.campaigns(other, false)).isEmpty();
		assertThat(this.board.currentNotices(other, false)).isEmpty();
	}

	@Test
	void takingsAddUpExactlyAndTheSameKeyCountsOnce() {
		UUID campaign = this.board.openCampaign(this.staff, "Air ambulance", 50000, true);
		LocalDate today = LocalDate.of(2026, 11, 24);
		UUID first = this.board.addTakings(this.staff, campaign, today.minusDays(1), 1234, "till-1");
		UUID again = this.board.addTakings(this.staff, campaign, today.minusDays(1), 1234, "till-1");
		this.board.addTakings(this.staff, campaign, today, 1, "till-2");

		assertThat(again).isEqualTo(first);
		Campaign read = this.board.campaign(this.shop, campaign);
		assertThat(read.collectedMinor()).isEqualTo(1235);
		assertThat(read.percent()).isEqualTo(2);
		assertThat(this.seen.events.stream().filter((e) -> e.shopId().equals(this.shop)))
			.extracting(CharityTakingsRecorded::amountMinor)
			.containsExactly(1234L, 1L);
	}

	@Test
	void takingsSentAtOnceWithOneKeyCountOnce() throws Exception {
		UUID campaign = this.board.openCampaign(this.staff, "Air ambulance", 50000, true);
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			List<Callable<UUID>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				calls.add(() -> this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 23), 500, "same"));
			}
			List<UUID> ids = new ArrayList<>();
			for (Future<UUID> result : pool.invokeAll(calls)) {
				ids.add(result.get());
			}
			assertThat(ids).containsOnly(ids.get(0));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.board.campaign(this.shop, campaign).collectedMinor()).isEqualTo(500);
	}

	@Test
	void refusalsNameTheFieldAndStoreNothing() {
		UUID campaign = this.board.openCampaign(this.staff, "Air ambulance", 50000, true);
		assertRefused(() -> this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 24), 0, "k0"), "amount",
				"community.refused.amountNotPositive");
		assertRefused(() -> this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 25), 100, "k1"),
				"takenOn", "community.refused.future");
		assertRefused(() -> this.board.openCampaign(this.staff, " ", 100, true), "charity",
				"community.refused.required");
		assertRefused(() -> this.board.openCampaign(this.staff, "Big", CommunityBoard.MAX_AMOUNT_MINOR + 1, true),
				"target", "community.refused.amountTooLarge");
		assertRefused(
				() -> this.board.addEvent(this.staff,
						new CommunityBoard.NewEvent("Fete", LocalDateTime.of(2026, 12, 5, 11, 0),
								LocalDateTime.of(2026, 12, 5, 10, 0), null, null, null, true)),
				"endsAt", "community.refused.endsBeforeStart");
		assertRefused(() -> this.board.postNotice(this.staff, "x".repeat(501), null, true), "body",
				"community.refused.tooLong");
		this.board.closeCampaign(this.staff, campaign);
		assertRefused(() -> this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 24), 100, "k2"),
				"campaign", "community.refused.closed");

		assertThat(this.board.campaign(this.shop, campaign).collectedMinor()).isZero();
		assertThat(this.board.campaigns(this.shop, false)).hasSize(1);
		assertThat(this.board.campaigns(this.shop, true)).as("a closed campaign leaves the public page").isEmpty();
		assertThat(this.board.upcomingEvents(this.shop, this.clock.instant(), false)).isEmpty();
		assertThat(this.board.currentNotices(this.shop, false)).isEmpty();
	}

	@Test
	void noticesShowUntilTheirLastDayInTheShop() {
		this.board.postNotice(this.staff, "Closed Monday", LocalDate.of(2026, 11, 30), true);
		this.board.postNotice(this.staff, "Staff meeting", null, false);

		assertThat(this.board.currentNotices(this.shop, true)).extracting(Notice::body)
			.containsExactly("Closed Monday");
		this.clock.advance(Duration.ofDays(6).plusHours(11));
		assertThat(this.board.currentNotices(this.shop, true)).as("still the 30th in London").hasSize(1);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.board.currentNotices(this.shop, true)).isEmpty();
		assertThat(this.board.currentNotices(this.shop, false)).extracting(Notice::body)
			.containsExactly("Staff meeting");
	}

	private void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String key) {
		assertThatThrownBy(call).isInstanceOfSatisfying(Refused.class, (ex) -> {
			assertThat(ex.field()).isEqualTo(field);
			assertThat(ex.messageKey()).isEqualTo(key);
		});
	}

}
