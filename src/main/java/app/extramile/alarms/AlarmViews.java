package app.extramile.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.CustomerId;

/**
 * What the board, the phone page and the API show of an alarm.
 */
public final class AlarmViews {

	private AlarmViews() {
	}

	/**
	 * @param stage index of the responder last asked; -1 once everyone was called in
	 */
	public record Alarm(UUID id, CustomerId customerId, String customerName, String deviceId, AlarmKind kind,
			Instant occurredAt, Instant receivedAt, String status, int stage, Instant nextAt, Instant allHandsAt,
			Instant ackedAt, UUID ackedBy, Instant arrivedAt, Instant resolvedAt, AlarmOutcome outcome,
			List<Event> events) {

		public boolean open() {
			return "OPEN".equals(this.status);
		}

		public boolean live() {
			return "OPEN".equals(this.status) || "ACKNOWLEDGED".equals(this.status);
		}

		public long ageSeconds(Instant now) {
			return Duration.between(this.receivedAt, now).toSeconds();
		}

		/** Whole minutes since it came in, never negative: "12 min ago". */
		public long ageMinutes(Instant now) {
			return Math.max(0, Duration.between(this.receivedAt, now).toMinutes());
		}

		public Duration toAcknowledge() {
			return (this.ackedAt != null) ? Duration.between(this.receivedAt, this.ackedAt) : null;
		}

		public Duration toArrive() {
			return (this.arrivedAt != null) ? Duration.between(this.receivedAt, this.arrivedAt) : null;
		}

	}

	/** One line of an alarm's timeline. */
	record Event(Instant at, String kind, UUID memberId) {
	}

	record Unmatched(UUID id, String providerName, String deviceId, String eventId, String kind, Instant receivedAt) {
	}

	/**
	 * The monthly report; durations in seconds, null when there is nothing to measure.
	 */
	public record Report(int alarms, int acknowledged, int arrived, Long ackMedian, Long ackP90, Long ackP985,
			Long arriveMedian, Long arriveP90, Long arriveP985, double ackedWithinTargetShare, long targetSeconds,
			double targetShare) {

		public boolean meetsTarget() {
			return this.alarms > 0 && this.ackedWithinTargetShare >= this.targetShare;
		}

	}

}
