package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the absences module publishes (Who's missing).
 */
public final class AbsenceEvents {

	private AbsenceEvents() {
	}

	/**
	 * A customer's absence reached red (or amber, when their missed-visit plan says so):
	 * published once per absence episode (an episode is identified by when they were last
	 * seen), even across restarts and app instances.
	 */
	public record AbsenceNoticed(ShopId shopId, CustomerId customerId, Instant lastSeenAt, double chance, Level level,
			Instant noticedAt) {
	}

	/**
	 * The shop was in touch with a customer other than by a visit (a call, a word on the
	 * doorstep): it counts as being seen. {@code how} names the kind of contact, never
	 * its content.
	 */
	public record ContactRecorded(ShopId shopId, CustomerId customerId, Instant at, String how) {
	}

	/**
	 * A contact recorded by hand ("Seen or spoke to them") was taken back moments later:
	 * it no longer counts, and the customer is back on Who's missing as they were.
	 */
	public record ContactUndone(ShopId shopId, CustomerId customerId, Instant at, String how) {
	}

	/**
	 * The owner saved when the shop is open, or added a day it closes: the shop's days
	 * are its own now, not the defaults.
	 */
	public record OpeningHoursSet(ShopId shopId, Instant at) {
	}

}
