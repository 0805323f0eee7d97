package app.extramile.visits.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A batch of visits from a till. Fields of each visit are checked one by one, so a bad
 * visit is rejected on its own; only the batch itself (missing, empty, too large) is
 * refused as a whole.
 */
@Schema(description = "Up to 10,000 visits")
record VisitBatchRequest(@NotNull(message = "{api.visits.required}") @Size(min = 1, max = VisitBatchRequest.MAX_VISITS,
		message = "{api.visits.size}") @ArraySchema(schema = @Schema(implementation = IncomingVisitDto.class),
				minItems = 1, maxItems = VisitBatchRequest.MAX_VISITS) List<IncomingVisitDto> visits) {

	static final int MAX_VISITS = 10_000;

	/**
	 * One visit. Text fields stay text here so that a malformed id or time rejects only
	 * this visit.
	 */
	@Schema(name = "IncomingVisit")
	record IncomingVisitDto(
			@Schema(description = "Your id for this visit, unique in the shop; sending it again adds nothing",
					example = "till1-2026-11-20-0042", maxLength = 120,
					requiredMode = Schema.RequiredMode.REQUIRED) String externalId,
			@Schema(description = "The customer's id; give this or customerReference",
					format = "uuid") String customerId,
			@Schema(description = "The customer's loyalty card or till reference; give this or customerId",
					example = "SYL0001") String customerReference,
			@Schema(description = "When the customer was seen, ISO-8601 with an offset", format = "date-time",
					example = "2026-11-20T09:12:00Z", requiredMode = Schema.RequiredMode.REQUIRED) String seenAt,
			@Schema(description = "What they spent, in pence (optional, not negative)",
					example = "1234") Long amountMinor) {
	}

}
