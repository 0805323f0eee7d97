package app.extramile.system;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import app.extramile.shared.Language;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Texts printed in one language or in both, Welsh first as the Welsh Language Standards
 * ask: for the public page, the window poster and the gift certificate. In templates:
 * {@code th:utext="${texts.html(languages, 'key', arg)}"}, where {@code languages} is
 * {@link #both()} or {@link #current()}.
 */
@Component("bilingual")
public class Bilingual {

	private final MessageSource messages;

	Bilingual(MessageSource messages) {
		this.messages = messages;
	}

	/** Welsh, then English. */
	public static List<Language> both() {
		return List.of(Language.WELSH, Language.ENGLISH);
	}

	/** The language of this request only. */
	public static List<Language> current() {
		return List.of(Language.of(LocaleContextHolder.getLocale()));
	}

	/** Both languages when asked for, else this request's. */
	public static List<Language> languages(boolean bilingual) {
		return bilingual ? both() : current();
	}

	/**
	 * The text in each language, escaped, each in an element that says its language; the
	 * second and later ones on their own line, marked {@code class="also"} to be set
	 * smaller.
	 */
	public String html(List<Language> languages, String key, Object... args) {
		StringBuilder html = new StringBuilder();
		for (Language language : languages) {
			Object[] arguments = (args != null)
					? java.util.Arrays.stream(args).map((arg) -> in(arg, language)).toArray() : null;
			if (languages.size() == 1) {
				return HtmlUtils.htmlEscape(this.messages.getMessage(key, arguments, language.locale()), "UTF-8");
			}
			boolean first = html.isEmpty();
			if (!first) {
				html.append("<br/>");
			}
			html.append("<span lang=\"")
				.append(language.code())
				.append('"')
				.append(first ? "" : " class=\"also\"")
				.append('>')
				.append(HtmlUtils.htmlEscape(this.messages.getMessage(key, arguments, language.locale()), "UTF-8"))
				.append("</span>");
		}
		return html.toString();
	}

	/**
	 * The text in each language as plain text, Welsh first, for a page's title: "Beth
	 * sy'n digwydd · What's on".
	 */
	public String plain(List<Language> languages, String key, Object... args) {
		return String.join(" · ", languages.stream().map((language) -> {
			Object[] arguments = (args != null)
					? java.util.Arrays.stream(args).map((arg) -> in(arg, language)).toArray() : null;
			return this.messages.getMessage(key, arguments, language.locale());
		}).toList());
	}

	/** A date is written in each language's words: 11 Rhagfyr 2026, 11 December 2026. */
	private static Object in(Object arg, Language language) {
		return (arg instanceof LocalDate date)
				? DateTimeFormatter.ofPattern("d MMMM yyyy", language.locale()).format(date) : arg;
	}

}
