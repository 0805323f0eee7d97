package app.extramile.impact;

import java.math.BigDecimal;

import app.extramile.impact.ImpactKind.Measure;
import app.extramile.impact.ImpactStore.Figures;
import app.extramile.impact.ImpactStore.Year;

/**
 * A year of figures as CSV (RFC 4180, CRLF): one row per month and kind, with the number
 * of facts and what they measure in its own column: money in pounds, time given in
 * minutes, time to answer an alarm in seconds (blank where a kind has no such measure),
 * for spreadsheets, grant-makers and awards.
 */
final class ImpactCsv {

	private ImpactCsv() {
	}

	static String write(Year year) {
		StringBuilder csv = new StringBuilder("month,kind,count,amount_gbp,minutes_given,seconds_to_answer\r\n");
		for (int m = 0; m < 12; m++) {
			Figures month = year.months().get(m);
			String period = String.format("%04d-%02d", year.year(), m + 1);
			for (ImpactKind kind : ImpactKind.values()) {
				csv.append(period)
					.append(',')
					.append(kind.name().toLowerCase(java.util.Locale.ROOT))
					.append(',')
					.append(month.facts(kind))
					.append(',')
					.append((kind.measure() == Measure.PENCE)
							? BigDecimal.valueOf(month.amountMinor(kind), 2).toPlainString() : "")
					.append(',')
					.append((kind.measure() == Measure.MINUTES) ? Long.toString(month.amountMinor(kind)) : "")
					.append(',')
					.append((kind.measure() == Measure.SECONDS) ? Long.toString(month.amountMinor(kind)) : "")
					.append("\r\n");
			}
		}
		return csv.toString();
	}

}
