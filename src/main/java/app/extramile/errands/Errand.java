package app.extramile.errands;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import app.extramile.customers.CustomerId;

/**
 * An errand as stored. {@code observation} is free text from the doorstep: shown to staff
 * on the errand only, never sent in a message or put in an event.
 *
 * @param weekday the weekday of a weekly errand, or null for a one-off
 */
public record Errand(UUID id, CustomerId customerId, ErrandKind kind, String items, int bags, long chargePence,
		LocalDate on, LocalTime from, LocalTime to, boolean needsDriver, boolean needsDbs, ErrandStatus status,
		DayOfWeek weekday, UUID assigneeMember, UUID assigneeAccount, Integer minutesSpent, DoorOutcome doorOutcome,
		String observation, boolean worrying, Instant createdAt) {

	public boolean free() {
		return this.chargePence == 0;
	}

	public boolean weekly() {
		return this.weekday != null;
	}

	public boolean finished() {
		return this.status == ErrandStatus.DONE || this.status == ErrandStatus.CANCELLED;
	}

}
