package app.extramile.visits.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What happened to a batch: how many visits were new, how many were already recorded
 * (same external id), and which were rejected and why.
 */
@Schema(name = "VisitBatchResult")
record VisitBatchResponse(@Schema(description = "Visits in the batch") int received,
		@Schema(description = "New visits recorded") int accepted,
		@Schema(description = "Visits already recorded under the same externalId") int duplicates,
		@Schema(description = "Visits not recorded, by their index in the batch") List<RejectedVisit> rejected) {

	@Schema(name = "RejectedVisit")
	record RejectedVisit(@Schema(description = "Index in the batch, from 0") int index,
			@Schema(description = "The field at fault", example = "customerId") String field,
			@Schema(description = "Why", example = "No customer with this id in your shop.") String message) {
	}

}
