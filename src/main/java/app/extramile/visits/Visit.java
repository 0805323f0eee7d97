package app.extramile.visits;

import java.time.Instant;
import java.util.UUID;

import app.extramile.customers.CustomerId;

/**
 * One time a customer was seen in the shop.
 */
public record Visit(UUID id, CustomerId customerId, Instant seenAt, Source source, Long amountMinor) {

	public enum Source {

		COUNTER, IMPORT, API, DEMO

	}

}
