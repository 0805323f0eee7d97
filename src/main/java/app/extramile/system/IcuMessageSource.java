package app.extramile.system;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.util.ObjectUtils;

/**
 * The messages, formatted with ICU rather than the JDK: Welsh has six plural forms (zero,
 * one, two, few, many, other), so a count is written {@code {0,plural,one{# bag} other{#
 * bags}}} and ICU picks the form by the language's rules. ICU reads the JDK's patterns
 * too ({@code {0}}, {@code choice}, {@code ''}), so every message works in both. A
 * message without arguments is shown as written, as before.
 */
class IcuMessageSource extends ResourceBundleMessageSource {

	private final Map<Locale, Map<String, MessageFormat>> formats = new ConcurrentHashMap<>();

	@Override
	protected String getMessageInternal(String code, Object[] args, Locale locale) {
		if (code == null || ObjectUtils.isEmpty(args)) {
			return super.getMessageInternal(code, args, locale);
		}
		Locale in = (locale != null) ? locale : Locale.getDefault();
		String pattern = resolveCodeWithoutArguments(code, in);
		if (pattern == null) {
			return super.getMessageInternal(code, args, locale);
		}
		Object[] arguments = resolveArguments(args, in);
		for (int i = 0; i < arguments.length; i++) {
			// ICU formats numbers and dates; anything else (a YearMonth, a LocalDate) is
			// shown
			// as the JDK's format showed it, by its toString
			if (!(arguments[i] instanceof Number || arguments[i] instanceof java.util.Date
					|| arguments[i] instanceof java.util.Calendar || arguments[i] instanceof String)) {
				arguments[i] = String.valueOf(arguments[i]);
			}
		}
		MessageFormat format = this.formats.computeIfAbsent(in, (l) -> new ConcurrentHashMap<>())
			.computeIfAbsent(pattern, (p) -> new MessageFormat(p, ULocale.forLocale(in)));
		synchronized (format) {
			return format.format(arguments);
		}
	}

}
