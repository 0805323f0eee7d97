package app.extramile.absences;

import java.util.ArrayList;
import java.util.List;

import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.customers.CustomerId;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts the AbsenceNoticed events that were committed, as a listener in another module
 * would receive them: an event counts once its transaction commits (one published outside
 * a transaction, or rolled back, never counts), as with
 * {@code @TransactionalEventListener}. It listens from {@link #listen} until
 * {@link #stop}, so one test's listener joins a shared context and leaves it again.
 */
final class NoticedEvents implements ApplicationListener<PayloadApplicationEvent<AbsenceNoticed>> {

	private final List<AbsenceNoticed> events = new ArrayList<>();

	private final ConfigurableApplicationContext context;

	private NoticedEvents(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static NoticedEvents listen(ConfigurableApplicationContext context) {
		NoticedEvents noticed = new NoticedEvents(context);
		context.addApplicationListener(noticed);
		return noticed;
	}

	void stop() {
		this.context.removeApplicationListener(this);
	}

	@Override
	public void onApplicationEvent(PayloadApplicationEvent<AbsenceNoticed> event) {
		if (TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					on(event.getPayload());
				}

			});
		}
	}

	private synchronized void on(AbsenceNoticed event) {
		this.events.add(event);
	}

	synchronized long count(CustomerId customer) {
		return this.events.stream().filter((e) -> e.customerId().equals(customer)).count();
	}

	synchronized List<AbsenceNoticed> of(CustomerId customer) {
		return this.events.stream().filter((e) -> e.customerId().equals(customer)).toList();
	}

	synchronized void reset() {
		this.events.clear();
	}

}
