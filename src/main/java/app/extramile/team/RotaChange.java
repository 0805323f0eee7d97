package app.extramile.team;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-off change to the rota: the member is on duty ({@code onDuty}) or off duty from
 * {@code from} (inclusive) until {@code until} (exclusive).
 */
record RotaChange(UUID id, UUID memberId, boolean onDuty, Instant from, Instant until) {

	public boolean covers(Instant at) {
		return !at.isBefore(this.from) && at.isBefore(this.until);
	}

}
