package app.extramile.customers;

import java.time.Instant;
import java.util.UUID;

/**
 * What the customer agreed to, when, and who recorded it. Revocable.
 */
public record Consent(UUID id, boolean welfareChecks, boolean contactNamedPeople, boolean keepCareNotes,
		String howGiven, Instant recordedAt, UUID recordedBy, Instant revokedAt) {

	public boolean active() {
		return this.revokedAt == null;
	}

}
