package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * The shop was in touch with a customer other than by a visit (a call, a word on the
 * doorstep): it counts as being seen. {@code how} names the kind of contact, never its
 * content.
 */
public record ContactRecorded(ShopId shopId, CustomerId customerId, Instant at, String how) {
}
