package app.extramile.visits.till;

import app.extramile.shared.CsvFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TillFormatsTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	@Test
	void readsTimesWithAnOffsetExactly() {
		assertThat(TillFormats.time("2026-11-20T09:12:00Z", LONDON)).contains(Instant.parse("2026-11-20T09:12:00Z"));
		assertThat(TillFormats.time("2026-07-20T09:12:00+01:00", LONDON))
			.contains(Instant.parse("2026-07-20T08:12:00Z"));
		assertThat(TillFormats.time("2026-07-20 09:12:00+01:00", LONDON))
			.contains(Instant.parse("2026-07-20T08:12:00Z"));
	}

	@Test
	void readsLocalTimesInTheShopsZoneDayFirst() {
		assertThat(TillFormats.time("2026-07-20T09:12:00", LONDON)).contains(Instant.parse("2026-07-20T08:12:00Z"));
		assertThat(TillFormats.time("2026-07-20 09:12", LONDON)).contains(Instant.parse("2026-07-20T08:12:00Z"));
		assertThat(TillFormats.time("20/11/2026 09:12", LONDON)).contains(Instant.parse("2026-11-20T09:12:00Z"));
		assertThat(TillFormats.time("3/7/2026 9:05:30", LONDON)).contains(Instant.parse("2026-07-03T08:05:30Z"));
		assertThat(TillFormats.time("20.11.2026 09:12", LONDON)).contains(Instant.parse("2026-11-20T09:12:00Z"));
	}

	@Test
	void refusesWhatIsNotATime() {
		assertThat(TillFormats.time("31/02/2026 09:12", LONDON)).isEmpty();
		assertThat(TillFormats.time("11/20/2026 09:12", LONDON)).isEmpty();
		assertThat(TillFormats.time("yesterday", LONDON)).isEmpty();
		assertThat(TillFormats.time("2026-11-20", LONDON)).isEmpty();
		assertThat(TillFormats.time("", LONDON)).isEmpty();
	}

	@Test
	void readsAmountsInPence() {
		assertThat(TillFormats.amountMinor("12.34")).contains(1234L);
		assertThat(TillFormats.amountMinor("12,34")).contains(1234L);
		assertThat(TillFormats.amountMinor("12.3")).contains(1230L);
		assertThat(TillFormats.amountMinor("12")).contains(1200L);
		assertThat(TillFormats.amountMinor("£0.99")).contains(99L);
		assertThat(TillFormats.amountMinor("12.345")).isEmpty();
		assertThat(TillFormats.amountMinor("1,234.00")).isEmpty();
		assertThat(TillFormats.amountMinor("-3.00")).isEmpty();
		assertThat(TillFormats.amountMinor("twelve")).isEmpty();
	}

	@Test
	void readsQuotedCellsAndKeepsTheLineEachRowStartsOn() {
		String text = CsvFile.text(("\uFEFFref,\"time\",note\r\n" + "A1,2026-11-20T09:12:00Z,\"two\nlines\"\r\n"
				+ "\r\n" + "A2;x,2026-11-20T09:13:00Z,\"say \"\"hi\"\"\"\n" + "A3,2026-11-20T09:14:00Z")
			.getBytes(StandardCharsets.UTF_8));

		List<CsvFile.Row> rows = CsvFile.parse(text, CsvFile.detectDelimiter(text));

		assertThat(rows).extracting(CsvFile.Row::line).containsExactly(1, 2, 5, 6);
		assertThat(rows.get(0).cells()).containsExactly("ref", "time", "note");
		assertThat(rows.get(1).cell(2)).isEqualTo("two\nlines");
		assertThat(rows.get(2).cells()).containsExactly("A2;x", "2026-11-20T09:13:00Z", "say \"hi\"");
		assertThat(rows.get(3).cell(0)).isEqualTo("A3");
	}

	@Test
	void detectsSemicolonsAndTabs() {
		assertThat(CsvFile.detectDelimiter("ref;time;amount\nA;B;C")).isEqualTo(';');
		assertThat(CsvFile.detectDelimiter("ref\ttime\nA\tB")).isEqualTo('\t');
		assertThat(CsvFile.detectDelimiter("just one column")).isEqualTo(',');
	}

	@Test
	void guessesTheHeaderAndColumns() {
		ColumnGuess withHeader = ColumnGuess.of(CsvFile.parse("Date,Card no,Total\n20/11/2026 09:12,SYL0001,3.40", ','),
				LONDON);
		assertThat(withHeader.hasHeader()).isTrue();
		assertThat(withHeader.mapping()).isEqualTo(new TillImport.Mapping(1, 0, 2));

		ColumnGuess withoutHeader = ColumnGuess.of(CsvFile.parse("SYL0001,3.40,2026-11-20T09:12:00Z", ','), LONDON);
		assertThat(withoutHeader.hasHeader()).isFalse();
		assertThat(withoutHeader.mapping()).isEqualTo(new TillImport.Mapping(0, 2, 1));
	}

}
