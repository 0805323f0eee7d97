package app.extramile.recognition;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The monthly thank-you digest: a durable, cluster-safe task (db-scheduler) that runs
 * daily and sends last month's digest once per shop (see
 * {@link Recognition#sendDigests()}), so a day the app was down only delays it.
 */
@Configuration(proxyBeanMethods = false)
class RecognitionSchedule {

	@Bean
	RecurringTask<Void> thanksDigest(Recognition recognition,
			@Value("${extramile.recognition.digest-cron:0 0 9 * * *}") String cron) {
		return Tasks.recurring("recognition-digest", Schedules.cron(cron))
			.execute((instance, context) -> recognition.sendDigests());
	}

}
