package app.extramile.visits.api;

import jakarta.validation.Valid;

import app.extramile.shared.ShopUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The visit API for tills: send the shop's visits in batches.
 */
@RestController
@PreAuthorize("hasRole('API')")
@Tag(name = "Visits", description = "Send visits from a till")
class VisitApiController {

	private final VisitIntake intake;

	VisitApiController(VisitIntake intake) {
		this.intake = intake;
	}

	@PostMapping(path = "/api/visits", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Record a batch of visits", description = """
			Up to 10,000 visits per batch. Each visit's externalId makes sending it again harmless: \
			it is counted as a duplicate. Each visit is checked on its own: a bad visit is listed in \
			`rejected` (by its index in the batch, the field at fault and why) and does not stop the others, \
			so the answer is 200 whenever the batch itself could be read. Customers are given by id or \
			by reference; a customer who is not in your shop is rejected as unknown. A batch that is not \
			valid JSON, is missing, empty or larger than 10,000 visits is refused as a whole with a \
			problem detail (RFC 9457) naming the field.""")
	@ApiResponse(responseCode = "200", description = "The batch was read; see accepted, duplicates and rejected")
	@ApiResponse(responseCode = "400", description = "The body is not valid JSON, or a field has the wrong type",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "The batch is missing, empty or has more than 10,000 visits",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "No valid API token",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	VisitBatchResponse record(@AuthenticationPrincipal ShopUser api, @Valid @RequestBody VisitBatchRequest batch) {
		return this.intake.take(api.shopId(), batch.visits());
	}

}
