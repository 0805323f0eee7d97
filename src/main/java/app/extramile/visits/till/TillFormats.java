package app.extramile.visits.till;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How till exports write times and amounts, and how we read them. The accepted formats
 * are listed on the import page (messages {@code import.formats.*}); keep both in step.
 */
final class TillFormats {

	/** ISO-8601 with an offset: 2026-11-20T09:12:00Z, 2026-11-20T09:12:00+01:00. */
	private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

	/**
	 * Local times, read in the shop's time zone. Day first: 20/11/2026 is 20 November.
	 */
	private static final List<DateTimeFormatter> LOCAL = List.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME,
			local("uuuu-MM-dd HH:mm[:ss]"), local("d/M/uuuu H:mm[:ss]"), local("d.M.uuuu H:mm[:ss]"));

	/** Pounds and pence: 12.34, 12,34, 12, £12.34. */
	private static final Pattern AMOUNT = Pattern.compile("^[£€$]?\\s*(\\d{1,9})(?:[.,](\\d{1,2}))?$");

	private TillFormats() {
	}

	private static DateTimeFormatter local(String pattern) {
		return new DateTimeFormatterBuilder().appendPattern(pattern)
			.parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
			.toFormatter()
			.withResolverStyle(ResolverStyle.STRICT);
	}

	static Optional<Instant> time(String text, ZoneId zone) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		String value = text.trim();
		try {
			return Optional.of(OffsetDateTime.parse(value.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T"), WITH_OFFSET)
				.toInstant());
		}
		catch (DateTimeParseException ex) {
			// not with an offset: try the local formats
		}
		for (DateTimeFormatter format : LOCAL) {
			try {
				// In the autumn overlap the earlier offset wins; in the spring gap, the
				// time moves forward: what the till meant in both cases.
				return Optional.of(LocalDateTime.parse(value, format).atZone(zone).toInstant());
			}
			catch (DateTimeParseException ex) {
				// try the next format
			}
		}
		return Optional.empty();
	}

	/** The amount in minor units (pence), or empty when it is not an amount we read. */
	static Optional<Long> amountMinor(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = AMOUNT.matcher(text.trim());
		if (!matcher.matches()) {
			return Optional.empty();
		}
		long units = Long.parseLong(matcher.group(1));
		String fraction = matcher.group(2);
		long minor = (fraction == null) ? 0 : Long.parseLong((fraction.length() == 1) ? fraction + "0" : fraction);
		return Optional.of(units * 100 + minor);
	}

}
