package app.extramile.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Catches a module event published with no transaction active. Modules listen to each
 * other's events with {@code @ApplicationModuleListener}, which runs after the
 * publisher's transaction commits: with no transaction, the event is silently dropped.
 * That once lost every absence noticed by the scheduled sweep (a {@code @Transactional}
 * method called on {@code this}, so no transaction was started), and no welfare check
 * ever opened by itself.
 * <p>
 * With {@code extramile.events.outside-transaction=fail} (what the tests run with) the
 * publisher gets an exception, so any path that publishes outside a transaction fails its
 * test. Otherwise (the default) the mistake is logged as an error with the stack, so an
 * operator sees it.
 */
@Component
class EventsNeedATransaction implements ApplicationListener<PayloadApplicationEvent<?>> {

	private static final Logger log = LoggerFactory.getLogger(EventsNeedATransaction.class);

	private static final String MODULE_EVENTS = "app.extramile.";

	private final boolean fail;

	EventsNeedATransaction(@Value("${extramile.events.outside-transaction:log}") String mode) {
		this.fail = "fail".equalsIgnoreCase(mode.strip());
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<?> event) {
		Object payload = event.getPayload();
		if (!payload.getClass().getName().startsWith(MODULE_EVENTS)
				|| TransactionSynchronizationManager.isActualTransactionActive()) {
			return;
		}
		PublishedOutsideATransaction problem = new PublishedOutsideATransaction(payload.getClass().getName());
		if (this.fail) {
			throw problem;
		}
		log.error("{}", problem.getMessage(), problem);
	}

	@Override
	public boolean supportsAsyncExecution() {
		return false;
	}

	/** A module event that its listeners will never see. */
	static class PublishedOutsideATransaction extends IllegalStateException {

		PublishedOutsideATransaction(String event) {
			super(event + " was published with no transaction active: modules listening to it after commit"
					+ " never receive it. Publish it inside the transaction that records the fact.");
		}

	}

}
