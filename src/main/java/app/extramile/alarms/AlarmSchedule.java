package app.extramile.alarms;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Alarm deadlines are rows ({@code alarm.next_at}); these durable, cluster-safe tasks
 * move ladders on every second and look for silent devices. db-scheduler runs each
 * execution on one instance; the handlers are idempotent.
 */
@Configuration(proxyBeanMethods = false)
class AlarmSchedule {

	@Bean
	RecurringTask<Void> alarmDeadlines(EscalationLadder ladder,
			@Value("${extramile.alarms.deadlines-every:PT1S}") Duration every) {
		return Tasks.recurring("alarm-deadlines", FixedDelay.of(every))
			.execute((instance, context) -> ladder.processDeadlines());
	}

	@Bean
	RecurringTask<Void> alarmSupervision(DeviceSupervision supervision,
			@Value("${extramile.alarms.supervision-every:PT30S}") Duration every) {
		return Tasks.recurring("alarm-supervision", FixedDelay.of(every))
			.execute((instance, context) -> supervision.superviseDevices());
	}

}
