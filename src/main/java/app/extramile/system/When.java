package app.extramile.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import app.extramile.shared.ShopUser;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Formats dates and times for templates, in words in the person's language and in the
 * signed-in shop's time zone, as {@code @when} in templates.
 */
@Component("when")
public class When {

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

	private final Shops shops;

	When(Shops shops) {
		this.shops = shops;
	}

	/**
	 * A moment in words: Friday 11 December, 10:30 (with the year when it is not this
	 * year's).
	 */
	public String at(Instant instant) {
		if (instant == null) {
			return "";
		}
		ZonedDateTime at = instant.atZone(zone());
		return date(at.toLocalDate()) + ", " + time(instant);
	}

	/** The time of day, 10:30, in the shop's time zone, without seconds. */
	public String time(Instant instant) {
		return (instant != null) ? DateTimeFormatter.ofPattern("HH:mm").format(instant.atZone(zone())) : "";
	}

	/** A day in words: Friday 11 December (with the year when it is not this year's). */
	public String date(LocalDate date) {
		if (date == null) {
			return "";
		}
		String pattern = (date.getYear() == LocalDate.now(zone()).getYear()) ? "EEEE d MMMM" : "EEEE d MMMM yyyy";
		return inSentence(DateTimeFormatter.ofPattern(pattern, LocaleContextHolder.getLocale()).format(date));
	}

	/**
	 * A weekday as it is written inside a sentence: in Welsh "dydd Gwener", where the
	 * JDK's calendar data writes "Dydd Gwener" as if it began one.
	 */
	public static String inSentence(String date) {
		return date.startsWith("Dydd ") ? "d" + date.substring(1) : date;
	}

	/**
	 * A birthday: 11 December 1941, no weekday (it would be the one of the year of
	 * birth).
	 */
	public String birthday(LocalDate date) {
		return (date != null) ? DateTimeFormatter.ofPattern("d MMMM yyyy", LocaleContextHolder.getLocale()).format(date)
				: "";
	}

	/** A month: November 2026. */
	public String month(YearMonth month) {
		return (month != null) ? DateTimeFormatter.ofPattern("MMMM yyyy", LocaleContextHolder.getLocale()).format(month)
				: "";
	}

	public ZoneId zone() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ShopUser user) {
			return this.shops.zone(user.shopId());
		}
		return DEFAULT_ZONE;
	}

}
