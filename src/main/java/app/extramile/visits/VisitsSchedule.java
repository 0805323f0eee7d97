package app.extramile.visits;

import java.time.LocalTime;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly purge of old counter tap keys, as a durable, cluster-safe recurring task:
 * one instance runs it, and running it twice removes nothing twice.
 */
@Configuration(proxyBeanMethods = false)
class VisitsSchedule {

	@Bean
	RecurringTask<Void> counterTapKeys(VisitLog visits,
			@Value("${extramile.visits.tap-keys-purge-at:03:40}") LocalTime at) {
		return Tasks.recurring("counter-tap-keys", Schedules.daily(at))
			.execute((instance, context) -> visits.purgeTapKeys());
	}

}
