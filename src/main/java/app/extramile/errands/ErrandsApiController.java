package app.extramile.errands;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ApiFields;
import app.extramile.shared.ShopUser;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errands for tills and other systems (API tokens): ask for an errand (a delivery from
 * the till, say) and list a day's errands for customers. Observations never leave the
 * app, nor do colleagues' requests to the team (they are the team's own business). A
 * refusal is an RFC 9457 problem naming the field.
 */
@RestController
class ErrandsApiController implements ApiFields {

	private final Errands errands;

	private final ErrandRequests requests;

	ErrandsApiController(Errands errands, ErrandRequests requests) {
		this.errands = errands;
		this.requests = requests;
	}

	record ErrandRequest(UUID customerId, ErrandKind kind, String items, Integer bags, Long chargePence, LocalDate on,
			LocalTime from, LocalTime to, Boolean weekly) {
	}

	record ErrandDto(UUID id, UUID customerId, ErrandKind kind, ErrandStatus status, String items, int bags,
			long chargePence, LocalDate on, LocalTime from, LocalTime to, boolean weekly) {

		static ErrandDto of(Errand e) {
			return new ErrandDto(e.id(), e.customerId().value(), e.kind(), e.status(), e.items(), e.bags(),
					e.chargePence(), e.on(), e.from(), e.to(), e.weekly());
		}

	}

	@Operation(summary = "Errands from a day on (default today), soonest first")
	@GetMapping(path = "/api/errands", produces = MediaType.APPLICATION_JSON_VALUE)
	List<ErrandDto> list(@AuthenticationPrincipal ShopUser api,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from) {
		LocalDate since = (from != null) ? from : this.errands.today(api.shopId());
		return this.errands.from(api, since, 500).stream().filter((e) -> !e.forColleague()).map(ErrandDto::of).toList();
	}

	@Operation(summary = "Asks for an errand; it is offered to matching helpers",
			description = "With an Idempotency-Key header, the same key records the errand once.")
	@PostMapping(path = "/api/errands", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ErrandDto> request(@AuthenticationPrincipal ShopUser api,
			@RequestHeader(name = "Idempotency-Key", required = false) String key, @RequestBody ErrandRequest body) {
		UUID id = this.requests.request(api,
				new ErrandRequests.Request((body.customerId() != null) ? new CustomerId(body.customerId()) : null,
						body.kind(), body.items(), body.bags(), body.chargePence(), body.on(), body.from(), body.to(),
						Boolean.TRUE.equals(body.weekly()), null, null),
				key);
		return ResponseEntity.status(HttpStatus.CREATED).body(ErrandDto.of(this.errands.get(api.shopId(), id)));
	}

	/** The forms name the charge in pounds; the API's body names it in pence. */
	@Override
	public String apiName(String formField) {
		return "charge".equals(formField) ? "chargePence" : formField;
	}

}
