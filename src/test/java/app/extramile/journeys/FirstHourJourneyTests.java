package app.extramile.journeys;

import java.util.regex.Pattern;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import app.extramile.journeys.Browsing.Screen;
import app.extramile.shared.Pdf;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first hour of a real shop, in Debian's Chromium, from a fresh, empty installation:
 * setup with the code from the server log, the getting-started list on Today, the shop's
 * details, the first customer, the consent form printed and recorded as signed on paper
 * with its scan, each step ticking itself on the list. axe-core runs on every page.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "extramile.demo.enabled=false", "extramile.setup.code=first-hour-code-4417" })
class FirstHourJourneyTests {

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launch() throws Exception {
		chromium = Browsing.launch("first-hour");
	}

	@AfterAll
	static void close() {
		if (chromium != null) {
			chromium.close();
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	@Test
	void fromAnEmptyInstallationToTheFirstConsentSignedOnPaper() throws Exception {
		Page owner = chromium.open(Screen.DESKTOP);

		// An empty installation sends its first visitor to setup, which needs the code
		owner.navigate(url("/"));
		assertThat(owner).hasURL(Pattern.compile(".*/setup$"));
		chromium.check(owner, "setup");
		owner.getByLabel("Setup code").fill("first-hour-code-4417");
		owner.getByLabel("Shop name").fill("Siop Fach");
		owner.getByLabel("Short name").fill("siop-fach");
		owner.getByLabel("Time zone").fill("Europe/London");
		owner.getByLabel("Your name").fill("Catrin Owen");
		owner.getByLabel("Username").fill("catrin");
		owner.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("a long shop password");
		owner.getByLabel("Type the password again").fill("a long shop password");
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create the shop")).click();
		assertThat(owner).hasURL(Pattern.compile(".*/login\\?welcome$"));
		owner.getByLabel("Username").fill("catrin");
		owner.getByLabel("Password").fill("a long shop password");
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(owner).hasURL(Pattern.compile(".*/today$"));

		// Today starts with the getting-started list, nothing done yet
		var list = owner.locator("#getting-started");
		assertThat(list).containsText("0 of 8 done");
		chromium.check(owner, "today-new-shop");

		// Each step is one tap away: the shop's details first
		list.getByRole(AriaRole.LINK,
				new com.microsoft.playwright.Locator.GetByRoleOptions().setName("The shop's address and phone number"))
			.click();
		owner.getByLabel("The shop's address").fill("Stryd Fawr, Trefach SA43 1AB");
		owner.getByLabel("The shop's phone number").fill("01239 000 111");
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the shop's details")).click();
		assertThat(owner.getByText("The shop's details are saved.")).isVisible();
		chromium.check(owner, "settings");

		// The first customer
		owner.navigate(url("/customers/new"));
		owner.getByLabel("Full name").fill("Gwenllian Rees");
		owner.getByLabel("Till or loyalty-card reference").fill("FH-0001");
		owner.getByLabel("Phone").first().fill("01239 000 222");
		owner.getByLabel("Street address").fill("2 Lôn y Felin");
		owner.getByLabel("Town").fill("Trefach");
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
		assertThat(owner.locator("h1")).containsText("Gwenllian Rees");
		String customerPage = owner.url();

		// Her consent, on paper: print the form, she signs, the shop records it with the
		// scan
		owner.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Record consent")).click();
		chromium.check(owner, "consent-form");
		String formPdf = owner.locator("#print-consent-form").getAttribute("href");
		APIResponse printed = owner.context().request().get(url(formPdf));
		assertThat(printed.status()).isEqualTo(200);
		assertThat(printed.headers().get("content-type")).isEqualTo("application/pdf");
		java.nio.file.Files.write(Browsing.SCREENSHOTS.resolve("first-hour-consent-form.pdf"), printed.body());
		String text;
		try (PDDocument document = Loader.loadPDF(printed.body())) {
			text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
		}
		assertThat(text).contains("Siop Fach", "Gwenllian Rees", "2 Lôn y Felin", "Stryd Fawr, Trefach SA43 1AB",
				"01239 000 111", "How to change your mind");

		owner.getByLabel("Check on them if they have not come in").check();
		owner.getByLabel("Ring the people they name if we are worried").check();
		owner.getByLabel("They signed the paper consent form").check();
		owner.getByLabel("The day they signed it").fill("2026-12-04");
		owner.getByLabel("Witnessed by").fill("Catrin Owen");
		byte[] scan = Pdf.fromXhtml("<html><body><p>Signed: Gwenllian Rees</p></body></html>");
		owner.getByLabel("The signed page, scanned or photographed (optional)")
			.setInputFiles(new FilePayload("consent-signed.pdf", "application/pdf", scan));
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record consent")).click();
		assertThat(owner).hasURL(customerPage);
		assertThat(owner.locator("body")).containsText("Agrees to welfare checks");
		owner.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Record consent")).click();
		assertThat(owner.locator(".consent-history")).containsText("signed on paper");
		assertThat(owner.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("The signed form"))).isVisible();

		// Back on Today: the steps done are ticked by themselves
		owner.navigate(url("/today"));
		assertThat(list.locator("#start-shop")).hasClass(Pattern.compile("\\bdone\\b"));
		assertThat(list.locator("#start-customers")).hasClass(Pattern.compile("\\bdone\\b"));
		assertThat(list.locator("#start-consent")).hasClass(Pattern.compile("\\bdone\\b"));
		assertThat(list).containsText("3 of 8 done");
		// The shop does not answer alarms: not for us
		list.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
			.setName("Tick \"Personal alarms, if you answer them\": done, or not for this shop")).click();
		assertThat(list).containsText("4 of 8 done");
		chromium.check(owner, "today-four-done");

		// The same list on the owner's phone
		Page phone = chromium.open(Screen.PHONE);
		phone.navigate(url("/login"));
		phone.getByLabel("Username").fill("catrin");
		phone.getByLabel("Password").fill("a long shop password");
		phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
		assertThat(phone.locator("#getting-started")).containsText("4 of 8 done");
		chromium.check(phone, "today-phone");

		// The rest of the customers from the village's Excel list: 300 people, two of
		// them
		// already here (the same card, the same phone), three rows the import cannot take
		owner.navigate(url("/today"));
		list.getByRole(AriaRole.LINK,
				new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Add or import your customers"))
			.click();
		assertThat(owner.locator("h1")).hasText("Import customers");
		owner.getByLabel("Customer list (CSV or Excel .xlsx)")
			.setInputFiles(new FilePayload("customers.xlsx",
					"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", villageWorkbook()));
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and check the columns")).click();
		assertThat(owner.locator("h1")).hasText("Check the columns");
		assertThat(owner.locator("body")).containsText("Likely duplicates (2)");
		chromium.check(owner, "import-confirm");
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import").setExact(true)).click();
		assertThat(owner.locator("[role=status]")).containsText("300 customers added",
				new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(90_000));
		assertThat(owner.locator("[role=status]")).containsText("3 rows rejected");
		chromium.check(owner, "import-done");

		// Visits from the till: sixteen weeks of history; five regulars stopped three
		// weeks ago
		owner.navigate(url("/visits/import"));
		owner.getByLabel("CSV file from the till")
			.setInputFiles(new FilePayload("till.csv", "text/csv", tillHistory()));
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and choose columns")).click();
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import").setExact(true)).click();
		assertThat(owner.locator("body")).containsText("Finished",
				new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(90_000));

		// The morning list works: the five who stopped coming are on it
		owner.navigate(url("/missing"));
		owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check now")).click();
		for (int i = 1; i <= 5; i++) {
			assertThat(owner.locator("ol.missing")).containsText("Cwsmer " + i + " ");
		}
		assertThat(owner.locator("ol.missing")).not().containsText("Cwsmer 6 ");
		chromium.check(owner, "morning-list");

		// Put away, it stays away
		owner.navigate(url("/today"));
		list.getByRole(AriaRole.BUTTON,
				new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Put this list away"))
			.click();
		assertThat(owner.locator("#getting-started")).hasCount(0);
	}

	/**
	 * The village's list: 300 customers with cards FH-1001 to FH-1300, a row for
	 * Gwenllian by her card and one by her phone, and three rows the import cannot take.
	 */
	private static byte[] villageWorkbook() throws java.io.IOException {
		try (org.apache.poi.xssf.usermodel.XSSFWorkbook workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
				java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
			org.apache.poi.ss.usermodel.Sheet sheet = workbook.createSheet("Customers");
			java.util.List<String[]> rows = new java.util.ArrayList<>();
			rows.add(new String[] { "Name", "Phone", "Card", "Birthday", "Notes" });
			for (int i = 1; i <= 300; i++) {
				rows.add(new String[] { "Cwsmer " + i + " Jones", "01239 1" + String.format("%05d", i),
						"FH-" + (1000 + i), "", "" });
			}
			rows.add(new String[] { "Gwenllian Rees", "", "FH-0001", "", "" });
			rows.add(new String[] { "Gwen Rees", "01239 000 222", "", "", "" });
			rows.add(new String[] { "", "01239 999 001", "", "", "" });
			rows.add(new String[] { "Ceri Dafis", "", "", "31/02/1950", "" });
			rows.add(new String[] { "Delyth Rhydderch", "call after six", "", "", "" });
			for (int r = 0; r < rows.size(); r++) {
				org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
				for (int c = 0; c < rows.get(r).length; c++) {
					row.createCell(c).setCellValue(rows.get(r)[c]);
				}
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

	/**
	 * Sixteen weeks of till history for the first twenty imported customers, each in on a
	 * Tuesday and a Friday at ten; the first five stopped coming three weeks ago.
	 */
	private static byte[] tillHistory() {
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London"));
		java.time.format.DateTimeFormatter uk = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");
		StringBuilder csv = new StringBuilder("Card,When,Spent\n");
		for (int i = 1; i <= 20; i++) {
			java.time.LocalDate last = (i <= 5) ? today.minusWeeks(3) : today.minusDays(1);
			for (java.time.LocalDate day = today.minusWeeks(16); !day.isAfter(last); day = day.plusDays(1)) {
				if (day.getDayOfWeek() == java.time.DayOfWeek.TUESDAY
						|| day.getDayOfWeek() == java.time.DayOfWeek.FRIDAY) {
					csv.append("FH-")
						.append(1000 + i)
						.append(',')
						.append(uk.format(day))
						.append(" 10:0")
						.append(i % 10)
						.append(",4.20\n");
				}
			}
		}
		return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
