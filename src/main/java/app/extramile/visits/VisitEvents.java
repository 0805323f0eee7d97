package app.extramile.visits;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the visits module publishes.
 */
public final class VisitEvents {

	private VisitEvents() {
	}

	/** A customer was seen at the counter. */
	public record VisitRecorded(ShopId shopId, CustomerId customerId, UUID visitId, Instant seenAt) {
	}

	/** A counter visit was undone within its undo window. */
	public record VisitUndone(ShopId shopId, CustomerId customerId, UUID visitId) {
	}

	/**
	 * A batch of visits arrived from the till (import or API): one event per batch, not
	 * per visit, so a year of history does not flood the event registry.
	 */
	public record VisitsImported(ShopId shopId, int added, Instant latestSeenAt) {
	}

}
