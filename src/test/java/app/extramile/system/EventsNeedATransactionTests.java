package app.extramile.system;

import app.extramile.system.EventsNeedATransaction.PublishedOutsideATransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard every test runs with: a module event published with no transaction fails the
 * publisher. (The absences tests show it catching the real case: the scheduled sweep.)
 */
class EventsNeedATransactionTests {

	record SomethingHappened(String what) {
	}

	@AfterEach
	void noTransaction() {
		TransactionSynchronizationManager.setActualTransactionActive(false);
	}

	@Test
	void aModuleEventWithNoTransactionFailsThePublisher() {
		EventsNeedATransaction guard = new EventsNeedATransaction("fail");

		assertThatThrownBy(
				() -> guard.onApplicationEvent(new PayloadApplicationEvent<>(this, new SomethingHappened("x"))))
			.isInstanceOf(PublishedOutsideATransaction.class)
			.hasMessageContaining(SomethingHappened.class.getName());
	}

	@Test
	void aModuleEventInATransactionAndOtherEventsPass() {
		EventsNeedATransaction guard = new EventsNeedATransaction("fail");

		assertThatCode(() -> guard.onApplicationEvent(new PayloadApplicationEvent<>(this, "not a module event")))
			.doesNotThrowAnyException();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		assertThatCode(() -> guard.onApplicationEvent(new PayloadApplicationEvent<>(this, new SomethingHappened("x"))))
			.doesNotThrowAnyException();
	}

	@Test
	void outsideTheTestsItLogsInsteadOfFailing() {
		EventsNeedATransaction guard = new EventsNeedATransaction("log");

		assertThatCode(() -> guard.onApplicationEvent(new PayloadApplicationEvent<>(this, new SomethingHappened("x"))))
			.doesNotThrowAnyException();
	}

}
