package app.extramile.notifications;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a notification may say besides its fixed text: a first name, what we ask (a
 * message key, not free text) and a link into the app, where the details are shown after
 * signing in. This is the safeguarding rule made structural: there is no field for care
 * notes, health details or access notes, and each field is checked so that none can be
 * smuggled in through another. The texts of {@code messages/notifications.properties} may
 * only use these three placeholders, and digests whole numbers as {3} onwards
 * ({@code NotificationTextsTests} checks it).
 *
 * @param firstName one word, e.g. Gwen: {0} in the texts
 * @param askKey a key under {@code notify.ask.}, e.g. {@code notify.ask.ring}: {1}
 * @param linkPath a path in the app, e.g. {@code /welfare/1b2c...}; made absolute with
 * {@code extramile.notifications.base-url}: {2}
 * @param figures whole numbers for a digest (e.g. checks this month), {3} onwards, at
 * most {@value #MAX_FIGURES}: numbers only, so they cannot carry words either
 */
public record MessageArgs(String firstName, String askKey, String linkPath, List<Long> figures) {

	public static final int MAX_FIGURES = 16;

	private static final Pattern FIRST_NAME = Pattern.compile("\\p{L}[\\p{L}'’.-]{0,29}");

	private static final Pattern ASK_KEY = Pattern.compile("notify\\.ask\\.[a-z0-9.-]{1,80}");

	/** A path with no query string, so it cannot carry words either. */
	private static final Pattern LINK_PATH = Pattern.compile("/[A-Za-z0-9/_-]{0,250}");

	public MessageArgs(String firstName, String askKey, String linkPath) {
		this(firstName, askKey, linkPath, List.of());
	}

	public MessageArgs {
		figures = (figures != null) ? List.copyOf(figures) : List.of();
		if (figures.size() > MAX_FIGURES) {
			throw new IllegalArgumentException("at most " + MAX_FIGURES + " figures");
		}
		if (firstName == null || !FIRST_NAME.matcher(firstName).matches()) {
			throw new IllegalArgumentException("a first name is one word of letters, at most 30");
		}
		if (askKey == null || !ASK_KEY.matcher(askKey).matches()) {
			throw new IllegalArgumentException("the ask is a message key under notify.ask.");
		}
		if (linkPath == null || !LINK_PATH.matcher(linkPath).matches()) {
			throw new IllegalArgumentException("the link is a path in the app without a query string");
		}
	}

	/**
	 * The first word of a person's name as a notification may carry it: letters (and
	 * apostrophes, dots and hyphens) only, starting with a letter, at most 30; never a
	 * surname. {@code fallback} when nothing is left (e.g. a name of digits).
	 */
	public static String firstNameOf(String name, String fallback) {
		String word = (name != null && !name.isBlank()) ? name.trim().split("\\s+")[0] : "";
		word = word.replaceAll("[^\\p{L}'’.-]", "").replaceFirst("^[^\\p{L}]+", "");
		return word.isEmpty() ? fallback : word.substring(0, Math.min(word.length(), 30));
	}

}
