package app.extramile.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of notifications: each delivery attempt's outcome by channel
 * (sent, to be retried, failed for good), counted by the instance that made it; and how
 * many wait to be sent, installation-wide.
 */
@Component
class NotificationMetrics {

	private final MeterRegistry meters;

	NotificationMetrics(MeterRegistry meters, JdbcClient jdbc) {
		this.meters = meters;
		Gauge
			.builder("extramile.notifications.waiting", jdbc,
					(db) -> db.sql("select count(*) from notification where status in ('PENDING', 'SENDING')")
						.query(Long.class)
						.single())
			.description("Notifications not yet sent or given up on")
			.register(meters);
	}

	/** One attempt's outcome: {@code sent}, {@code retried} or {@code failed}. */
	void attempt(String channel, String outcome) {
		Counter.builder("extramile.notifications.attempts")
			.description("Delivery attempts by channel and outcome")
			.tag("channel", channel)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}
