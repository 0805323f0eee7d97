package app.extramile.customers;

import java.time.LocalTime;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly retention clean-up as a durable, cluster-safe recurring task: one instance
 * runs it; a run cut short is simply finished by the next.
 */
@Configuration(proxyBeanMethods = false)
class CustomersSchedule {

	@Bean
	RecurringTask<Void> customerDataRetention(DataRetention retention,
			@Value("${extramile.customers.retention-at:03:30}") LocalTime at) {
		return Tasks.recurring("customer-data-retention", Schedules.daily(at))
			.execute((instance, context) -> retention.removeExpired());
	}

}
