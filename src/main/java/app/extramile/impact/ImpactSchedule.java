package app.extramile.impact;

import java.time.LocalTime;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The monthly digest as a durable, cluster-safe recurring task: daily, so a month's
 * digest goes out on the first morning the app is up after the month ended; sending is
 * keyed per month and owner, so the other days send nothing.
 */
@Configuration(proxyBeanMethods = false)
class ImpactSchedule {

	@Bean
	RecurringTask<Void> impactDigestTask(ImpactDigest digest,
			@Value("${extramile.impact.digest-at:07:00}") LocalTime at) {
		return Tasks.recurring("impact-digest", Schedules.daily(at)).execute((instance, context) -> digest.sendDue());
	}

}
