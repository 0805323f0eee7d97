package app.extramile.ledger;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The answer to a certificate write: the balance and state just after it.
 * {@code replayed} is true when the idempotency key had been seen and this is the first
 * answer again.
 */
public record CertificateReceipt(UUID certificateId, String code, CertificateState state, String currency,
		long balanceMinor, LocalDate expiresOn, boolean replayed) {

	/** The code in groups of four, as printed. */
	public String groupedCode() {
		return CertificateCodes.grouped(this.code);
	}

}
