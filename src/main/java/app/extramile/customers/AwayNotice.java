package app.extramile.customers;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The customer is known to be away (holiday, hospital, family) from one date to another,
 * both inclusive: not being seen then is no cause for concern.
 */
public record AwayNotice(UUID id, Reason reason, LocalDate from, LocalDate to, String note) {

	public enum Reason {

		HOLIDAY, HOSPITAL, FAMILY_VISIT, OTHER

	}

	public boolean covers(LocalDate day) {
		return !day.isBefore(this.from) && !day.isAfter(this.to);
	}

}
