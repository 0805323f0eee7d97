package app.extramile.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import app.extramile.shared.ShopUser;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Formats instants in the signed-in shop's time zone for templates:
 * {@code ${@when.at(x)}}.
 */
@Component("when")
public class When {

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

	private final Shops shops;

	When(Shops shops) {
		this.shops = shops;
	}

	public String at(Instant instant) {
		if (instant == null) {
			return "";
		}
		return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", LocaleContextHolder.getLocale())
			.format(instant.atZone(zone()));
	}

	public String time(Instant instant) {
		return (instant != null) ? DateTimeFormatter.ofPattern("HH:mm").format(instant.atZone(zone())) : "";
	}

	public String date(LocalDate date) {
		return (date != null) ? DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
			.withLocale(LocaleContextHolder.getLocale())
			.format(date) : "";
	}

	public ZoneId zone() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ShopUser user) {
			return this.shops.zone(user.shopId());
		}
		return DEFAULT_ZONE;
	}

}
