package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;

/**
 * A customer's absence reached red (or amber, when their missed-visit plan says so):
 * published once per absence episode (an episode is identified by when they were last
 * seen), even across restarts and app instances.
 */
public record AbsenceNoticed(ShopId shopId, CustomerId customerId, Instant lastSeenAt, double chance, Level level,
		Instant noticedAt) {
}
