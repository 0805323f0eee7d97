package app.extramile.customers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What the customer agreed to, when, and who recorded it. Revocable. Given or withdrawn
 * on paper, it says the day the form was signed, who witnessed it, and the scanned pages
 * kept ({@code pages}: their ids, empty when none).
 */
public record Consent(UUID id, boolean welfareChecks, boolean contactNamedPeople, boolean keepCareNotes,
		String howGiven, LocalDate signedOn, String witnessedBy, Instant recordedAt, UUID recordedBy, Instant revokedAt,
		String revokedHow, LocalDate revokeSignedOn, String revokeWitnessedBy, List<Page> pages) {

	public boolean active() {
		return this.revokedAt == null;
	}

	public boolean onPaper() {
		return this.signedOn != null;
	}

	public boolean withdrawnOnPaper() {
		return this.revokeSignedOn != null;
	}

	/** A scanned signed page: the form giving consent, or the one withdrawing it. */
	public record Page(UUID id, boolean withdrawal) {
	}

	/**
	 * A consent form signed on paper: the day, who from the shop witnessed it, and the
	 * scanned page if there is one.
	 */
	public record Paper(LocalDate signedOn, String witnessedBy, Scan scan) {
	}

	/** A scanned page as uploaded: a PDF, JPEG or PNG. */
	public record Scan(String contentType, byte[] content) {

		/** The largest scan kept: a phone photo of an A4 page fits easily. */
		public static final int MAX_BYTES = 5 * 1024 * 1024;

		/**
		 * The type of a scan from its first bytes (what the file is, not what its name or
		 * the browser says), or null when it is not a PDF, JPEG or PNG.
		 */
		public static String typeOf(byte[] content) {
			if (content == null || content.length < 4) {
				return null;
			}
			if (content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F') {
				return "application/pdf";
			}
			if ((content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8 && (content[2] & 0xFF) == 0xFF) {
				return "image/jpeg";
			}
			if ((content[0] & 0xFF) == 0x89 && content[1] == 'P' && content[2] == 'N' && content[3] == 'G') {
				return "image/png";
			}
			return null;
		}

	}

}
