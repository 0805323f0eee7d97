package app.extramile.system;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The depths of the two queues every module's work passes through: module events
 * published but not yet handled (the event publication registry) and durable tasks that
 * are due but not yet picked, or picked and running (db-scheduler). Read at each scrape.
 */
@Component
class QueueMetrics {

	QueueMetrics(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
		Gauge
			.builder("extramile.events.incomplete", jdbc,
					(db) -> db.sql("select count(*) from event_publication where completion_date is null")
						.query(Long.class)
						.single())
			.description("Module events published and not yet handled by every listener")
			.register(meters);
		Gauge
			.builder("extramile.scheduler.due", jdbc,
					(db) -> db.sql("select count(*) from scheduled_tasks where picked = false and execution_time <= ?")
						.param(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
						.query(Long.class)
						.single())
			.description("Durable tasks due and not yet taken by any instance")
			.register(meters);
		Gauge.builder("extramile.scheduler.running", jdbc,
				(db) -> db.sql("select count(*) from scheduled_tasks where picked = true").query(Long.class).single())
			.description("Durable tasks taken by an instance and running")
			.register(meters);
	}

}
