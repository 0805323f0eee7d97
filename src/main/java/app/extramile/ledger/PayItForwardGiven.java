package app.extramile.ledger;

import java.time.Instant;
import java.util.UUID;

import app.extramile.shared.ShopId;

/**
 * Something paid forward was given out: one item (a coffee) or an amount from a money
 * pool. {@code giveOutId} is the write's own id, so a listener can count each give-out
 * once. Never names anyone: recipients of pay-it-forward need not be identified.
 */
public record PayItForwardGiven(ShopId shopId, UUID poolId, UUID giveOutId, boolean item, long amountMinor,
		Instant at) {
}
