package app.extramile.customers.importing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import app.extramile.customers.CustomerDetails;
import app.extramile.customers.importing.ImportRejection.Reason;
import app.extramile.shared.CsvFile;

/**
 * Reads one row of a customer list as a new customer's details, or says why it cannot.
 * Birthdays are read day first, the British way: 03/04/1950 is 3 April 1950.
 */
final class CustomerRows {

	/** A date with the day first, or ISO; Excel dates come as ISO. */
	private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE, date("d/M/uuuu"),
			date("d.M.uuuu"), date("d-M-uuuu"), date("d MMM uuuu"), date("d MMMM uuuu"));

	private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()-]{5,22}$");

	private final Columns columns;

	private final LocalDate today;

	CustomerRows(Columns columns, LocalDate today) {
		this.columns = columns;
		this.today = today;
	}

	/** A row read: the details and the row's fingerprint, or a rejection. */
	public record Read(int line, CustomerDetails details, String notes, String key, ImportRejection rejection) {

		public boolean rejected() {
			return this.rejection != null;
		}

	}

	private static DateTimeFormatter date(String pattern) {
		return new DateTimeFormatterBuilder().parseCaseInsensitive()
			.appendPattern(pattern)
			.toFormatter(Locale.UK)
			.withResolverStyle(ResolverStyle.STRICT);
	}

	Read read(CsvFile.Row row) {
		if (row.brokenQuotes() != null) {
			return rejected(row, Reason.BROKEN_QUOTES, row.brokenQuotes());
		}
		if (row.cells().size() <= this.columns.widest()) {
			// Trailing empty cells are often left out: only the name must be there.
			if (row.cells().size() <= this.columns.of(Field.NAME)) {
				return rejected(row, Reason.MISSING_COLUMN, null);
			}
		}
		String name = cell(row, Field.NAME);
		if (name.isEmpty()) {
			return rejected(row, Reason.MISSING_NAME, null);
		}
		if (name.length() > 120) {
			return rejected(row, Reason.TOO_LONG, name);
		}
		String phone = cell(row, Field.PHONE);
		if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
			return rejected(row, Reason.BAD_PHONE, phone);
		}
		String address = cell(row, Field.ADDRESS);
		String postcode = cell(row, Field.POSTCODE).toUpperCase(Locale.ROOT);
		String reference = cell(row, Field.REFERENCE);
		String notes = cell(row, Field.NOTES);
		if (phone.length() > 30 || address.length() > 200 || postcode.length() > 12 || reference.length() > 60
				|| notes.length() > 1000) {
			return rejected(row, Reason.TOO_LONG, null);
		}
		String birthdayText = cell(row, Field.BIRTHDAY);
		LocalDate birthday = null;
		if (!birthdayText.isEmpty()) {
			Optional<LocalDate> parsed = birthday(birthdayText);
			if (parsed.isEmpty()) {
				return rejected(row, Reason.BAD_BIRTHDAY, birthdayText);
			}
			if (parsed.get().isAfter(this.today)) {
				return rejected(row, Reason.FUTURE_BIRTHDAY, birthdayText);
			}
			birthday = parsed.get();
		}
		CustomerDetails details = new CustomerDetails(blank(reference), name, null, blank(phone), null, blank(address),
				null, blank(postcode), null, null, birthday, null, List.of());
		String key = fingerprint(name, Duplicates.phoneKey(phone), address, postcode, reference,
				(birthday != null) ? birthday.toString() : "", notes);
		return new Read(row.line(), details, blank(notes), key, null);
	}

	static Optional<LocalDate> birthday(String text) {
		String value = text.trim();
		for (DateTimeFormatter format : DATES) {
			try {
				return Optional.of(LocalDate.parse(value, format));
			}
			catch (DateTimeParseException ex) {
				// try the next format
			}
		}
		return Optional.empty();
	}

	private String cell(CsvFile.Row row, Field field) {
		Integer column = this.columns.of(field);
		if (column == null || column >= row.cells().size()) {
			return "";
		}
		return row.cell(column).strip();
	}

	private static String blank(String value) {
		return value.isEmpty() ? null : value;
	}

	/**
	 * The row's fields, normalised and hashed: the same row in any file has the same key.
	 */
	private static String fingerprint(String... parts) {
		StringBuilder joined = new StringBuilder();
		for (String part : parts) {
			joined.append(part.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")).append('\u001f');
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(joined.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Read rejected(CsvFile.Row row, Reason reason, String detail) {
		return new Read(row.line(), null, null, null, ImportRejection.of(row.line(), reason, detail));
	}

}
