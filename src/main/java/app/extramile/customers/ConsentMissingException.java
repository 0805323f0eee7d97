package app.extramile.customers;

/**
 * Care data was to be saved without the customer's recorded consent to keep it.
 */
public class ConsentMissingException extends RuntimeException {

	private final String consentKind;

	ConsentMissingException(String consentKind) {
		super("no recorded consent: " + consentKind);
		this.consentKind = consentKind;
	}

	/** {@code keepCareNotes} or {@code contactNamedPeople}. */
	public String consentKind() {
		return this.consentKind;
	}

}
