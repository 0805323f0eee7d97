package app.extramile.welfare;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the welfare module publishes. Never care-note text.
 */
public final class WelfareEvents {

	private WelfareEvents() {
	}

	public record WelfareCheckOpened(ShopId shopId, CustomerId customerId, UUID checkId, Instant at) {
	}

	public record WelfareCheckResolved(ShopId shopId, CustomerId customerId, UUID checkId, Outcome outcome,
			Instant at) {
	}

	/** A check found the customer needs help: the errands module will pick it up. */
	public record HelpRequested(ShopId shopId, CustomerId customerId, UUID checkId, String help, Instant at) {
	}

	/** A step passed its deadline and the check moved on; the owner should know. */
	public record StepEscalated(ShopId shopId, CustomerId customerId, UUID checkId, UUID stepId, StepKind kind,
			Instant at) {
	}

}
