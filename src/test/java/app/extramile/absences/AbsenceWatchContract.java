package app.extramile.absences;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.TestShops;
import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep on a real database (H2 and PostgreSQL by the subclasses): who turns red, once
 * per episode, and what makes them fine again.
 */
abstract class AbsenceWatchContract {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	/** Tuesday 24 November 2026, 6pm in the shop. */
	static final Instant NOW = LocalDate.of(2026, 11, 24).atTime(18, 0).atZone(LONDON).toInstant();

	@Autowired
	AbsenceSweep sweep;

	@Autowired
	WhosMissing list;

	@Autowired
	AbsenceRules rules;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	AwayNotices awayNotices;

	@Autowired
	MissedVisitPlans missedVisitPlans;

	@Autowired
	VisitBatches visits;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ConfigurableApplicationContext context;

	NoticedEvents noticed;

	ShopId shop;

	@BeforeEach
	void newShop() {
		this.shop = TestShops.create(this.jdbc);
		this.noticed = NoticedEvents.listen(this.context);
	}

	@AfterEach
	void stopListening() {
		this.noticed.stop();
	}

	/** A weekday regular who comes in around 9 every weekday until {@code lastDay}. */
	CustomerId weekdayRegular(String name, LocalDate lastDay) {
		return weekdayRegular(name, lastDay, 17);
	}

	/**
	 * A weekday regular who skips about one weekday in {@code skipOneIn} (and never the
	 * last).
	 */
	CustomerId weekdayRegular(String name, LocalDate lastDay, int skipOneIn) {
		CustomerId id = this.customers.register(this.shop, new CustomerDetails(null, name, null, "01970 600001", null,
				null, null, null, null, null, null, null, List.of()));
		List<IncomingVisit> history = new ArrayList<>();
		for (LocalDate day = lastDay.minusDays(180); !day.isAfter(lastDay); day = day.plusDays(1)) {
			if (day.getDayOfWeek().getValue() <= 5 && (day.getDayOfYear() % skipOneIn != 0 || day.equals(lastDay))) {
				Instant at = day.atTime(9, day.getDayOfMonth() % 20).atZone(LONDON).toInstant();
				history.add(new IncomingVisit(name + ":" + at, id, at, null));
			}
		}
		this.visits.add(this.shop, Visit.Source.IMPORT, history);
		return id;
	}

	@Test
	void aRegularWhoStopsComingTurnsRedAndIsNoticedOnce() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		CustomerId dafydd = weekdayRegular("Dafydd", LocalDate.of(2026, 11, 24));

		this.sweep.sweep(this.shop, NOW);
		this.sweep.sweep(this.shop, NOW.plusSeconds(900));

		List<MissingCustomer> missing = this.list.missing(this.shop);
		assertThat(missing).extracting((m) -> m.customer().id()).containsExactly(gwen);
		assertThat(missing.get(0).level()).isEqualTo(Level.RED);
		assertThat(missing.get(0).usualDays()).containsExactly(true, true, true, true, true, false, false);
		assertThat(missing.get(0).usualHour()).isEqualTo(9);
		assertThat(this.noticed.count(gwen)).isEqualTo(1);
		assertThat(this.noticed.count(dafydd)).isZero();
	}

	@Test
	void aWeekdayRegularIsRedOnTheSecondOfTheirUsualDaysTheyMiss() {
		// Last seen Monday 23rd around 9; not in on Tuesday; by Wednesday lunchtime she
		// would nearly always have been in. She skips about one weekday in five, so two
		// in
		// a row is unusual for her but not yet very rare.
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 23), 5);
		Instant tuesdayEvening = LocalDate.of(2026, 11, 24).atTime(18, 0).atZone(LONDON).toInstant();
		Instant wednesdayLunchtime = LocalDate.of(2026, 11, 25).atTime(12, 30).atZone(LONDON).toInstant();

		this.sweep.sweep(this.shop, tuesdayEvening);
		assertThat(this.list.missing(this.shop)).as("one usual day missed: not red yet")
			.allSatisfy((m) -> assertThat(m.level()).isNotEqualTo(Level.RED));

		this.sweep.sweep(this.shop, wednesdayLunchtime);
		List<MissingCustomer> missing = this.list.missing(this.shop);
		assertThat(missing).extracting(MissingCustomer::level).containsExactly(Level.RED);
		assertThat(missing.get(0).missedUsualDays()).isEqualTo(2);
		assertThat(missing.get(0).chance()).as("by chance alone it would not be red yet")
			.isGreaterThan(this.rules.settings(this.shop).redBelow());
		assertThat(this.noticed.count(gwen)).isEqualTo(1);
	}

	@Test
	void withMissedDaysTurnedOffOnlyTheChanceMakesAnAbsenceRed() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 23), 5);
		this.rules.updateSettings(TestShops.user(this.shop, Role.OWNER),
				new boolean[] { true, true, true, true, true, true, false }, LocalTime.of(7, 0), LocalTime.of(19, 0),
				20, 2, 0);

		this.sweep.sweep(this.shop, LocalDate.of(2026, 11, 25).atTime(12, 30).atZone(LONDON).toInstant());

		assertThat(this.list.missing(this.shop)).extracting(MissingCustomer::level).doesNotContain(Level.RED);
		assertThat(this.noticed.count(gwen)).isZero();
	}

	@Test
	void aPlanThatActsAtAmberIsNoticedAtAmber() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 23));
		CustomerId nia = weekdayRegular("Nia", LocalDate.of(2026, 11, 23));
		this.missedVisitPlans.actAtAmber(TestShops.user(this.shop, Role.STAFF), nia, true);

		// Sweep every quarter of an hour from Tuesday morning until their absence is no
		// longer fine.
		Instant at = LocalDate.of(2026, 11, 24).atTime(9, 0).atZone(LONDON).toInstant();
		while (this.list.missing(this.shop).isEmpty() && at.isBefore(NOW.plusSeconds(86400))) {
			this.sweep.sweep(this.shop, at);
			at = at.plusSeconds(900);
		}

		assertThat(this.list.missing(this.shop)).extracting(MissingCustomer::level)
			.containsExactly(Level.AMBER, Level.AMBER);
		assertThat(this.noticed.count(gwen)).isZero();
		assertThat(this.noticed.count(nia)).isEqualTo(1);
	}

	@Test
	void anyContactEndsTheAbsence() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		this.sweep.sweep(this.shop, NOW);
		assertThat(this.list.missing(this.shop)).hasSize(1);

		this.list.seen(this.shop, gwen, NOW.plusSeconds(60), "PHONE");
		assertThat(this.list.missing(this.shop)).isEmpty();
		this.sweep.sweep(this.shop, NOW.plusSeconds(120));
		assertThat(this.list.missing(this.shop)).isEmpty();
	}

	@Test
	void seenByHandIsTakenBackWithinItsWindowAndTheCustomerIsBackOnTheListAsBefore() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		this.list.seen(this.shop, gwen, LocalDate.of(2026, 11, 17).atTime(18, 0).atZone(LONDON).toInstant(), "PHONE");
		this.sweep.sweep(this.shop, NOW);
		MissingCustomer before = this.list.missing(this.shop).get(0);

		java.util.UUID undo = this.list.seenByHand(this.shop, gwen, NOW.plusSeconds(60), "SPOKE");
		assertThat(this.list.missing(this.shop)).isEmpty();

		assertThat(this.list.undoSeen(this.shop, undo)).contains(gwen);
		assertThat(this.list.missing(this.shop)).singleElement().satisfies((m) -> {
			assertThat(m.customer().id()).isEqualTo(gwen);
			assertThat(m.level()).isEqualTo(before.level());
			assertThat(m.chance()).isEqualTo(before.chance());
			assertThat(m.lastSeenAt()).isEqualTo(before.lastSeenAt());
		});
		assertThat(this.jdbc.sql("select how from customer_seen where shop_id = ? and customer_id = ?")
			.params(this.shop.value(), gwen.value())
			.query(String.class)
			.single()).as("the earlier call counts again").isEqualTo("PHONE");
		assertThat(this.list.undoSeen(this.shop, undo)).as("once").isEmpty();
		assertThat(this.list.undoSeen(TestShops.create(this.jdbc), undo)).isEmpty();

		java.util.UUID late = this.list.seenByHand(this.shop, gwen, NOW.plusSeconds(120), "SPOKE");
		this.jdbc.sql("update absence_contact_undo set created_at = ? where id = ?")
			.params(app.extramile.shared.Times.column(java.time.Instant.now().minusSeconds(60)), late)
			.update();
		assertThat(this.list.undoSeen(this.shop, late)).as("a minute later: too late").isEmpty();
		assertThat(this.list.missing(this.shop)).isEmpty();

		CustomerId nia = weekdayRegular("Nia", LocalDate.of(2026, 11, 17));
		this.sweep.sweep(this.shop, NOW.plusSeconds(180));
		java.util.UUID overtaken = this.list.seenByHand(this.shop, nia, NOW.plusSeconds(200), "SPOKE");
		this.list.seen(this.shop, nia, NOW.plusSeconds(210), "DELIVERY");
		assertThat(this.list.undoSeen(this.shop, overtaken)).as("a newer contact since: it stands").isEmpty();
		assertThat(this.list.missing(this.shop)).isEmpty();
	}

	@Test
	void aKnownAwayNoticeIsNoCauseForConcern() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		this.awayNotices.record(TestShops.user(this.shop, Role.STAFF), gwen, AwayNotice.Reason.HOLIDAY,
				LocalDate.of(2026, 11, 18), LocalDate.of(2026, 11, 30), null);

		this.sweep.sweep(this.shop, NOW);

		assertThat(this.list.missing(this.shop)).isEmpty();
		assertThat(this.noticed.count(gwen)).isZero();
	}

	@Test
	void closedDaysAreNotMissedVisits() {
		// Monday 23rd: last seen Friday 20th; Saturday and Sunday closed, so Monday
		// morning is fine.
		weekdayRegular("Gwen", LocalDate.of(2026, 11, 20));
		Instant mondayMorning = LocalDate.of(2026, 11, 23).atTime(8, 0).atZone(LONDON).toInstant();

		this.sweep.sweep(this.shop, mondayMorning);

		assertThat(this.list.missing(this.shop)).isEmpty();
		assertThat(LocalDate.of(2026, 11, 23).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
	}

	@Test
	void daysTheOwnerClosesTheShopAreNotMissedVisits() {
		// Last seen Friday 20th; the owner shut the shop on Monday 23rd and Tuesday 24th.
		weekdayRegular("Gwen", LocalDate.of(2026, 11, 20));
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		this.rules.addClosure(owner, LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 24));

		this.sweep.sweep(this.shop, NOW);
		assertThat(this.list.missing(this.shop)).isEmpty();
		assertThat(this.rules.closures(this.shop, LocalDate.of(2026, 11, 1)))
			.containsExactly(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 24));

		this.rules.removeClosure(owner, LocalDate.of(2026, 11, 23));
		this.rules.removeClosure(owner, LocalDate.of(2026, 11, 24));
		this.sweep.sweep(this.shop, NOW.plusSeconds(900));
		assertThat(this.list.missing(this.shop)).as("open after all: two missed weekdays")
			.extracting(MissingCustomer::level)
			.isNotEmpty();
	}

	@Test
	void theOwnerSetsOpeningDaysAmberAndTheRedBudgetAndNonsenseIsRefusedByTheField() {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		boolean[] weekdays = { true, false, true, true, true, true, false };

		this.rules.updateSettings(owner, weekdays, LocalTime.of(7, 30), LocalTime.of(18, 0), 10, 2.5, 3);

		AbsenceSettings settings = this.rules.settings(this.shop);
		assertThat(settings.openWeekdays()).containsExactly(weekdays);
		assertThat(settings.opensAt()).isEqualTo(LocalTime.of(7, 30));
		assertThat(settings.amberBelow()).isEqualTo(0.1);
		assertThat(settings.redBudget()).isEqualTo(2.5);
		assertThat(settings.redAfterMissedDays()).isEqualTo(3);
		assertThat(this.jdbc.sql("select relearn from absence_settings where shop_id = ?")
			.param(this.shop.value())
			.query(Boolean.class)
			.single()).as("opening days changed: rhythms are relearned").isTrue();

		assertSettingsRefused(() -> this.rules.updateSettings(owner, new boolean[7], LocalTime.of(8, 0),
				LocalTime.of(17, 0), 20, 2, 2), "openWeekdays");
		assertSettingsRefused(
				() -> this.rules.updateSettings(owner, weekdays, LocalTime.of(8, 0), LocalTime.of(7, 0), 20, 2, 2),
				"closesAt");
		for (double budget : new double[] { 0.4, 20.5, 0, -2, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertSettingsRefused(() -> this.rules.updateSettings(owner, weekdays, LocalTime.of(8, 0),
					LocalTime.of(17, 0), 20, budget, 2), "redBudget");
		}
		this.rules.updateSettings(owner, weekdays, LocalTime.of(7, 30), LocalTime.of(18, 0), 10, 0.5, 3);
		this.rules.updateSettings(owner, weekdays, LocalTime.of(7, 30), LocalTime.of(18, 0), 10, 20, 3);
		assertSettingsRefused(
				() -> this.rules.updateSettings(owner, weekdays, LocalTime.of(8, 0), LocalTime.of(17, 0), 1, 2, 2),
				"amberOneIn");
		assertSettingsRefused(
				() -> this.rules.updateSettings(owner, weekdays, LocalTime.of(8, 0), LocalTime.of(17, 0), 20, 2, 15),
				"redAfterMissedDays");
		assertSettingsRefused(
				() -> this.rules.updateSettings(owner, weekdays, LocalTime.of(8, 0), LocalTime.of(17, 0), 20, 2, -1),
				"redAfterMissedDays");
		assertSettingsRefused(() -> this.rules.addClosure(owner, LocalDate.of(2026, 12, 2), LocalDate.of(2026, 12, 1)),
				"closedTo");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> this.rules.updateSettings(TestShops.user(this.shop, Role.STAFF), weekdays,
					LocalTime.of(8, 0), LocalTime.of(17, 0), 20, 2, 2))
			.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		assertThat(this.rules.settings(this.shop).redBudget()).as("unchanged by refusals").isEqualTo(20);
	}

	private static void assertSettingsRefused(Runnable change, String field) {
		org.assertj.core.api.Assertions.assertThatThrownBy(change::run)
			.isInstanceOfSatisfying(Refused.class, (ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	@Test
	void twoSweepsAtOnceNoticeAnEpisodeOnce() throws Exception {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> sweeps = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Callable<Integer> sweep = () -> this.sweep.sweep(this.shop, NOW);
				sweeps.add(pool.submit(sweep));
			}
			for (Future<Integer> sweep : sweeps) {
				sweep.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(this.noticed.count(gwen)).isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from absence_episode where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void theScheduledSweepOfOpenShopsNoticesARedAbsenceAsCheckNowDoes() {
		// Open around the clock, every day, so the sweep of open shops takes this one
		// now.
		this.rules.updateSettings(TestShops.user(this.shop, Role.OWNER),
				new boolean[] { true, true, true, true, true, true, true }, LocalTime.MIDNIGHT,
				LocalTime.of(23, 59, 59), 20, 2, 2);
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));

		this.sweep.sweepOpenShops();
		this.sweep.sweepOpenShops();

		assertThat(this.noticed.count(gwen)).as("committed AbsenceNoticed events, as other modules receive them")
			.isEqualTo(1);
	}

	@Test
	void atStartUpAnEpisodeRecordedWithoutItsEventIsAnnouncedOnceIfTheCustomerIsStillAbsent() {
		CustomerId gwen = weekdayRegular("Gwen", LocalDate.of(2026, 11, 17));
		CustomerId dafydd = weekdayRegular("Dafydd", LocalDate.of(2026, 11, 17));
		this.sweep.sweep(this.shop, NOW);
		// What the sweeps of earlier versions left: episodes recorded, their events lost.
		this.jdbc.sql("update absence_episode set announced_at = null where shop_id = ?")
			.param(this.shop.value())
			.update();
		// Dafydd has been in since; Gwen has not.
		this.visits.add(this.shop, Visit.Source.IMPORT,
				List.of(new IncomingVisit("dafydd:back", dafydd, NOW.plusSeconds(3600), null)));
		this.noticed.reset();

		this.sweep.sweepNeverSweptShops();
		this.sweep.sweepNeverSweptShops();

		Instant lastVisit = LocalDate.of(2026, 11, 17).atTime(9, 17).atZone(LONDON).toInstant();
		assertThat(this.noticed.of(gwen)).extracting(AbsenceNoticed::lastSeenAt).containsExactly(lastVisit);
		assertThat(this.noticed.of(dafydd)).extracting(AbsenceNoticed::lastSeenAt)
			.as("his old episode is over; a new one may start from his last visit")
			.doesNotContain(lastVisit);
		assertThat(this.jdbc.sql("select count(*) from absence_episode where shop_id = ? and announced_at is null")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isZero();
	}

}
