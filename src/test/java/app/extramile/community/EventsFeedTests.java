package app.extramile.community;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.util.CompatibilityHints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar feed against RFC 5545, read back by ical4j with relaxed parsing off: CRLF,
 * folding at 75 octets (also inside Welsh and emoji text), escaping, UIDs, DTSTAMP, UTC.
 */
class EventsFeedTests {

	static final CommunityEvent FETE = new CommunityEvent(UUID.fromString("6f1c1c38-5b2a-4c4e-9d0e-0c1d2e3f4a5b"),
			"Ffair Nadolig; cakes, tombola \\ carols", Instant.parse("2026-12-05T11:00:00Z"),
			Instant.parse("2026-12-05T15:00:00Z"), "Neuadd y Pentref, Stryd y Capel",
			"Pwyllgor y Neuadd (Siân Ŵyn-Ellis)",
			"Line one,\nline two; with ŵ, ŷ and ☕ repeated: " + "☕ Croeso i bawb! ".repeat(12).strip(), true,
			Instant.parse("2026-11-20T09:30:00Z"));

	static final CommunityEvent OPEN_ENDED = new CommunityEvent(UUID.fromString("00000000-0000-0000-0000-000000000002"),
			"Coffee morning", Instant.parse("2026-12-02T10:00:00Z"), null, null, null, null, true,
			Instant.parse("2026-11-21T08:00:00Z"));

	@BeforeAll
	public static void strict() {
		CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, false);
		CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, false);
		CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, false);
		CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_OUTLOOK_COMPATIBILITY, false);
		CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_NOTES_COMPATIBILITY, false);
	}

	@Test
	void everyLineEndsInCrlfAndNoneIsLongerThan75Octets() {
		String feed = EventsFeed.write("Siop y Llan", List.of(FETE, OPEN_ENDED));

		assertThat(feed).endsWith("END:VCALENDAR\r\n");
		assertThat(feed.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
		boolean folded = false;
		for (String line : feed.split("\r\n")) {
			assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
			folded |= line.startsWith(" ");
		}
		assertThat(folded).as("the long description was folded").isTrue();
		assertThat(new String(feed.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(feed);
	}

	@Test
	void foldingNeverSplitsAMultiByteCharacter() {
		StringBuilder out = new StringBuilder();
		EventsFeed.line(out, "DESCRIPTION:" + "ŵ".repeat(100));
		for (String line : out.toString().split("\r\n")) {
			byte[] octets = line.getBytes(StandardCharsets.UTF_8);
			assertThat(octets.length).isLessThanOrEqualTo(75);
			assertThat(new String(octets, StandardCharsets.UTF_8)).isEqualTo(line);
		}
		assertThat(out.toString().replace("\r\n ", "")).isEqualTo("DESCRIPTION:" + "ŵ".repeat(100) + "\r\n");
	}

	@Test
	void textIsEscaped() {
		assertThat(EventsFeed.text("a,b;c\\d\ne\r\nf")).isEqualTo("a\\,b\\;c\\\\d\\ne\\nf");
	}

	@Test
	void aStrictParserReadsTheEventsBackUnchanged() throws Exception {
		String feed = EventsFeed.write("Siop y Llan, Llan", List.of(FETE, OPEN_ENDED));

		Calendar calendar = new CalendarBuilder().build(new StringReader(feed));
		calendar.validate();

		assertThat(calendar.getProperty("VERSION").orElseThrow().getValue()).isEqualTo("2.0");
		assertThat(calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue()).isEqualTo("Siop y Llan, Llan");
		List<VEvent> events = calendar.getComponents("VEVENT");
		assertThat(events).hasSize(2);
		VEvent fete = events.get(0);
		assertThat(fete.getUid().orElseThrow().getValue()).isEqualTo(FETE.id() + EventsFeed.UID_DOMAIN);
		assertThat(fete.getSummary().getValue()).isEqualTo(FETE.title());
		assertThat(fete.getLocation().getValue()).isEqualTo(FETE.place());
		assertThat(fete.getDescription().getValue()).isEqualTo(FETE.details());
		assertThat(fete.getProperty("CONTACT").orElseThrow().getValue()).isEqualTo(FETE.organiser());
		assertThat(fete.getProperty("DTSTART").orElseThrow().getValue()).isEqualTo("20261205T110000Z");
		assertThat(fete.getProperty("DTEND").orElseThrow().getValue()).isEqualTo("20261205T150000Z");
		assertThat(fete.getProperty("DTSTAMP").orElseThrow().getValue()).isEqualTo("20261120T093000Z");
		assertThat(events.get(1).getProperty("DTEND")).isEmpty();
	}

	@Test
	void theSameEventsGiveTheSameBytes() {
		assertThat(EventsFeed.write("Siop", List.of(FETE))).isEqualTo(EventsFeed.write("Siop", List.of(FETE)));
	}

}
