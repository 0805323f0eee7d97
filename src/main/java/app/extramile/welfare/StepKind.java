package app.extramile.welfare;

import java.time.Duration;

/**
 * The rungs of the ladder, in the order a check climbs them, and how long each may take.
 */
public enum StepKind {

	RING_CUSTOMER(Duration.ofMinutes(30)), RING_CONTACT(Duration.ofMinutes(30)), POP_ROUND(Duration.ofMinutes(60)),
	EMERGENCY(Duration.ofMinutes(15));

	private final Duration allowed;

	StepKind(Duration allowed) {
		this.allowed = allowed;
	}

	public Duration allowed() {
		return this.allowed;
	}

}
