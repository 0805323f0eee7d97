package app.extramile.community;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Money for people on community pages: pence shown as {@code £7.50}
 * ({@code ${@communityPounds.show(x)}}), and "7.50" typed into a form read as 750 pence,
 * never through a double.
 */
@Component("communityPounds")
class Pence {

	public String show(long minor) {
		NumberFormat format = NumberFormat.getCurrencyInstance(LocaleContextHolder.getLocale());
		format.setCurrency(Currency.getInstance("GBP"));
		return format.format(BigDecimal.valueOf(minor, 2));
	}

	/** Pence from "7.50", "£7.50" or "7"; null when it is not an amount of money. */
	static Long parse(String typed) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			BigDecimal pounds = new BigDecimal(typed.strip().replace("£", "").replace(",", ""));
			if (pounds.scale() > 2 || pounds.abs().compareTo(BigDecimal.valueOf(100_000_000)) > 0) {
				return null;
			}
			return pounds.movePointRight(2).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return null;
		}
	}

}
