package app.extramile.absences;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sweep as a durable, cluster-safe recurring task: db-scheduler runs each execution
 * on one app instance only, and the sweep itself is safe to run twice.
 */
@Configuration(proxyBeanMethods = false)
class AbsenceSchedule {

	@Bean
	RecurringTask<Void> absenceSweep(AbsenceWatch watch, AbsenceProperties properties) {
		return Tasks.recurring("absence-sweep", FixedDelay.of(properties.sweepEvery()))
			.execute((instance, context) -> watch.sweepOpenShops());
	}

}
