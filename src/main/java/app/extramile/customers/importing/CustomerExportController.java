package app.extramile.customers.importing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.TableFile;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The customer list as a spreadsheet, for staff and owners: the profile anyone on the
 * team may see, and the notes that came with imported customers; never care data. Every
 * cell that a spreadsheet would run as a formula is neutralised, in CSV and in Excel.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class CustomerExportController {

	private static final List<String> HEADERS = List.of("customer.reference", "customer.name", "customer.preferredName",
			"customer.phone", "customer.mobile", "customer.addressLine", "customer.town", "customer.postcode",
			"customer.birthday", "customer.household", "customer.tags", "customer.notes");

	private final CustomerDirectory customers;

	private final MessageSource messages;

	CustomerExportController(CustomerDirectory customers, MessageSource messages) {
		this.customers = customers;
		this.messages = messages;
	}

	@GetMapping("/customers/export.csv")
	void csv(@AuthenticationPrincipal ShopUser user, Locale locale, HttpServletResponse response) throws IOException {
		response.setContentType("text/csv;charset=UTF-8");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Content-Disposition", "attachment; filename=\"customers.csv\"");
		Writer out = response.getWriter();
		// A byte-order mark, so Excel reads accents and pound signs as UTF-8.
		out.write('\uFEFF');
		for (List<String> row : table(user, locale)) {
			out.write(String.join(",", row.stream().map(TableFile::csvCell).toList()));
			out.write("\r\n");
		}
	}

	@GetMapping("/customers/export.xlsx")
	void xlsx(@AuthenticationPrincipal ShopUser user, Locale locale, HttpServletResponse response) throws IOException {
		response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		response.setHeader("Content-Disposition", "attachment; filename=\"customers.xlsx\"");
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
			Sheet sheet = workbook.createSheet(this.messages.getMessage("customers.title", null, locale));
			int r = 0;
			for (List<String> values : table(user, locale)) {
				Row row = sheet.createRow(r++);
				for (int c = 0; c < values.size(); c++) {
					// Text cells are never formulas in Excel, but the file may be saved
					// as CSV and opened again: neutralised there too.
					row.createCell(c).setCellValue(TableFile.neutralise(values.get(c)));
				}
			}
			OutputStream out = response.getOutputStream();
			workbook.write(out);
			workbook.dispose();
		}
	}

	private List<List<String>> table(ShopUser user, Locale locale) {
		List<List<String>> table = new ArrayList<>();
		table.add(HEADERS.stream().map((key) -> this.messages.getMessage(key, null, locale)).toList());
		Map<CustomerId, String> notes = this.customers.notes(user);
		this.customers.active(user.shopId())
			.values()
			.stream()
			.sorted(Comparator.comparing(Customer::name, String.CASE_INSENSITIVE_ORDER))
			.forEach((c) -> table.add(List.of(text(c.reference()), text(c.name()), text(c.preferredName()),
					text(c.phone()), text(c.mobile()), text(c.addressLine()), text(c.town()), text(c.postcode()),
					(c.birthday() != null) ? c.birthday().toString() : "", text(c.household()),
					String.join(", ", c.tags()), text(notes.get(c.id())))));
		return table;
	}

	private static String text(String value) {
		return (value != null) ? value : "";
	}

}
