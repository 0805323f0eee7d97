package app.extramile.community;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import app.extramile.shared.ApiFields;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The community board for tills and other systems (API tokens): upcoming events, the
 * campaigns with their progress, and takings from the till. A takings entry needs an
 * {@code Idempotency-Key}: sending it again adds nothing. A refusal is an RFC 9457
 * problem naming the field.
 */
@RestController
class CommunityApiController implements ApiFields {

	private final CommunityBoard board;

	private final java.time.Clock clock;

	CommunityApiController(CommunityBoard board, java.time.Clock clock) {
		this.board = board;
		this.clock = clock;
	}

	record EventDto(UUID id, String title, Instant startsAt, Instant endsAt, String place, String organiser,
			boolean shownPublicly) {
	}

	record CampaignDto(UUID id, String charity, long targetMinor, long collectedMinor, boolean shownPublicly,
			boolean closed) {

		static CampaignDto of(Campaign campaign) {
			return new CampaignDto(campaign.id(), campaign.charity(), campaign.targetMinor(), campaign.collectedMinor(),
					campaign.shownPublicly(), campaign.closed());
		}

	}

	record TakingsRequest(LocalDate takenOn, Long amountMinor) {
	}

	record TakingsDto(UUID takingsId, CampaignDto campaign) {
	}

	@Operation(summary = "Upcoming events of the shop, public or not, soonest first")
	@GetMapping(path = "/api/community/events", produces = MediaType.APPLICATION_JSON_VALUE)
	List<EventDto> events(@AuthenticationPrincipal ShopUser api) {
		return this.board.upcomingEvents(api.shopId(), this.clock.instant(), false)
			.stream()
			.map((event) -> new EventDto(event.id(), event.title(), event.startsAt(), event.endsAt(), event.place(),
					event.organiser(), event.shownPublicly()))
			.toList();
	}

	@Operation(summary = "Charity campaigns with their target and what was collected, in pence")
	@GetMapping(path = "/api/community/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
	List<CampaignDto> campaigns(@AuthenticationPrincipal ShopUser api) {
		return this.board.campaigns(api.shopId(), false).stream().map(CampaignDto::of).toList();
	}

	@Operation(summary = "Adds money collected at the till for a campaign",
			description = "Needs an Idempotency-Key header; the same key adds nothing a second time.")
	@PostMapping(path = "/api/community/campaigns/{id}/takings", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TakingsDto> addTakings(@AuthenticationPrincipal ShopUser api, @PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@RequestBody TakingsRequest request) {
		if (key == null || key.isBlank()) {
			throw new Refused(Refused.Kind.BAD_REQUEST, "Idempotency-Key", "community.refused.required");
		}
		if (request.amountMinor() == null) {
			throw new Refused("amountMinor", "community.refused.required");
		}
		UUID takings = this.board.addTakings(api, id, request.takenOn(), request.amountMinor(), key);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new TakingsDto(takings, CampaignDto.of(this.board.campaign(api.shopId(), id))));
	}

	/** The board names form fields; the API's body names amounts in pence. */
	@Override
	public String apiName(String formField) {
		return "amount".equals(formField) ? "amountMinor" : formField;
	}

}
