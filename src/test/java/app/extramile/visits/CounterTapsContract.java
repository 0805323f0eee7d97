package app.extramile.visits;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.visits.VisitLog.Tap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Taps at the counter under the key the browser made when it was tapped, on a real
 * database (H2 and PostgreSQL by the subclasses): one visit per key however often and
 * however simultaneously it arrives, at the time it was tapped, refusals that store
 * nothing, keys per shop, and old keys purged.
 */
abstract class CounterTapsContract {

	@Autowired
	VisitLog visits;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser staff;

	CustomerId gwen;

	@BeforeEach
	void aShopWithACustomer() {
		this.clock.set(HandMovedClock.START);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.gwen = register(this.shop, "Gwenllian Prys");
	}

	@Test
	void theSameKeyTwiceRecordsOneVisitAndAnswersWithItBothTimes() {
		UUID key = UUID.randomUUID();
		Tap first = this.visits.recordTap(this.staff, this.gwen, key, Duration.ofMinutes(3));
		this.clock.advance(Duration.ofSeconds(20));
		ShopUser otherTab = TestShops.user(this.shop, Role.STAFF);
		Tap again = this.visits.recordTap(otherTab, this.gwen, key, Duration.ofMinutes(3).plusSeconds(20));

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.visitId()).isEqualTo(first.visitId());
		assertThat(again.seenAt()).isEqualTo(first.seenAt());
		assertThat(counterVisits(this.shop)).containsExactly(HandMovedClock.START.minus(Duration.ofMinutes(3)));
	}

	@Test
	void theSameKeyFromTwoThreadsAtOnceRecordsOneVisit() throws Exception {
		int rounds = 20;
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				UUID key = UUID.randomUUID();
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Tap>> answers = new ArrayList<>();
				for (int thread = 0; thread < 2; thread++) {
					answers.add(pool.submit(() -> {
						start.await();
						return this.visits.recordTap(this.staff, this.gwen, key, Duration.ofSeconds(30));
					}));
				}
				start.countDown();
				Tap one = answers.get(0).get(60, TimeUnit.SECONDS);
				Tap other = answers.get(1).get(60, TimeUnit.SECONDS);
				assertThat(one.visitId()).as("round %d: both answer the same visit", round).isEqualTo(other.visitId());
				assertThat(List.of(one.replayed(), other.replayed())).as("round %d: one recorded it", round)
					.containsExactlyInAnyOrder(false, true);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(counterVisits(this.shop)).hasSize(rounds);
		assertThat(this.jdbc.sql("select count(*) from counter_tap where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isEqualTo(rounds);
	}

	@Test
	void aTapKeepsTheMomentItWasTappedSoAVisitBeforeMidnightStaysOnItsDay() {
		// 23:55 in London, sent at 00:05 when the line is back.
		this.clock.set(Instant.parse("2026-11-25T00:05:00Z"));
		Tap tap = this.visits.recordTap(this.staff, this.gwen, UUID.randomUUID(), Duration.ofMinutes(10));

		assertThat(tap.seenAt()).isEqualTo(Instant.parse("2026-11-24T23:55:00Z"));
		assertThat(this.visits.lastSeen(this.shop, this.gwen)).contains(Instant.parse("2026-11-24T23:55:00Z"));
		assertThat(this.visits.inToday(this.shop, List.of(this.gwen))).as("not in on the 25th").isEmpty();
	}

	@Test
	void aTapOlderThanADayOrFromTheFutureIsRefusedAndStoresNothing() {
		UUID key = UUID.randomUUID();
		assertThatThrownBy(() -> this.visits.recordTap(this.staff, this.gwen, key, Duration.ofHours(24).plusMinutes(1)))
			.isInstanceOfSatisfying(Refused.class,
					(refused) -> assertThat(refused.messageKey()).isEqualTo("counter.tap.refused.tooOld"));
		assertThatThrownBy(() -> this.visits.recordTap(this.staff, this.gwen, key, Duration.ofMinutes(-10)))
			.isInstanceOfSatisfying(Refused.class,
					(refused) -> assertThat(refused.messageKey()).isEqualTo("counter.tap.refused.future"));
		assertThatThrownBy(
				() -> this.visits.recordTap(this.staff, new CustomerId(UUID.randomUUID()), key, Duration.ZERO))
			.isInstanceOfSatisfying(Refused.class,
					(refused) -> assertThat(refused.messageKey()).isEqualTo("counter.tap.refused.unknownCustomer"));
		assertThat(counterVisits(this.shop)).isEmpty();

		// Nothing was stored, so the key is still free; a clock stepped back a little
		// is no tap from the future.
		Tap tap = this.visits.recordTap(this.staff, this.gwen, key, Duration.ofSeconds(-30));
		assertThat(tap.replayed()).isFalse();
		assertThat(tap.seenAt()).isEqualTo(HandMovedClock.START);
		assertThat(counterVisits(this.shop)).hasSize(1);
	}

	@Test
	void aTapSentAgainLongAfterItsAnswerWasLostIsStillAnsweredRecorded() {
		UUID key = UUID.randomUUID();
		Tap first = this.visits.recordTap(this.staff, this.gwen, key, Duration.ofHours(23));
		this.clock.advance(Duration.ofDays(3));

		Tap again = this.visits.recordTap(this.staff, this.gwen, key, Duration.ofDays(3).plusHours(23));
		assertThat(again.replayed()).isTrue();
		assertThat(again.visitId()).isEqualTo(first.visitId());
		assertThat(counterVisits(this.shop)).hasSize(1);
	}

	@Test
	void keysBelongToTheirShop() {
		ShopId other = TestShops.create(this.jdbc);
		CustomerId otherGwen = register(other, "Gwen Other");
		UUID key = UUID.randomUUID();
		Tap here = this.visits.recordTap(this.staff, this.gwen, key, Duration.ZERO);
		Tap there = this.visits.recordTap(TestShops.user(other, Role.STAFF), otherGwen, key, Duration.ZERO);

		assertThat(there.replayed()).isFalse();
		assertThat(there.visitId()).isNotEqualTo(here.visitId());
		assertThat(counterVisits(this.shop)).hasSize(1);
		assertThat(counterVisits(other)).hasSize(1);
		assertThatThrownBy(() -> this.visits.recordTap(this.staff, otherGwen, UUID.randomUUID(), Duration.ZERO))
			.as("another shop's customer")
			.isInstanceOf(Refused.class);
	}

	@Test
	void keysOlderThanAWeekArePurgedAndTheirVisitsStay() {
		UUID old = UUID.randomUUID();
		this.visits.recordTap(this.staff, this.gwen, old, Duration.ZERO);
		this.clock.advance(Duration.ofDays(6));
		UUID recent = UUID.randomUUID();
		this.visits.recordTap(this.staff, this.gwen, recent, Duration.ZERO);
		this.clock.advance(Duration.ofDays(1).plusMinutes(1));

		assertThat(this.visits.purgeTapKeys()).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.sql("select tap_key from counter_tap where shop_id = ?")
			.param(this.shop.value())
			.query(UUID.class)
			.list()).containsExactly(recent);
		assertThat(counterVisits(this.shop)).hasSize(2);
		assertThat(this.visits.purgeTapKeys()).as("run again").isZero();
	}

	private CustomerId register(ShopId shop, String name) {
		return this.customers.register(shop, new CustomerDetails(null, name, null, null, null, "1 Stryd y Capel",
				"Llanfair Fach", null, null, null, null, null, List.of()));
	}

	private List<Instant> counterVisits(ShopId shop) {
		return this.jdbc.sql("select seen_at from visit where shop_id = ? and source = 'COUNTER' order by seen_at")
			.param(shop.value())
			.query((rs, n) -> Times.instant(rs, "seen_at"))
			.list();
	}

}
