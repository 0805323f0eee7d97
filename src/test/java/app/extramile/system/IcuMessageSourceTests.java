package app.extramile.system;

import java.util.Locale;

import app.extramile.shared.Language;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts in Welsh take one of six forms, which the JDK's message format cannot choose;
 * ICU's can, and it still reads every message written the JDK's way.
 */
class IcuMessageSourceTests {

	private final IcuMessageSource messages = messages();

	private static IcuMessageSource messages() {
		IcuMessageSource source = new IcuMessageSource();
		source.setBasenames("icu-test/counts");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(false);
		return source;
	}

	@Test
	void welshCountsTakeTheirSixForms() {
		Locale welsh = Language.WELSH.locale();
		assertThat(bags(0, welsh)).isEqualTo("dim bagiau");
		assertThat(bags(1, welsh)).isEqualTo("1 bag");
		assertThat(bags(2, welsh)).isEqualTo("dau fag");
		assertThat(bags(3, welsh)).isEqualTo("tri bag");
		assertThat(bags(6, welsh)).isEqualTo("chwe bag");
		assertThat(bags(10, welsh)).isEqualTo("10 bag");
	}

	@Test
	void englishCountsTakeTwo() {
		Locale english = Language.ENGLISH.locale();
		assertThat(bags(0, english)).isEqualTo("0 bags");
		assertThat(bags(1, english)).isEqualTo("1 bag");
		assertThat(bags(2, english)).isEqualTo("2 bags");
		assertThat(bags(1200, english)).isEqualTo("1,200 bags");
	}

	@Test
	void messagesWrittenForTheJdkReadTheSame() {
		Locale english = Language.ENGLISH.locale();
		assertThat(this.messages.getMessage("lastSeen", new Object[] { "Friday", 0 }, english))
			.isEqualTo("Last seen Friday, today.");
		assertThat(this.messages.getMessage("lastSeen", new Object[] { "Friday", 5 }, english))
			.isEqualTo("Last seen Friday, 5 days ago.");
		assertThat(this.messages.getMessage("lastSeen", new Object[] { "dydd Gwener", 1 }, Language.WELSH.locale()))
			.isEqualTo("Gwelwyd ddiwethaf dydd Gwener, ddoe.");
		assertThat(this.messages.getMessage("possessive", new Object[] { "Mair" }, english))
			.isEqualTo("Open Mair's profile");
		assertThat(this.messages.getMessage("plain", null, english)).isEqualTo("What's on");
		assertThat(this.messages.getMessage("possessive", new Object[] { java.time.YearMonth.of(2026, 11) }, english))
			.as("a value ICU has no format for is shown as it writes itself")
			.isEqualTo("Open 2026-11's profile");
	}

	@Test
	void aLanguageWithoutItsOwnTextFallsBackToEnglish() {
		assertThat(this.messages.getMessage("possessive", new Object[] { "Mair" }, Locale.FRANCE))
			.isEqualTo("Open Mair's profile");
	}

	private String bags(int count, Locale locale) {
		return this.messages.getMessage("bags", new Object[] { count }, locale);
	}

}
