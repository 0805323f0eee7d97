package app.extramile.alarms;

import java.time.Duration;

import app.extramile.alarms.AlarmEvents.AlarmAcknowledged;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of the alarms: how many are live (and how many nobody has
 * taken yet) across the installation, read from the database at each scrape so every
 * instance reports the same; and the time from an alarm reaching us to the first "I'm
 * going", recorded by the instance that took it. No shop or customer in any tag.
 */
@Component
class AlarmMetrics {

	private final Timer firstAcknowledgement;

	AlarmMetrics(MeterRegistry meters, JdbcClient jdbc) {
		Gauge
			.builder("extramile.alarms.open", jdbc,
					(db) -> count(db, "select count(*) from alarm where status in ('OPEN', 'ACKNOWLEDGED')"))
			.description("Alarms not yet resolved, on every shop of this installation")
			.register(meters);
		Gauge
			.builder("extramile.alarms.unacknowledged", jdbc,
					(db) -> count(db, "select count(*) from alarm where status = 'OPEN'"))
			.description("Alarms nobody has said they are going to yet")
			.register(meters);
		this.firstAcknowledgement = Timer.builder("extramile.alarms.first.acknowledgement")
			.description("From an alarm reaching us to the first responder's \"I'm going\"")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofMinutes(30))
			.register(meters);
	}

	@EventListener
	void on(AlarmAcknowledged event) {
		this.firstAcknowledgement.record(Duration.between(event.receivedAt(), event.at()));
	}

	static double count(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

}
