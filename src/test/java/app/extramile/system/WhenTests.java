package app.extramile.system;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.i18n.LocaleContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates in words, as people say them: "Friday 11 December", the year only when it is not
 * this year's, times without seconds.
 */
class WhenTests {

	private final When when = new When(null);

	private final LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));

	@BeforeEach
	void british() {
		LocaleContextHolder.setLocale(Locale.UK);
	}

	@AfterEach
	void reset() {
		LocaleContextHolder.resetLocaleContext();
	}

	@Test
	void aDayThisYearIsItsWeekdayDayAndMonth() {
		LocalDate day = this.today.withMonth(12).withDayOfMonth(11);
		assertThat(this.when.date(day))
			.isEqualTo(day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.UK) + " 11 December");
	}

	@Test
	void aDayInAnotherYearSaysTheYear() {
		assertThat(this.when.date(LocalDate.of(2020, 12, 11))).isEqualTo("Friday 11 December 2020");
	}

	@Test
	void aMomentIsTheDayInWordsAndTheTimeWithoutSeconds() {
		ZonedDateTime at = ZonedDateTime.of(2020, 6, 5, 9, 7, 42, 0, ZoneId.of("Europe/London"));
		assertThat(this.when.at(at.toInstant())).isEqualTo("Friday 5 June 2020, 09:07");
	}

	@Test
	void birthdaysAndMonths() {
		assertThat(this.when.birthday(LocalDate.of(1941, 3, 2))).isEqualTo("2 March 1941");
		assertThat(this.when.month(YearMonth.of(2026, 11))).isEqualTo("November 2026");
		assertThat(this.when.date(null)).isEmpty();
	}

	@Test
	void inWelshTheDayAndMonthAreWelshAndDyddIsWrittenAsInASentence() {
		LocaleContextHolder.setLocale(app.extramile.shared.Language.WELSH.locale());
		assertThat(this.when.date(LocalDate.of(2020, 12, 11))).isEqualTo("dydd Gwener 11 Rhagfyr 2020");
		assertThat(this.when.birthday(LocalDate.of(1941, 3, 2))).isEqualTo("2 Mawrth 1941");
		assertThat(this.when.month(YearMonth.of(2026, 11))).isEqualTo("Tachwedd 2026");
	}

}
