package app.extramile.ledger;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The nightly balance check as a durable, cluster-safe recurring task: one instance runs
 * it, and running it twice only stores a second, identical result.
 */
@Configuration(proxyBeanMethods = false)
class LedgerSchedule {

	@Bean
	RecurringTask<Void> ledgerBalanceCheck(BalanceCheck check, LedgerSettings settings) {
		return Tasks.recurring("ledger-balance-check", Schedules.daily(settings.checkAt()))
			.execute((instance, context) -> check.checkAllShops());
	}

}
