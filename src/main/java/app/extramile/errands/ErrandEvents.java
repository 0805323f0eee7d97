package app.extramile.errands;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the errands module publishes. Never an observation's free text, nor a colleague's
 * "what".
 *
 * <p>
 * {@code customerId} is null on {@link ErrandRequested}, {@link ErrandAccepted},
 * {@link ErrandDone} and {@link ErrandCancelled} when a team member asked the team for
 * help for themselves (a colleague's request): listeners that file things under a
 * customer skip those. A colleague's request has no doorstep, so {@link DoorstepRecorded}
 * and {@link DoorstepConcern} always carry a customer.
 */
public final class ErrandEvents {

	private ErrandEvents() {
	}

	public record ErrandRequested(ShopId shopId, CustomerId customerId, UUID errandId, ErrandKind kind, Instant at) {
	}

	public record ErrandAccepted(ShopId shopId, CustomerId customerId, UUID errandId, ErrandKind kind, Instant at) {
	}

	/** Done, with the time the helper spent (for impact). */
	public record ErrandDone(ShopId shopId, CustomerId customerId, UUID errandId, ErrandKind kind, int minutes,
			Instant at) {
	}

	public record ErrandCancelled(ShopId shopId, CustomerId customerId, UUID errandId, ErrandKind kind, Instant at) {
	}

	/** What happened at the door (delivered, no answer, or something noticed). */
	public record DoorstepRecorded(ShopId shopId, CustomerId customerId, UUID errandId, DoorOutcome outcome,
			Instant at) {
	}

	/**
	 * Nobody answered, or the helper found something worrying: someone should check on
	 * the customer. The errands module turns it into a welfare check.
	 */
	public record DoorstepConcern(ShopId shopId, CustomerId customerId, UUID errandId, Instant at) {
	}

}
