package app.extramile.notifications;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatcher as a durable, cluster-safe recurring task: it delivers whatever is due
 * (first attempts whose immediate dispatch was lost, and retries). Two instances running
 * it at once would still not double-send: each notification is claimed first.
 */
@Configuration(proxyBeanMethods = false)
class NotificationSchedule {

	@Bean
	RecurringTask<Void> notificationDispatch(Dispatcher dispatcher, NotificationSettings settings) {
		return Tasks.recurring("notification-dispatch", FixedDelay.of(settings.dispatchEvery()))
			.execute((instance, context) -> dispatcher.dispatchDue());
	}

}
