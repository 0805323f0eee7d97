package app.extramile.shared;

/**
 * An API controller whose JSON names a field otherwise than the module's forms do (the
 * API's {@code amountMinor} for the form's {@code amount}): a {@link Refused} is answered
 * naming the field as the API's caller knows it.
 */
@FunctionalInterface
public interface ApiFields {

	/** The API's name for a field named as the forms name it. */
	String apiName(String formField);

}
