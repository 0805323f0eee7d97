package app.extramile.errands;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Weekly errands: a durable, cluster-safe task creates each next occurrence once its day
 * has come (a unique series and date, so never twice).
 */
@Configuration(proxyBeanMethods = false)
class ErrandSchedule {

	@Bean
	RecurringTask<Void> errandOccurrences(ErrandRequests requests,
			@Value("${extramile.errands.occurrences-every:PT5M}") Duration every) {
		return Tasks.recurring("errand-occurrences", FixedDelay.of(every))
			.execute((instance, context) -> requests.createNextOccurrences());
	}

}
