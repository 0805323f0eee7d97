package app.extramile.shared;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file as exported by a till or a spreadsheet: RFC 4180 quoting, comma, semicolon
 * or tab separated, UTF-8 with or without a byte-order mark, any line ending. Each record
 * keeps the line it starts on, so rejected rows can be reported by their line number in
 * the file. Blank lines are skipped.
 * <p>
 * A quote that is never closed, or closed with text straight after it (often the opening
 * quote of a later row closing one left open), would otherwise swallow every row up to
 * it, unreported. Such a row is read as {@linkplain Row#brokenQuotes() broken} and only
 * its own line is given up: reading goes on from the next line.
 */
public final class CsvFile {

	private CsvFile() {
	}

	/**
	 * One row of the file and the line (from 1) it starts on. {@code brokenQuotes} is the
	 * text of that line when its quoting is broken (and then {@code cells} is empty),
	 * else null.
	 */
	public record Row(int line, List<String> cells, String brokenQuotes) {

		public Row(int line, List<String> cells) {
			this(line, cells, null);
		}

		public String cell(int column) {
			return (column < this.cells.size()) ? this.cells.get(column).trim() : null;
		}

	}

	/**
	 * The file's text: UTF-8 (a byte-order mark dropped), or Windows-1252 when the bytes
	 * are not valid UTF-8, as from a spreadsheet saved as plain "CSV" on Windows (its
	 * pound sign is the single byte 0xA3).
	 */
	public static String text(byte[] content) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(content))
				.toString();
		}
		catch (CharacterCodingException notUtf8) {
			text = new String(content, Charset.forName("windows-1252"));
		}
		return (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? text.substring(1) : text;
	}

	/**
	 * The separator used in the first line: comma, semicolon or tab, whichever is most
	 * frequent.
	 */
	public static char detectDelimiter(String text) {
		int end = text.indexOf('\n');
		String first = (end >= 0) ? text.substring(0, end) : text;
		char best = ',';
		long bestCount = 0;
		for (char candidate : new char[] { ',', ';', '\t' }) {
			long count = first.chars().filter((c) -> c == candidate).count();
			if (count > bestCount) {
				best = candidate;
				bestCount = count;
			}
		}
		return best;
	}

	public static List<Row> parse(String text, char delimiter) {
		return parse(text, delimiter, Integer.MAX_VALUE);
	}

	/** The first {@code limit} non-blank rows. */
	public static List<Row> parse(String text, char delimiter, int limit) {
		List<Row> rows = new ArrayList<>();
		Cursor cursor = new Cursor(text, delimiter);
		Row row;
		while (rows.size() < limit && (row = cursor.next()) != null) {
			rows.add(row);
		}
		return rows;
	}

	/** Reads rows one at a time, so a large file is never held as a list of rows. */
	public static final class Cursor {

		private final String text;

		private final char delimiter;

		private int position;

		private int line = 1;

		public Cursor(String text, char delimiter) {
			this.text = text;
			this.delimiter = delimiter;
		}

		/** The next non-blank row, or null at the end of the file. */
		public Row next() {
			while (this.position < this.text.length()) {
				Row row = readRow();
				if (row.brokenQuotes() != null || row.cells().stream().anyMatch((cell) -> !cell.isBlank())) {
					return row;
				}
			}
			return null;
		}

		/** Skips {@code count} non-blank rows; false if the file ends first. */
		public boolean skip(int count) {
			for (int i = 0; i < count; i++) {
				if (next() == null) {
					return false;
				}
			}
			return true;
		}

		private Row readRow() {
			String text = this.text;
			int n = text.length();
			int rowStart = this.line;
			int startPosition = this.position;
			List<String> cells = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			boolean wasQuoted = false;
			while (this.position < n) {
				char c = text.charAt(this.position++);
				if (quoted) {
					if (c == '"') {
						if (this.position < n && text.charAt(this.position) == '"') {
							cell.append('"');
							this.position++;
						}
						else {
							quoted = false;
							int next = this.position;
							while (next < n && (text.charAt(next) == ' '
									|| (text.charAt(next) == '\t' && this.delimiter != '\t'))) {
								next++;
							}
							if (next < n && text.charAt(next) != this.delimiter && text.charAt(next) != '\r'
									&& text.charAt(next) != '\n') {
								return broken(startPosition, rowStart);
							}
							this.position = next;
						}
					}
					else {
						if (c == '\n') {
							this.line++;
						}
						cell.append(c);
					}
				}
				else if (c == '"' && !wasQuoted && cell.toString().isBlank()) {
					cell.setLength(0);
					quoted = true;
					wasQuoted = true;
				}
				else if (c == this.delimiter) {
					cells.add(cell.toString());
					cell.setLength(0);
					wasQuoted = false;
				}
				else if (c == '\r' || c == '\n') {
					if (c == '\r' && this.position < n && text.charAt(this.position) == '\n') {
						this.position++;
					}
					this.line++;
					cells.add(cell.toString());
					return new Row(rowStart, List.copyOf(cells));
				}
				else {
					cell.append(c);
				}
			}
			if (quoted) {
				return broken(startPosition, rowStart);
			}
			cells.add(cell.toString());
			return new Row(rowStart, List.copyOf(cells));
		}

		/** Gives up the row's first line only, and goes on from the line after it. */
		private Row broken(int startPosition, int rowStart) {
			String text = this.text;
			int n = text.length();
			int end = startPosition;
			while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
				end++;
			}
			String line = text.substring(startPosition, end);
			if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
				end++;
			}
			this.position = Math.min(end + 1, n);
			this.line = rowStart + 1;
			return new Row(rowStart, List.of(), line);
		}

	}

}
