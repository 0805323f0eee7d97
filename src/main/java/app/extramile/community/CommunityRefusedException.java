package app.extramile.community;

/**
 * A community board write that was refused, naming the field and a message key; nothing
 * was stored.
 */
public class CommunityRefusedException extends RuntimeException {

	private final String field;

	private final String messageKey;

	CommunityRefusedException(String field, String messageKey) {
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
