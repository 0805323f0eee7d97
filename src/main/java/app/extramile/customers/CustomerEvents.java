package app.extramile.customers;

import java.time.Instant;
import java.time.LocalDate;

import app.extramile.shared.ShopId;

/**
 * Facts the customers module publishes. They carry ids and a few facts, never care-note
 * text.
 */
public final class CustomerEvents {

	private CustomerEvents() {
	}

	public record CustomerRegistered(ShopId shopId, CustomerId customerId, Instant at) {
	}

	public record CustomerArchived(ShopId shopId, CustomerId customerId, Instant at) {
	}

	public record CareProfileUpdated(ShopId shopId, CustomerId customerId, Instant at) {
	}

	public record ConsentRecorded(ShopId shopId, CustomerId customerId, boolean welfareChecks,
			boolean contactNamedPeople, boolean keepCareNotes, Instant at) {
	}

	public record ConsentRevoked(ShopId shopId, CustomerId customerId, Instant at) {
	}

	/**
	 * The owner exported everything held about the customer (a subject access request).
	 */
	public record CustomerDataExported(ShopId shopId, CustomerId customerId, Instant at) {
	}

	/** The customer was erased everywhere; only her id remains. */
	public record CustomerErased(ShopId shopId, CustomerId customerId, Instant at) {
	}

	public record AwayNoticeRecorded(ShopId shopId, CustomerId customerId, AwayNotice.Reason reason, LocalDate from,
			LocalDate to, Instant at) {
	}

}
