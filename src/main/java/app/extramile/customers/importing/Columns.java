package app.extramile.customers.importing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import app.extramile.shared.CsvFile;

/**
 * Which column (from 0) holds each {@link Field}, and a first guess at it from the
 * header, or from what the first rows look like when there is none. Staff confirm or
 * change it before the import starts.
 */
record Columns(boolean hasHeader, Map<Field, Integer> columns) {

	private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()-]{9,20}$");

	private static final Pattern POSTCODE = Pattern.compile("^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$");

	private static final Pattern DATE = Pattern.compile("^\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}$");

	Columns {
		columns = new EnumMap<>(columns.isEmpty() ? new EnumMap<>(Field.class) : columns);
	}

	Integer of(Field field) {
		return this.columns.get(field);
	}

	boolean hasName() {
		return this.columns.containsKey(Field.NAME);
	}

	int widest() {
		return this.columns.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
	}

	/** name=0,phone=2 */
	String stored() {
		List<String> pairs = new ArrayList<>();
		this.columns.forEach((field, column) -> pairs.add(field.key() + "=" + column));
		return String.join(",", pairs);
	}

	static Columns read(boolean hasHeader, String stored) {
		Map<Field, Integer> columns = new EnumMap<>(Field.class);
		if (stored != null && !stored.isBlank()) {
			for (String pair : stored.split(",")) {
				String[] parts = pair.split("=");
				columns.put(Field.valueOf(parts[0].toUpperCase(Locale.ROOT)), Integer.parseInt(parts[1]));
			}
		}
		return new Columns(hasHeader, columns);
	}

	static Columns guess(List<CsvFile.Row> firstRows) {
		Map<Field, Integer> columns = new EnumMap<>(Field.class);
		if (firstRows.isEmpty()) {
			return new Columns(false, columns);
		}
		List<String> first = firstRows.get(0).cells();
		boolean header = first.stream().noneMatch((cell) -> PHONE.matcher(cell.trim()).matches())
				&& first.stream().noneMatch((cell) -> DATE.matcher(cell.trim()).matches())
				&& first.stream().anyMatch((cell) -> named(cell) != null);
		if (header) {
			for (int i = 0; i < first.size(); i++) {
				Field field = named(first.get(i));
				if (field != null && !columns.containsKey(field)) {
					columns.put(field, i);
				}
			}
			return new Columns(true, columns);
		}
		// No header: guess from the look of the first row's cells.
		for (int i = 0; i < first.size(); i++) {
			String cell = first.get(i).trim();
			Field field = null;
			if (cell.isEmpty()) {
				continue;
			}
			if (POSTCODE.matcher(cell).matches()) {
				field = Field.POSTCODE;
			}
			else if (DATE.matcher(cell).matches()) {
				field = Field.BIRTHDAY;
			}
			else if (PHONE.matcher(cell).matches()) {
				field = Field.PHONE;
			}
			else if (cell.chars().anyMatch(Character::isDigit) && cell.contains(" ")) {
				field = Field.ADDRESS;
			}
			else if (cell.chars().anyMatch(Character::isDigit)) {
				field = Field.REFERENCE;
			}
			else if (cell.contains(" ")) {
				field = columns.containsKey(Field.NAME) ? Field.NOTES : Field.NAME;
			}
			if (field != null && !columns.containsKey(field)) {
				columns.put(field, i);
			}
		}
		return new Columns(false, columns);
	}

	/**
	 * The field a header names, the most specific first (a "Phone number" is a phone).
	 */
	private static Field named(String header) {
		String name = header.trim().toLowerCase(Locale.ROOT);
		if (name.isEmpty()) {
			return null;
		}
		for (Field field : new Field[] { Field.POSTCODE, Field.BIRTHDAY, Field.PHONE, Field.ADDRESS, Field.NOTES,
				Field.REFERENCE, Field.NAME }) {
			if (field.namedBy(name)) {
				return field;
			}
		}
		return null;
	}

}
