package app.extramile.absences;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Defaults for new shops and the sweep's schedule, under {@code extramile.absences}.
 *
 * @param openWeekdays Monday first, 1 = open (e.g. 1111110: closed on Sundays)
 * @param amberBelow an absence is amber when it happens less often than this for them
 * @param redBudget reds a week a shop can follow up, per 100 regulars: each sweep turns
 * it into the shop's red level (a red absence may start a welfare check)
 * @param redAfterMissedDays an absence is also red once this many of their usual days
 * have gone by without a visit (0: only by chance)
 * @param sweepEvery how often the sweep runs during opening hours
 */
@ConfigurationProperties("extramile.absences")
record AbsenceProperties(String openWeekdays, LocalTime opensAt, LocalTime closesAt, double amberBelow,
		double redBudget, Integer redAfterMissedDays, Duration sweepEvery) {

	public AbsenceProperties {
		openWeekdays = (openWeekdays != null) ? openWeekdays : "1111110";
		opensAt = (opensAt != null) ? opensAt : LocalTime.of(7, 0);
		closesAt = (closesAt != null) ? closesAt : LocalTime.of(19, 0);
		amberBelow = (amberBelow > 0) ? amberBelow : 0.05;
		redBudget = (redBudget > 0) ? redBudget : RhythmPrior.DEFAULT_RED_BUDGET;
		redAfterMissedDays = (redAfterMissedDays != null) ? redAfterMissedDays : 2;
		sweepEvery = (sweepEvery != null) ? sweepEvery : Duration.ofMinutes(15);
	}

}
