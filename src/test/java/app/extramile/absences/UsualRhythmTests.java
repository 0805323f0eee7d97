package app.extramile.absences;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsualRhythmTests {

	private static final RhythmPrior PRIOR = RhythmPrior.uninformed();

	private static final OpenDays MONDAY_TO_SATURDAY = (day) -> day.getDayOfWeek() != DayOfWeek.SUNDAY;

	/**
	 * A weekday-morning regular for a year: in most weekdays around 9, never at weekends.
	 */
	private static UsualRhythm weekdayRegular(LocalDate until, long seed) {
		Random random = new Random(seed);
		UsualRhythm rhythm = new UsualRhythm();
		for (LocalDate day = until.minusDays(365); !day.isAfter(until); day = day.plusDays(1)) {
			if (day.getDayOfWeek().getValue() <= 5 && random.nextDouble() < 0.95) {
				rhythm.recordVisit(day.atTime(9, random.nextInt(30)), MONDAY_TO_SATURDAY, PRIOR);
			}
		}
		return rhythm;
	}

	@Test
	void twoMissedWeekdaysAreUnusualForAWeekdayRegularButAWeekendIsNot() {
		LocalDate tuesday = LocalDate.of(2026, 11, 17);
		UsualRhythm rhythm = weekdayRegular(tuesday.minusDays(1), 1);
		rhythm.recordVisit(tuesday.atTime(9, 10), MONDAY_TO_SATURDAY, PRIOR);

		double thursdayEvening = rhythm.chanceOfAbsence(tuesday.atTime(9, 10), tuesday.plusDays(2).atTime(18, 0),
				MONDAY_TO_SATURDAY, PRIOR);
		LocalDateTime friday = LocalDate.of(2026, 11, 20).atTime(9, 5);
		double mondayMorning = rhythm.chanceOfAbsence(friday, friday.plusDays(3).withHour(7), MONDAY_TO_SATURDAY,
				PRIOR);

		assertThat(thursdayEvening).isLessThan(0.02);
		assertThat(mondayMorning).as("no more unusual than most of her gaps").isGreaterThan(0.2);
	}

	@Test
	void anAbsenceOnlyGrowsMoreUnusualAsItGoesOn() {
		LocalDate monday = LocalDate.of(2026, 11, 16);
		UsualRhythm rhythm = weekdayRegular(monday.minusDays(1), 2);
		LocalDateTime lastSeen = monday.atTime(9, 0);
		double previous = 1;
		for (int hour = 1; hour < 24 * 14; hour++) {
			double chance = rhythm.chanceOfAbsence(lastSeen, lastSeen.plusHours(hour), MONDAY_TO_SATURDAY, PRIOR);
			assertThat(chance).isLessThanOrEqualTo(previous + 1e-12).isBetween(0.0, 1.0);
			previous = chance;
		}
		assertThat(previous).isLessThan(0.001);
	}

	@Test
	void closedDaysAndAwayDaysAreNotMissedVisits() {
		LocalDate tuesday = LocalDate.of(2026, 11, 17);
		UsualRhythm rhythm = weekdayRegular(tuesday, 3);
		LocalDateTime lastSeen = tuesday.atTime(9, 0);
		LocalDateTime fridayEvening = tuesday.plusDays(3).atTime(18, 0);
		OpenDays awayWednesdayToFriday = (day) -> MONDAY_TO_SATURDAY.isOpen(day) && day.isBefore(tuesday.plusDays(1));

		double open = rhythm.chanceOfAbsence(lastSeen, fridayEvening, MONDAY_TO_SATURDAY, PRIOR);
		double away = rhythm.chanceOfAbsence(lastSeen, fridayEvening, awayWednesdayToFriday, PRIOR);

		assertThat(open).isLessThan(0.01);
		assertThat(away).isEqualTo(1.0);
	}

	@Test
	void aNewRegularIsNeitherFlaggedAtOnceNorIgnored() {
		UsualRhythm rhythm = new UsualRhythm();
		LocalDateTime first = LocalDate.of(2026, 11, 2).atTime(10, 0);
		rhythm.recordVisit(first, MONDAY_TO_SATURDAY, PRIOR);
		rhythm.recordVisit(first.plusDays(2), MONDAY_TO_SATURDAY, PRIOR);
		LocalDateTime lastSeen = first.plusDays(4);
		rhythm.recordVisit(lastSeen, MONDAY_TO_SATURDAY, PRIOR);

		assertThat(rhythm.chanceOfAbsence(lastSeen, lastSeen.plusDays(1), MONDAY_TO_SATURDAY, PRIOR))
			.isGreaterThan(0.3);
		assertThat(rhythm.chanceOfAbsence(lastSeen, lastSeen.plusDays(28), MONDAY_TO_SATURDAY, PRIOR)).isLessThan(0.05);
	}

	@Test
	void followsAChangeOfHabit() {
		Random random = new Random(4);
		UsualRhythm rhythm = new UsualRhythm();
		LocalDate day = LocalDate.of(2025, 6, 2);
		// Half a year of Tuesdays and Fridays, then half a year of Mondays and Thursdays.
		for (int i = 0; i < 365; i++, day = day.plusDays(1)) {
			DayOfWeek[] usual = (i < 180) ? new DayOfWeek[] { DayOfWeek.TUESDAY, DayOfWeek.FRIDAY }
					: new DayOfWeek[] { DayOfWeek.MONDAY, DayOfWeek.THURSDAY };
			if ((day.getDayOfWeek() == usual[0] || day.getDayOfWeek() == usual[1]) && random.nextDouble() < 0.95) {
				rhythm.recordVisit(day.atTime(10, 0), MONDAY_TO_SATURDAY, PRIOR);
			}
		}
		boolean[] usualDays = rhythm.usualDays(PRIOR);
		assertThat(usualDays[0]).as("Monday").isTrue();
		assertThat(usualDays[3]).as("Thursday").isTrue();
		assertThat(usualDays[1]).as("Tuesday").isFalse();
		assertThat(usualDays[4]).as("Friday").isFalse();
		assertThat(rhythm.usualHour()).isBetween(9, 11);
	}

	@Test
	void countsTheUsualDaysMissedAndTodayOnceTheyWouldNearlyAlwaysHaveBeenIn() {
		LocalDate monday = LocalDate.of(2026, 11, 16);
		UsualRhythm rhythm = weekdayRegular(monday.minusDays(1), 2);
		LocalDateTime seen = monday.atTime(9, 10);
		rhythm.recordVisit(seen, MONDAY_TO_SATURDAY, PRIOR);

		// Tuesday evening: Tuesday missed. Wednesday at 8: not yet her time.
		assertThat(rhythm.missedExpectedVisitDays(seen, monday.plusDays(1).atTime(18, 0), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(1);
		assertThat(rhythm.missedExpectedVisitDays(seen, monday.plusDays(2).atTime(8, 0), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(1);
		// Wednesday at 12:30 (she comes between 9 and 9:30): two.
		assertThat(rhythm.missedExpectedVisitDays(seen, monday.plusDays(2).atTime(12, 30), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(2);
		// Saturday and Sunday are not her days: still five on Monday morning early.
		assertThat(rhythm.missedExpectedVisitDays(seen, monday.plusDays(7).atTime(7, 0), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(4);
		// A day the shop is shut is not missed.
		LocalDate wednesday = monday.plusDays(2);
		assertThat(rhythm.missedExpectedVisitDays(seen, monday.plusDays(2).atTime(18, 0),
				(day) -> !day.equals(wednesday), PRIOR))
			.isEqualTo(1);
	}

	@Test
	void aChangedHabitStopsCountingTheOldDayAsMissedWithinWeeks() {
		UsualRhythm rhythm = new UsualRhythm();
		LocalDate monday = LocalDate.of(2026, 1, 5);
		// Every Monday for half a year, then every Thursday for six weeks.
		for (int week = 0; week < 26; week++) {
			rhythm.recordVisit(monday.plusWeeks(week).atTime(10, 0), MONDAY_TO_SATURDAY, PRIOR);
		}
		LocalDate thursday = monday.plusWeeks(26).plusDays(3);
		for (int week = 0; week < 6; week++) {
			rhythm.recordVisit(thursday.plusWeeks(week).atTime(10, 0), MONDAY_TO_SATURDAY, PRIOR);
		}
		LocalDateTime seen = thursday.plusWeeks(5).atTime(10, 0);

		assertThat(rhythm.usualDays(PRIOR)[0]).as("Monday, in the long run").isTrue();
		// The next Wednesday evening: only Monday went by, and she no longer comes then.
		assertThat(rhythm.missedExpectedVisitDays(seen, seen.plusDays(6).withHour(18), MONDAY_TO_SATURDAY, PRIOR))
			.isZero();
	}

	@Test
	void readsRhythmsStoredBeforeTheRecentCountsExisted() {
		UsualRhythm rhythm = weekdayRegular(LocalDate.of(2026, 11, 20), 7);
		byte[] old = java.util.Arrays.copyOf(rhythm.toBytes(), 12 + UsualRhythm.RECENT_VISIT * 4);

		UsualRhythm restored = UsualRhythm.fromBytes(old);

		LocalDateTime seen = rhythm.lastVisit();
		assertThat(restored.lastVisit()).isEqualTo(seen);
		// An absence is measured against the recent pace too, which the old form did not
		// keep: it is taken to be the long-run one.
		UsualRhythm longRunOnly = UsualRhythm.fromBytes(rhythm.toBytes());
		System.arraycopy(longRunOnly.weights, UsualRhythm.VISIT, longRunOnly.weights, UsualRhythm.RECENT_VISIT, 7);
		System.arraycopy(longRunOnly.weights, UsualRhythm.OPEN, longRunOnly.weights, UsualRhythm.RECENT_OPEN, 7);
		assertThat(restored.chanceOfAbsence(seen, seen.plusDays(3), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(longRunOnly.chanceOfAbsence(seen, seen.plusDays(3), MONDAY_TO_SATURDAY, PRIOR));
		assertThat(restored.missedExpectedVisitDays(seen, seen.plusDays(3).withHour(18), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(rhythm.missedExpectedVisitDays(seen, seen.plusDays(3).withHour(18), MONDAY_TO_SATURDAY, PRIOR));
	}

	@Test
	void keepsLessThan300BytesOfStatePerCustomerAndSurvivesStorage() {
		UsualRhythm rhythm = weekdayRegular(LocalDate.of(2026, 11, 20), 5);
		byte[] bytes = rhythm.toBytes();
		assertThat(bytes.length).isLessThan(300);

		UsualRhythm restored = UsualRhythm.fromBytes(bytes);
		LocalDateTime lastSeen = rhythm.lastVisit();
		assertThat(restored.chanceOfAbsence(lastSeen, lastSeen.plusDays(3), MONDAY_TO_SATURDAY, PRIOR))
			.isEqualTo(rhythm.chanceOfAbsence(lastSeen, lastSeen.plusDays(3), MONDAY_TO_SATURDAY, PRIOR));
	}

	@Test
	void ignoresVisitsOutOfOrderAndSecondVisitsOnTheSameDay() {
		UsualRhythm rhythm = weekdayRegular(LocalDate.of(2026, 11, 20), 6);
		int days = rhythm.visitDays();
		LocalDateTime last = rhythm.lastVisit();
		assertThat(rhythm.recordVisit(last.plusHours(2), MONDAY_TO_SATURDAY, PRIOR)).isFalse();
		assertThat(rhythm.recordVisit(last.minusDays(3), MONDAY_TO_SATURDAY, PRIOR)).isFalse();
		assertThat(rhythm.visitDays()).isEqualTo(days);
	}

}
