package app.extramile.welfare;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What an operator watches of welfare checks: how many are open, and how many of their
 * steps are past the time they were due (the deadline task reminds then escalates; a
 * number that keeps growing means it is not running). Installation-wide, read at each
 * scrape.
 */
@Component
class WelfareMetrics {

	WelfareMetrics(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
		Gauge.builder("extramile.welfare.checks.open", jdbc,
				(db) -> db.sql("select count(*) from welfare_check where status = 'OPEN'").query(Long.class).single())
			.description("Welfare checks open, on every shop of this installation")
			.register(meters);
		Gauge
			.builder("extramile.welfare.steps.overdue", jdbc,
					(db) -> db.sql("select count(*) from welfare_step where status = 'OPEN' and due_at < ?")
						.param(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
						.query(Long.class)
						.single())
			.description("Welfare-check steps still open after the time they were due")
			.register(meters);
	}

}
