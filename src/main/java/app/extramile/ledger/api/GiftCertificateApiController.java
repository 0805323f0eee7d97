package app.extramile.ledger.api;

import java.net.URI;
import java.time.LocalDate;

import app.extramile.ledger.CertificateReceipt;
import app.extramile.ledger.GiftCertificate;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.ledger.LedgerRefusedException;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.ShopUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gift certificates for a till: issue one, spend from one, read its balance. Every write
 * needs an {@code Idempotency-Key} header: sending the same request again with the same
 * key answers the first result (with {@code Idempotent-Replayed: true}) and posts
 * nothing.
 */
@RestController
@PreAuthorize("hasRole('API')")
@Tag(name = "Gift certificates", description = "Issue, redeem and read gift certificates")
class GiftCertificateApiController {

	static final String KEY = "Idempotency-Key";

	private final GiftCertificates certificates;

	GiftCertificateApiController(GiftCertificates certificates) {
		this.certificates = certificates;
	}

	@Schema(name = "IssueGiftCertificate")
	record IssueDto(
			@Schema(description = "What to load, in pence, 1 to 1,000,000", example = "2000",
					requiredMode = Schema.RequiredMode.REQUIRED) Long amountMinor,
			@Schema(description = "ISO 4217; the shop's currency", example = "GBP",
					requiredMode = Schema.RequiredMode.REQUIRED) String currency,
			@Schema(description = "Who bought it (optional)") String buyerName,
			@Schema(description = "Who it is for (optional)") String recipientName,
			@Schema(description = "The last day it may be used (optional)") LocalDate expiresOn) {
	}

	@Schema(name = "Redemption")
	record RedemptionDto(
			@Schema(description = "What to spend, in pence", example = "750",
					requiredMode = Schema.RequiredMode.REQUIRED) Long amountMinor,
			@Schema(description = "ISO 4217 (optional); if given, it must be the certificate's currency",
					example = "GBP") String currency) {
	}

	@Schema(name = "GiftCertificateBalance")
	record BalanceDto(@Schema(example = "ABCD-EFGH-JKMN-PQRS") String code, long balanceMinor, String currency,
			@Schema(allowableValues = {
					"PENDING", "ACTIVE", "BLOCKED", "VOID" }) String state,
			LocalDate expiresOn){
	}

	@PostMapping(path = "/api/gift-certificates", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Issue an active gift certificate", description = """
			Loads amountMinor onto a new certificate and answers its code. Refused with a problem detail \
			naming the field: a missing, negative or absurd amount (more than £10,000), a currency other \
			than the shop's, a missing Idempotency-Key (400), or a key already used for a different request (422).""")
	@ApiResponse(responseCode = "201", description = "Issued (or the first answer for this key)")
	@ApiResponse(responseCode = "400", description = "No Idempotency-Key, or the body cannot be read",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "Refused; nothing was posted",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<BalanceDto> issue(@AuthenticationPrincipal ShopUser api,
			@Parameter(description = "A unique key per intended write") @RequestHeader(name = KEY,
					required = false) String key,
			@RequestBody IssueDto body) {
		requireKey(key);
		if (body.amountMinor() == null) {
			throw new LedgerRefusedException(Reason.AMOUNT_REQUIRED, "amountMinor");
		}
		if (body.amountMinor() <= 0) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, "amountMinor");
		}
		CertificateReceipt receipt = this.certificates.issue(api, new IssueRequest(body.amountMinor(), body.currency(),
				null, body.buyerName(), null, body.recipientName(), body.expiresOn()), key);
		return ResponseEntity.created(URI.create("/api/gift-certificates/" + receipt.groupedCode()))
			.header("Idempotent-Replayed", Boolean.toString(receipt.replayed()))
			.body(dto(receipt));
	}

	@PostMapping(path = "/api/gift-certificates/{code}/redemptions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Spend from a gift certificate", description = """
			Takes amountMinor off the certificate and answers what is left. Refused, posting nothing: an \
			unknown code (404), a blocked, void, pending or expired certificate, more than its balance, a \
			missing or reused Idempotency-Key.""")
	@ApiResponse(responseCode = "200", description = "Spent (or the first answer for this key)")
	@ApiResponse(responseCode = "404", description = "No such certificate in your shop",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "Refused; nothing was posted",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<BalanceDto> redeem(@AuthenticationPrincipal ShopUser api, @PathVariable String code,
			@RequestHeader(name = KEY, required = false) String key, @RequestBody RedemptionDto body) {
		requireKey(key);
		if (body.amountMinor() == null) {
			throw new LedgerRefusedException(Reason.AMOUNT_REQUIRED, "amountMinor");
		}
		CertificateReceipt receipt = this.certificates.redeem(api, code, body.amountMinor(), body.currency(), key);
		return ResponseEntity.status(HttpStatus.OK)
			.header("Idempotent-Replayed", Boolean.toString(receipt.replayed()))
			.body(dto(receipt));
	}

	@GetMapping(path = "/api/gift-certificates/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A gift certificate's balance and state")
	@ApiResponse(responseCode = "404", description = "No such certificate in your shop",
			content = @Content(mediaType = "application/problem+json",
					schema = @Schema(implementation = ProblemDetail.class)))
	BalanceDto balance(@AuthenticationPrincipal ShopUser api, @PathVariable String code) {
		GiftCertificate certificate = this.certificates.findByCode(api.shopId(), code)
			.orElseThrow(() -> new LedgerRefusedException(Reason.UNKNOWN_CODE, "code"));
		return new BalanceDto(certificate.groupedCode(), certificate.balanceMinor(), certificate.currency(),
				certificate.state().name(), certificate.expiresOn());
	}

	private static BalanceDto dto(CertificateReceipt receipt) {
		return new BalanceDto(receipt.groupedCode(), receipt.balanceMinor(), receipt.currency(), receipt.state().name(),
				receipt.expiresOn());
	}

	private static void requireKey(String key) {
		if (key == null || key.isBlank()) {
			throw new LedgerRefusedException(Reason.IDEMPOTENCY_KEY_INVALID, KEY);
		}
	}

}
