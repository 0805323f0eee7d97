package app.extramile.customers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a shop keeps what it no longer needs, in days; null keeps it for good. Set by
 * the owner under Settings, applied every night by {@link DataRetention}.
 *
 * @param visitsDays visits (the counter, the till)
 * @param closedChecksDays welfare checks after they were resolved, with their steps
 * @param alarmDetailsDays the step-by-step details of resolved alarms (who was asked,
 * when, their links); the alarm itself and its times stay for the monthly report
 * @param accessLogDays the care access log
 */
public record Retention(Integer visitsDays, Integer closedChecksDays, Integer alarmDetailsDays, Integer accessLogDays) {

	/**
	 * The fewest days each may be set to (a year of rhythm needs history; logs are
	 * evidence).
	 */
	public static final int MIN_VISITS = 90;

	public static final int MIN_CLOSED_CHECKS = 30;

	public static final int MIN_ALARM_DETAILS = 30;

	public static final int MIN_ACCESS_LOG = 180;

	/** The most days any may be set to (ten years). */
	public static final int MAX = 3650;

	public static final Retention FOREVER = new Retention(null, null, null, null);

	/** What is older than this goes, or nothing when kept for good. */
	public static Optional<Instant> before(Integer days, Instant now) {
		return Optional.ofNullable(days).map((d) -> now.minus(Duration.ofDays(d)));
	}

}
