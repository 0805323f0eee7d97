package app.extramile.shared;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;

/**
 * Which field of a JSON request body could not be read, for problem details: a path like
 * {@code visits[3].seenAt}, or the key that was given twice.
 */
public final class JsonFields {

	private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"([^\"]{1,100})\"");

	private JsonFields() {
	}

	/**
	 * The field at fault in the JSON error that caused {@code failure}, if it names one.
	 */
	public static Optional<String> at(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException json) {
				String path = path(json.getPath());
				Matcher duplicate = DUPLICATE.matcher(String.valueOf(json.getOriginalMessage()));
				if (duplicate.find()) {
					return Optional.of(path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1));
				}
				return path.isEmpty() ? Optional.empty() : Optional.of(path);
			}
		}
		return Optional.empty();
	}

	/** Whether the JSON error is a key given twice. */
	public static boolean duplicateKey(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException json) {
				return DUPLICATE.matcher(String.valueOf(json.getOriginalMessage())).find();
			}
		}
		return false;
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
			else if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
		}
		return path.toString();
	}

}
