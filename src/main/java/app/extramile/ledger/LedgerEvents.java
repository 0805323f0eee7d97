package app.extramile.ledger;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * Facts the kindness ledger publishes.
 */
public final class LedgerEvents {

	private LedgerEvents() {
	}

	/**
	 * A gift or free product was given to a customer ("flowers for her 90th").
	 * {@code what} is a short plain description typed by staff, never care-note text.
	 */
	public record GiftGiven(ShopId shopId, CustomerId customerId, UUID giftId, String what, Instant at) {
	}

}
