package app.extramile.shared;

import java.util.Map;

/**
 * Input refused and nothing stored: the field at fault, named as the form names it (null
 * when no one field is), and the message to show, a key in {@code messages} with its
 * arguments. Every module refuses with this one type: a page shows it by its field
 * ({@link FormRefusal}), the API answers it as an RFC 9457 problem detail naming the
 * field. A module keeps a subclass only where it adds something real (the ledger's reason
 * codes).
 */
public class Refused extends RuntimeException {

	/** What kind of refusal it is, so that the API answers it with the right status. */
	public enum Kind {

		/** The request was read, but what it asks is refused (422). */
		REFUSED,
		/** The request itself lacks something it must have, such as its key (400). */
		BAD_REQUEST,
		/** What it names does not exist in the caller's shop (404). */
		NOT_FOUND,
		/** The caller may not do this (403). */
		FORBIDDEN

	}

	private final Kind kind;

	private final String field;

	private final String messageKey;

	private final Object[] arguments;

	public Refused(String field, String messageKey, Object... arguments) {
		this(Kind.REFUSED, field, messageKey, arguments);
	}

	public Refused(Kind kind, String field, String messageKey, Object... arguments) {
		super((field != null) ? field + ": " + messageKey : messageKey);
		this.kind = kind;
		this.field = field;
		this.messageKey = messageKey;
		this.arguments = (arguments != null) ? arguments.clone() : new Object[0];
	}

	public Kind kind() {
		return this.kind;
	}

	/** The form field at fault, or null when the refusal is about the form as a whole. */
	public String field() {
		return this.field;
	}

	public String messageKey() {
		return this.messageKey;
	}

	public Object[] arguments() {
		return this.arguments.clone();
	}

	/** More for the API's problem detail than the field and the message; none here. */
	public Map<String, Object> details() {
		return Map.of();
	}

}
