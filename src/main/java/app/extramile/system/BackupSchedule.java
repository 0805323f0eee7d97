package app.extramile.system;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly backup of the embedded database as a durable recurring task
 * ({@code extramile.backups.schedule}, db-scheduler's form: {@code DAILY|02:30} by
 * default, {@code FIXED_DELAY|1h} also works). On PostgreSQL it does nothing.
 */
@Configuration(proxyBeanMethods = false)
class BackupSchedule {

	@Bean
	RecurringTask<Void> embeddedBackup(Backups backups,
			@Value("${extramile.backups.schedule:DAILY|02:30}") String schedule) {
		return Tasks.recurring("embedded-backup", Schedules.parseSchedule(schedule)).execute((instance, context) -> {
			if (backups.embedded()) {
				backups.nightly();
			}
		});
	}

}
