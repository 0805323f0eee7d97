package app.extramile.visits.till;

import app.extramile.shared.CsvFile;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import app.extramile.visits.till.TillImport.Mapping;

/**
 * A first guess at the layout of a till export from its first two rows: is the first row
 * a header, and which columns hold the reference, the time and the amount. Staff confirm
 * or change it on the mapping page.
 */
record ColumnGuess(boolean hasHeader, Mapping mapping) {

	private static final Pattern REFERENCE = Pattern.compile("ref|card|customer|loyalty|account|member|cust");

	private static final Pattern TIME = Pattern.compile("time|date|when|seen");

	private static final Pattern AMOUNT = Pattern.compile("amount|total|value|spen[dt]|price|paid|£|sum");

	static ColumnGuess of(List<CsvFile.Row> firstRows, ZoneId zone) {
		if (firstRows.isEmpty()) {
			return new ColumnGuess(false, new Mapping(null, null, null));
		}
		List<String> first = firstRows.get(0).cells();
		List<String> second = (firstRows.size() > 1) ? firstRows.get(1).cells() : null;
		boolean header = timeColumn(first, zone) < 0
				&& (second == null || timeColumn(second, zone) >= 0 || first.stream().noneMatch(ColumnGuess::hasDigit));
		List<String> data = header ? second : first;
		if (header) {
			List<String> names = first.stream().map((name) -> name.trim().toLowerCase(Locale.ROOT)).toList();
			Integer time = named(names, TIME, -1);
			Integer reference = named(names, REFERENCE, (time != null) ? time : -1);
			Integer amount = named(names, AMOUNT, -1);
			if (time == null && data != null && timeColumn(data, zone) >= 0) {
				time = timeColumn(data, zone);
			}
			return new ColumnGuess(true, distinct(reference, time, amount));
		}
		int time = timeColumn(data, zone);
		Integer amount = null;
		Integer reference = null;
		for (int i = 0; i < data.size(); i++) {
			String cell = data.get(i).trim();
			if (i == time || cell.isEmpty()) {
				continue;
			}
			if (amount == null && (cell.contains(".") || cell.contains(","))
					&& TillFormats.amountMinor(cell).isPresent()) {
				amount = i;
			}
			else if (reference == null) {
				reference = i;
			}
		}
		return new ColumnGuess(false, distinct(reference, (time >= 0) ? time : null, amount));
	}

	/** Labels for the columns: the header's names, or "1", "2"... */
	static List<String> labels(List<CsvFile.Row> firstRows, boolean hasHeader) {
		int width = firstRows.stream().mapToInt((row) -> row.cells().size()).max().orElse(0);
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			String name = (hasHeader && !firstRows.isEmpty()) ? firstRows.get(0).cell(i) : null;
			labels.add((name != null && !name.isEmpty()) ? name : null);
		}
		return labels;
	}

	private static Mapping distinct(Integer reference, Integer time, Integer amount) {
		Integer ref = (reference != null && reference.equals(time)) ? null : reference;
		Integer amt = (amount != null && (amount.equals(time) || amount.equals(ref))) ? null : amount;
		return new Mapping(ref, time, amt);
	}

	private static Integer named(List<String> names, Pattern pattern, int except) {
		for (int i = 0; i < names.size(); i++) {
			if (i != except && pattern.matcher(names.get(i)).find()) {
				return i;
			}
		}
		return null;
	}

	private static int timeColumn(List<String> cells, ZoneId zone) {
		for (int i = 0; i < cells.size(); i++) {
			if (TillFormats.time(cells.get(i), zone).isPresent()) {
				return i;
			}
		}
		return -1;
	}

	private static boolean hasDigit(String cell) {
		return cell.chars().anyMatch(Character::isDigit);
	}

}
