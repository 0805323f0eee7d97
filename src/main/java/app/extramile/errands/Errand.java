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
 * @param customerId the customer it is for, or null when a colleague asked for themselves
 * @param items what is needed (a delivery's items, or the colleague's short "what")
 * @param weekday the weekday of a weekly errand, or null for a one-off
 * @param askedByMember the team member who asked the team for help for themselves, or
 * null for a customer's errand
 */
public record Errand(UUID id, CustomerId customerId, ErrandKind kind, String items, int bags, long chargePence,
		LocalDate on, LocalTime from, LocalTime to, boolean needsDriver, boolean needsDbs, ErrandStatus status,
		DayOfWeek weekday, UUID assigneeMember, UUID assigneeAccount, Integer minutesSpent, DoorOutcome doorOutcome,
		String observation, boolean worrying, Instant createdAt, UUID askedByMember) {

	/** A colleague asked the team for help for themselves: there is no customer. */
	public boolean forColleague() {
		return this.askedByMember != null;
	}

	public boolean free() {
		return this.chargePence == 0;
	}

	public boolean weekly() {
		return this.weekday != null;
	}

	public boolean finished() {
		return this.status == ErrandStatus.DONE || this.status == ErrandStatus.NOT_DELIVERED
				|| this.status == ErrandStatus.CANCELLED;
	}

	/** Whether it brings the customer something, so "delivered" means something. */
	public boolean delivers() {
		return this.kind.delivers();
	}

}
