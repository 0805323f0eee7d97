package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * A contact recorded by hand ("Seen or spoke to them") was taken back moments later: it
 * no longer counts, and the customer is back on Who's missing as they were.
 */
public record ContactUndone(ShopId shopId, CustomerId customerId, Instant at, String how) {
}
