package app.extramile.shared;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages Extra Mile speaks: every text is in both. Welsh comes first where both
 * are printed, as the Welsh Language Standards ask.
 */
public enum Language {

	WELSH("cy"), ENGLISH("en");

	private final String code;

	private final Locale locale;

	Language(String code) {
		this.code = code;
		this.locale = Locale.forLanguageTag(code + "-GB");
	}

	/** The ISO 639-1 code stored and sent in links: {@code cy} or {@code en}. */
	public String code() {
		return this.code;
	}

	/**
	 * The locale pages, messages and dates are made in (Welsh or English, in Britain).
	 */
	public Locale locale() {
		return this.locale;
	}

	/** The language of a stored or typed code; empty for anything else. */
	public static Optional<Language> of(String code) {
		if (code == null) {
			return Optional.empty();
		}
		String typed = code.strip().toLowerCase(Locale.ROOT);
		for (Language language : values()) {
			if (language.code.equals(typed)) {
				return Optional.of(language);
			}
		}
		return Optional.empty();
	}

	/** The language of a locale: Welsh for any Welsh locale, English otherwise. */
	public static Language of(Locale locale) {
		return (locale != null && WELSH.code.equals(locale.getLanguage())) ? WELSH : ENGLISH;
	}

}
