package app.extramile.journeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner imports a small Excel list into the demo village shop in Debian's Chromium:
 * two of its people are customers already (one merged, one skipped), three rows are bad
 * and reported by line; every page passes axe. Screenshots land in target/screenshots.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "extramile.demo.enabled=true", "extramile.customers.import.every=300ms" })
class CustomerImportJourneyTests {

	private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("customer-import");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void theOwnerImportsAnExcelListWithTwoDuplicatesAndThreeBadRows() throws IOException {
		List<Map<String, Object>> known = this.jdbc
			.sql("select name, reference from customer where reference is not null and archived_at is null "
					+ "order by name limit 2")
			.query()
			.listOfRows();
		long before = this.jdbc.sql("select count(*) from customer where archived_at is null")
			.query(Long.class)
			.single();
		Page page = signIn();
		page.navigate(url("/customers"));
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import a list")).click();
		assertThat(page.locator("h1")).hasText("Import customers");
		chromium.check(page, "upload");

		// Too large: refused by the field before anything is sent.
		page.getByLabel("Customer list (CSV or Excel .xlsx)")
			.setInputFiles(new FilePayload("huge.csv", "text/csv", new byte[21 * 1024 * 1024]));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and check the columns")).click();
		assertThat(page.locator("#file-error")).containsText("larger than 20 MB");
		assertThat(page).hasURL(Pattern.compile(".*/customers/import$"));

		page.getByLabel("Customer list (CSV or Excel .xlsx)")
			.setInputFiles(new FilePayload("customers.xlsx", XLSX, workbook(known)));
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and check the columns")).click();
		assertThat(page.locator("h1")).hasText("Check the columns");
		assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("0");
		assertThat(page.locator("body")).containsText("Likely duplicates (2)");
		assertThat(page.locator("body")).containsText("The same card reference");
		assertThat(page.locator("body"))
			.containsText("10 rows: 2 look like customers you have already, 3 would be rejected.");
		chromium.check(page, "confirm");

		page.locator("input[name='duplicate-2'][value='MERGE']").check();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import").setExact(true)).click();
		assertThat(page.locator("[role=status]"))
			.containsText("Finished. 5 customers added, 1 merged, 1 skipped, 3 rows rejected.");
		assertThat(page.locator("table")).containsText("No name.");
		assertThat(page.locator("table"))
			.containsText("Not a date we can read (day first, like 03/04/1950): 31/02/1950");
		assertThat(
				page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download the rejected rows (CSV)")))
			.isVisible();
		chromium.check(page, "done");

		assertThat(this.jdbc.sql("select count(*) from customer where archived_at is null").query(Long.class).single())
			.isEqualTo(before + 5);
	}

	static byte[] workbook(List<Map<String, Object>> known) throws IOException {
		String[][] rows = { { "Name", "Phone", "Card", "Birthday", "Notes" },
				{ (String) known.get(0).get("name"), "", (String) known.get(0).get("reference"), "", "" },
				{ (String) known.get(1).get("name"), "01970 611002", (String) known.get(1).get("reference"), "", "" },
				{ "Alys Tudur", "01970 611003", "IMP0003", "03/04/1950", "Large print please" },
				{ "Bryn Gwalchmai", "01970 611004", "IMP0004", "", "" }, { "", "01970 611005", "", "", "" },
				{ "Ceri Dafis", "", "", "31/02/1950", "" }, { "Delyth Rhydderch", "call after six", "", "", "" },
				{ "Eifion Lloyd", "01970 611008", "", "", "" },
				{ "Ffion Puw", "01970 611009", "IMP0009", "1941-07-09", "" },
				{ "Gethin Hopcyn", "", "IMP0010", "", "" } };
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("Customers");
			for (int r = 0; r < rows.length; r++) {
				Row row = sheet.createRow(r);
				for (int c = 0; c < rows[r].length; c++) {
					row.createCell(c).setCellValue(rows[r][c]);
				}
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

	private Page signIn() {
		Page page = chromium.open(Browsing.Screen.DESKTOP);
		page.setDefaultTimeout(30_000);
		page.navigate(url("/login"));
		page.getByLabel("Username").fill("owner");
		page.getByLabel("Password").fill("demo");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		page.waitForURL(Pattern.compile(".*/today$"));
		return page;
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
