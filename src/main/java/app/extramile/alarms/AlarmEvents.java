package app.extramile.alarms;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the alarms module publishes (the timeline listens). Never access notes.
 */
public final class AlarmEvents {

	private AlarmEvents() {
	}

	/** An alarm came in from a customer's device (any kind, test included). */
	public record AlarmRaised(ShopId shopId, CustomerId customerId, UUID alarmId, AlarmKind kind, Instant at) {
	}

	/**
	 * A responder said "I'm going".
	 *
	 * @param receivedAt when the alarm reached us, so listeners can tell how long the
	 * answer took
	 */
	public record AlarmAcknowledged(ShopId shopId, CustomerId customerId, UUID alarmId, Instant receivedAt,
			Instant at) {

		/** Seconds from the alarm reaching us to "I'm going". */
		public long secondsToAcknowledge() {
			return Math.max(0, java.time.Duration.between(this.receivedAt, this.at).toSeconds());
		}

	}

	/** Nobody answered in time: everyone on duty and the owners were called in. */
	public record AlarmEscalated(ShopId shopId, CustomerId customerId, UUID alarmId, Instant at) {
	}

	/** The responder arrived. */
	public record AlarmArrived(ShopId shopId, CustomerId customerId, UUID alarmId, Instant at) {
	}

	/** The alarm is over, with what happened. */
	public record AlarmResolved(ShopId shopId, CustomerId customerId, UUID alarmId, AlarmOutcome outcome, Instant at) {
	}

}
