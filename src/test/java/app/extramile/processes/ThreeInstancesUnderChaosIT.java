package app.extramile.processes;

import java.time.Duration;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChaosSoak} for two minutes (by default; {@code -Dextramile.chaos.minutes=10} for
 * the full soak, as {@code scripts/chaos-soak.sh} runs it): three instances behind
 * HAProxy on one PostgreSQL, counter taps, visit batches, signed alarms, welfare steps
 * and ledger writes through HAProxy while an instance is killed with {@code kill -9}
 * about every 30 s and started again, and PostgreSQL is restarted once. Nothing
 * acknowledged is lost or stored twice, every notification is sent once, every ledger
 * balance is exact, and no alarm ladder step comes more than 6 s after its deadline.
 * <p>
 * Restarting PostgreSQL breaks whatever else uses it at that moment: failsafe runs the
 * process tests one after another (no parallel configuration), so in a build nothing else
 * does.
 */
@Tag("process")
@RequiresPostgres
// Alone: its figures are lateness limits (6 s after a death), measured with nothing else
// running, and it restarts PostgreSQL itself.
@Isolated
class ThreeInstancesUnderChaosIT {

	/** The target: a ladder step no more than this late, even after an instance died. */
	static final Duration MOST_LATE = Duration.ofSeconds(6);

	/**
	 * A text whose sending instance died after claiming it is sent by another instance,
	 * with the same idempotency token, once the dead one's dispatcher has been silent for
	 * 5 s ({@code extramile.notifications.dead-after}) and a live one beats (every
	 * second): at most that, the ladder's own lateness and a few seconds of margin after
	 * its deadline. (Before the heartbeat it waited for the 60 s claim timeout.)
	 */
	static final Duration MOST_LATE_TEXT = Duration.ofSeconds(5 + 1).plus(MOST_LATE).plusSeconds(3);

	@Test
	void nothingAcknowledgedIsLostOrDoubledThroughKillsAndADatabaseRestart() throws Exception {
		if (!HaProxy.installed()) {
			String message = "HAProxy is not installed at " + HaProxy.BINARY;
			if (TestDatabases.required()) {
				throw new IllegalStateException(message + " (required because CI is set; run .ci/prepare.sh)");
			}
			System.err.println("SKIPPED (no HAProxy): " + message);
			Assumptions.abort("SKIPPED (no HAProxy): " + message);
		}
		double minutes = Double.parseDouble(System.getProperty("extramile.chaos.minutes", "2"));
		boolean restartPostgres = Boolean.parseBoolean(System.getProperty("extramile.chaos.restart-postgres", "true"));
		ChaosSoak.Report report = ChaosSoak
			.run(ChaosSoak.Settings.of(Duration.ofSeconds(Math.round(minutes * 60)), restartPostgres));

		assertThat(report.violations).as("nothing lost or twice; see %s", report.directory).isEmpty();
		assertThat(report.kills()).as("instances killed").isGreaterThanOrEqualTo(2);
		assertThat(report.postgresRestarts()).isEqualTo(restartPostgres ? 1 : 0);
		assertThat(report.load.values()).as("every kind of request acknowledged under the faults")
			.allSatisfy((load) -> assertThat(load.acknowledged.get()).as(load.kind).isPositive());
		assertThat(report.stepLateness).as("ladder steps measured").isNotEmpty();
		assertThat(report.worstStep()).as("the latest ladder step after its deadline").isLessThanOrEqualTo(MOST_LATE);
		assertThat(report.worstText()).as("the latest text at the provider after its deadline")
			.isLessThanOrEqualTo(MOST_LATE_TEXT);
	}

}
