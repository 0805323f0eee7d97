package app.extramile.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import app.extramile.customers.CustomerId;

/**
 * A gift certificate as the shop sees it, with its balance derived from the ledger.
 */
public record GiftCertificate(UUID id, String code, CertificateState state, String currency, long balanceMinor,
		CustomerId buyerId, String buyerName, CustomerId recipientId, String recipientName, LocalDate expiresOn,
		Instant issuedAt) {

	/** The code in groups of four, as printed. */
	public String groupedCode() {
		return CertificateCodes.grouped(this.code);
	}

}
