package app.extramile.shared;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A table uploaded by a shop: a CSV file ({@link CsvFile}) or the first sheet of an Excel
 * workbook (.xlsx), read as the same rows. An Excel row's line is its row number as Excel
 * shows it, so a rejected row can be found in the sheet. Dates typed as dates in Excel
 * come out as {@code yyyy-MM-dd}.
 * <p>
 * Also the one place that writes cells for spreadsheets: {@link #neutralise(String)}
 * keeps a value a spreadsheet would run as a formula as plain text.
 */
public final class TableFile {

	/** How a file is read. */
	public enum Format {

		CSV, XLSX

	}

	/**
	 * The file cannot be read as a table: the key of a message for the file field (in
	 * customers.properties, the first module to read tables this way).
	 */
	public static final class Unreadable extends RuntimeException {

		private final String messageKey;

		public Unreadable(String messageKey) {
			super(messageKey, null, false, false);
			this.messageKey = messageKey;
		}

		public String messageKey() {
			return this.messageKey;
		}

	}

	private TableFile() {
	}

	/**
	 * CSV or Excel, from the first bytes (a name can lie). Refuses other binary files
	 * (old .xls, PDF, pictures) with {@code import.file.notATable}.
	 */
	public static Format detect(byte[] content) {
		if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
			return Format.XLSX;
		}
		int checked = Math.min(content.length, 8192);
		for (int i = 0; i < checked; i++) {
			if (content[i] == 0) {
				throw new Unreadable("customerImport.file.notATable");
			}
		}
		if (content.length >= 4 && content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F') {
			throw new Unreadable("customerImport.file.notATable");
		}
		return Format.CSV;
	}

	/** The first {@code limit} non-blank rows. */
	public static List<CsvFile.Row> rows(byte[] content, Format format, char delimiter, int limit) {
		if (format == Format.CSV) {
			return CsvFile.parse(CsvFile.text(content), delimiter, limit);
		}
		return xlsxRows(content, limit);
	}

	/** The delimiter of a CSV file; a comma for Excel (unused). */
	public static char delimiter(byte[] content, Format format) {
		return (format == Format.CSV) ? CsvFile.detectDelimiter(CsvFile.text(content)) : ',';
	}

	private static List<CsvFile.Row> xlsxRows(byte[] content, int limit) {
		try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
			if (workbook.getNumberOfSheets() == 0) {
				return List.of();
			}
			Sheet sheet = workbook.getSheetAt(0);
			DataFormatter formatter = new DataFormatter(Locale.UK);
			List<CsvFile.Row> rows = new ArrayList<>();
			for (Row row : sheet) {
				if (rows.size() >= limit) {
					break;
				}
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
					cells.add(text(row.getCell(c), formatter));
				}
				if (cells.stream().anyMatch((cell) -> !cell.isBlank())) {
					rows.add(new CsvFile.Row(row.getRowNum() + 1, List.copyOf(cells)));
				}
			}
			return rows;
		}
		catch (IOException | RuntimeException ex) {
			// Not a workbook (another zip, a damaged file, or one POI refuses as a zip
			// bomb).
			throw new Unreadable("customerImport.file.badExcel");
		}
	}

	private static String text(Cell cell, DataFormatter formatter) {
		if (cell == null) {
			return "";
		}
		CellType type = (cell.getCellType() == CellType.FORMULA) ? cell.getCachedFormulaResultType()
				: cell.getCellType();
		if (type == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
			LocalDateTime value = cell.getLocalDateTimeCellValue();
			return (value != null) ? value.toLocalDate().toString() : "";
		}
		if (cell.getCellType() == CellType.FORMULA) {
			return switch (type) {
				case NUMERIC -> formatter.formatRawCellContents(cell.getNumericCellValue(),
						cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString());
				case STRING -> cell.getStringCellValue();
				case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
				default -> "";
			};
		}
		return formatter.formatCellValue(cell);
	}

	/**
	 * A cell's text made safe for a spreadsheet: one starting with {@code = + - @}, a tab
	 * or a carriage return would be run as a formula (CSV injection), so it gets a
	 * leading apostrophe and is shown as typed.
	 */
	public static String neutralise(String value) {
		if (value == null || value.isEmpty()) {
			return (value != null) ? value : "";
		}
		return ("=+-@\t\r".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
	}

	/** A neutralised CSV cell, quoted. */
	public static String csvCell(String value) {
		return "\"" + neutralise(value).replace("\"", "\"\"") + "\"";
	}

}
