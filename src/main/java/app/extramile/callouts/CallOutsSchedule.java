package app.extramile.callouts;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reminders the day before: a durable, cluster-safe task; each sign-up is reminded once.
 */
@Configuration(proxyBeanMethods = false)
class CallOutsSchedule {

	@Bean
	RecurringTask<Void> callOutReminders(CallOuts callOuts,
			@Value("${extramile.callouts.reminders-every:PT10M}") Duration every) {
		return Tasks.recurring("callout-reminders", FixedDelay.of(every))
			.execute((instance, context) -> callOuts.sendReminders());
	}

}
