package app.extramile.absences;

import java.util.ArrayList;
import java.util.List;

import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.customers.CustomerId;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts the AbsenceNoticed events that were committed, as a listener in another module
 * would receive them.
 */
@TestComponent
class NoticedEvents {

	private final List<AbsenceNoticed> events = new ArrayList<>();

	@TransactionalEventListener
	synchronized void on(AbsenceNoticed event) {
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
