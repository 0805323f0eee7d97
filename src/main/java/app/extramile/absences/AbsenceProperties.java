package app.extramile.absences;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Defaults for new shops and the sweep's schedule, under {@code extramile.absences}.
 *
 * @param openWeekdays Monday first, 1 = open (e.g. 1111110: closed on Sundays)
 * @param amberBelow an absence is amber when it happens less often than this for them
 * @param redBelow an absence is red (and a welfare check may start) below this chance
 * @param redAfterMissedDays an absence is also red once this many of their usual days
 * have gone by without a visit (0: only by chance)
 * @param sweepEvery how often the sweep runs during opening hours
 */
@ConfigurationProperties("extramile.absences")
public record AbsenceProperties(String openWeekdays, LocalTime opensAt, LocalTime closesAt, double amberBelow,
		double redBelow, Integer redAfterMissedDays, Duration sweepEvery) {

	public AbsenceProperties {
		openWeekdays = (openWeekdays != null) ? openWeekdays : "1111110";
		opensAt = (opensAt != null) ? opensAt : LocalTime.of(7, 0);
		closesAt = (closesAt != null) ? closesAt : LocalTime.of(19, 0);
		amberBelow = (amberBelow > 0) ? amberBelow : 0.05;
		redBelow = (redBelow > 0) ? redBelow : 0.001;
		redAfterMissedDays = (redAfterMissedDays != null) ? redAfterMissedDays : 2;
		sweepEvery = (sweepEvery != null) ? sweepEvery : Duration.ofMinutes(15);
	}

}
