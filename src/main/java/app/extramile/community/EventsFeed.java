package app.extramile.community;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes public events as an iCalendar feed (RFC 5545): CRLF line ends, lines folded at
 * 75 octets (never inside a UTF-8 character), TEXT values escaped, a stable UID per event
 * so calendar apps update rather than duplicate, DTSTAMP from when the event last changed
 * (so the feed's bytes only change when an event does), and all times in UTC.
 */
final class EventsFeed {

	static final String UID_DOMAIN = "@extramile.community";

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final int MAX_OCTETS = 75;

	private EventsFeed() {
	}

	static String write(String calendarName, List<CommunityEvent> events) {
		StringBuilder out = new StringBuilder();
		line(out, "BEGIN:VCALENDAR");
		line(out, "VERSION:2.0");
		line(out, "PRODID:-//Extra Mile//Community board//EN");
		line(out, "CALSCALE:GREGORIAN");
		line(out, "METHOD:PUBLISH");
		line(out, "X-WR-CALNAME:" + text(calendarName));
		for (CommunityEvent event : events) {
			line(out, "BEGIN:VEVENT");
			line(out, "UID:" + event.id() + UID_DOMAIN);
			line(out, "DTSTAMP:" + utc(event.updatedAt()));
			line(out, "DTSTART:" + utc(event.startsAt()));
			if (event.endsAt() != null) {
				line(out, "DTEND:" + utc(event.endsAt()));
			}
			line(out, "SUMMARY:" + text(event.title()));
			if (event.place() != null) {
				line(out, "LOCATION:" + text(event.place()));
			}
			if (event.organiser() != null) {
				line(out, "CONTACT:" + text(event.organiser()));
			}
			if (event.details() != null) {
				line(out, "DESCRIPTION:" + text(event.details()));
			}
			line(out, "END:VEVENT");
		}
		line(out, "END:VCALENDAR");
		return out.toString();
	}

	static String utc(Instant instant) {
		return UTC.format(instant);
	}

	/** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
	static String text(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case ';' -> escaped.append("\\;");
				case ',' -> escaped.append("\\,");
				case '\n' -> escaped.append("\\n");
				case '\r' -> {
					if (i + 1 >= value.length() || value.charAt(i + 1) != '\n') {
						escaped.append("\\n");
					}
				}
				default -> {
					if (c >= 0x20 || c == '\t') {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/**
	 * Appends a content line folded so no line exceeds 75 octets: each continuation
	 * starts with a space, which counts towards its 75.
	 */
	static void line(StringBuilder out, String content) {
		int octets = 0;
		int i = 0;
		while (i < content.length()) {
			int codePoint = content.codePointAt(i);
			int width = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
			if (octets + width > MAX_OCTETS) {
				out.append("\r\n ");
				octets = 1;
			}
			out.appendCodePoint(codePoint);
			octets += width;
			i += Character.charCount(codePoint);
		}
		out.append("\r\n");
	}

}
