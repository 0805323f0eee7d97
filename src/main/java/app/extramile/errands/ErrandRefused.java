package app.extramile.errands;

/**
 * An errand request or change was refused; {@link #field()} names the form field (or
 * {@code errand}), {@link #messageKey()} the message in {@code messages/errands}.
 */
public class ErrandRefused extends RuntimeException {

	private final String field;

	private final String messageKey;

	public ErrandRefused(String field, String messageKey) {
		super(field + ": " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
	}

	public String field() {
		return this.field;
	}

	public String messageKey() {
		return this.messageKey;
	}

}
