package app.extramile.absences;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sweep as a durable, cluster-safe recurring task: db-scheduler runs each execution
 * on one app instance only, and the sweep itself is safe to run twice.
 */
@Configuration(proxyBeanMethods = false)
class AbsenceSchedule {

	@Bean
	RecurringTask<Void> absenceSweepTask(AbsenceSweep sweep, AbsenceProperties properties, MeterRegistry meters) {
		Timer sweeps = Timer.builder("extramile.absences.sweep")
			.description("How long a scheduled sweep of every open shop takes")
			.register(meters);
		return Tasks.recurring("absence-sweep", FixedDelay.of(properties.sweepEvery()))
			.execute((instance, context) -> sweeps.record(sweep::sweepOpenShops));
	}

}
