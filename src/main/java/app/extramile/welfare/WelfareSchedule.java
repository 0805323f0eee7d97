package app.extramile.welfare;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deadlines are rows (each open step's due time, each regular check-in's next time);
 * these durable, cluster-safe tasks look for overdue ones. db-scheduler runs each
 * execution on one instance; the handler is idempotent.
 */
@Configuration(proxyBeanMethods = false)
class WelfareSchedule {

	@Bean
	RecurringTask<Void> welfareDeadlines(WelfareChecks checks,
			@Value("${extramile.welfare.deadlines-every:PT30S}") Duration every) {
		return Tasks.recurring("welfare-deadlines", FixedDelay.of(every))
			.execute((instance, context) -> checks.processDeadlines());
	}

	/**
	 * Opens the checks of regular check-ins that have fallen due (see {@link CheckIns}).
	 */
	@Bean
	RecurringTask<Void> welfareCheckIns(CheckIns checkIns,
			@Value("${extramile.welfare.check-ins-every:PT1M}") Duration every) {
		return Tasks.recurring("welfare-check-ins", FixedDelay.of(every))
			.execute((instance, context) -> checkIns.openDue());
	}

}
