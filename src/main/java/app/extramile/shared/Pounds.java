package app.extramile.shared;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Money for people, for every module's pages: pence shown as {@code £7.50} in templates
 * ({@code ${@pounds.show(x)}}) and "7.50" typed into a form read as 750 pence, never
 * through a double.
 */
@Component("pounds")
public class Pounds {

	public String show(long minor) {
		NumberFormat format = NumberFormat.getCurrencyInstance(LocaleContextHolder.getLocale());
		format.setCurrency(Currency.getInstance("GBP"));
		return format.format(BigDecimal.valueOf(minor, 2));
	}

	/** Pence from "7.50", "£7.50" or "7"; null when it is not an amount of money. */
	public static Long parse(String typed) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			BigDecimal pounds = new BigDecimal(typed.trim().replace("£", "").replace(",", ""));
			if (pounds.scale() > 2 || pounds.abs().compareTo(BigDecimal.valueOf(100_000_000)) > 0) {
				return null;
			}
			return pounds.movePointRight(2).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return null;
		}
	}

	public static Locale locale() {
		return LocaleContextHolder.getLocale();
	}

}
