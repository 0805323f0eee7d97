package app.extramile.customers.importing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The import pages (upload, the columns and duplicates to confirm, progress, rejected
 * rows) and the export of the customer list.
 */
@SpringBootTest(properties = "extramile.customers.import.every=200ms")
@AutoConfigureMockMvc
class CustomerImportPagesTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	CustomerImports imports;

	ShopId shop;

	ShopUser owner;

	@BeforeEach
	void shopWithACustomer() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.customers.register(this.shop, new CustomerDetails("SYL0001", "Gwen Prydderch", null, "01970 600001", null,
				null, null, null, null, null, null, null, List.of()));
	}

	MvcResult upload(String name, byte[] content) throws Exception {
		return this.mvc
			.perform(multipart("/customers/import").file(new MockMultipartFile("file", name, "text/csv", content))
				.with(user(this.owner))
				.with(csrf()))
			.andReturn();
	}

	@Test
	void importIsForOwners() throws Exception {
		this.mvc.perform(get("/customers/import").with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("03/04/1950 is 3 April 1950")));
		this.mvc.perform(get("/customers/import").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isForbidden());
	}

	@Test
	void badFilesAreRefusedByTheFileFieldAndNothingIsStored() throws Exception {
		String[][] cases = { { "empty.csv", "", "That file is empty." },
				{ "header.csv", "Name,Phone\n", "column names but no customers" },
				{ "list.pdf", "%PDF-1.7\n", "That is not a CSV or Excel (.xlsx) file." } };
		for (String[] c : cases) {
			this.mvc
				.perform(multipart("/customers/import")
					.file(new MockMultipartFile("file", c[0], "text/csv", c[1].getBytes(StandardCharsets.UTF_8)))
					.with(user(this.owner))
					.with(csrf()))
				.andExpect(status().isOk())
				.andExpect(view().name("customers/import"))
				.andExpect(model().attributeHasFieldErrors("upload", "file"))
				.andExpect(content().string(containsString("id=\"file-error\"")))
				.andExpect(content().string(containsString(c[2])));
		}
		assertThat(this.imports.recent(this.shop, 10)).isEmpty();
	}

	@Test
	void uploadsConfirmsTheGuessedColumnsOffersDuplicatesAndImports() throws Exception {
		byte[] file = """
				Name,Phone,Postcode,Birthday
				Gwen Prydderch,01970 600001,,
				Elen Morgan,01970 600010,SY23 1AC,03/04/1950
				Huw Bad,,,31/02/1950
				""".getBytes(StandardCharsets.UTF_8);
		String page = upload("customers.csv", file).getResponse().getRedirectedUrl();
		assertThat(page).startsWith("/customers/import/");
		UUID id = UUID.fromString(page.substring(page.lastIndexOf('/') + 1));

		this.mvc.perform(get(page).with(user(this.owner)))
			.andExpect(view().name("customers/import-confirm"))
			.andExpect(content().string(containsString("<option value=\"0\" selected=\"selected\">1: Name</option>")))
			.andExpect(content().string(containsString("Customer Elen Morgan")))
			.andExpect(
					content().string(containsString("Not a date we can read (day first, like 03/04/1950): 31/02/1950")))
			.andExpect(content().string(containsString("Likely duplicates (1)")))
			.andExpect(content().string(containsString("The same phone number")))
			.andExpect(content().string(containsString("name=\"duplicate-2\"")));

		// Without a name column the page refuses by that field, keeping the rest.
		this.mvc
			.perform(post(page).with(user(this.owner))
				.with(csrf())
				.param("hasHeader", "true")
				.param("phone", "1")
				.param("action", "start"))
			.andExpect(view().name("customers/import-confirm"))
			.andExpect(model().attributeHasFieldErrorCode("form", "name", "customerImport.columns.nameRequired"))
			.andExpect(content().string(containsString("id=\"name-error\"")));

		this.mvc
			.perform(post(page).with(user(this.owner))
				.with(csrf())
				.param("hasHeader", "true")
				.param("name", "0")
				.param("phone", "1")
				.param("postcode", "2")
				.param("birthday", "3")
				.param("duplicate-2", "MERGE")
				.param("otherDuplicates", "SKIP")
				.param("action", "start"))
			.andExpect(status().is3xxRedirection());
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.imports.get(this.shop, id).inProgress());

		this.mvc.perform(get(page).with(user(this.owner)))
			.andExpect(view().name("customers/import-progress"))
			.andExpect(content()
				.string(containsString("Finished. 1 customer added, 1 merged, 0 skipped, 1 row rejected.")))
			.andExpect(content().string(containsString("rejections.csv")));
		this.mvc.perform(get(page + "/rejections.csv").with(user(this.owner)))
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andExpect(content().string(containsString("4,\"Not a date we can read")));
		assertThat(this.customers.count(this.shop)).isEqualTo(2);
	}

	@Test
	void exportNeutralisesCellsASpreadsheetWouldRunAsFormulas() throws Exception {
		this.customers.register(this.shop, new CustomerDetails("=HYPERLINK(\"http://x\")", "=1+2", null, "+44 1970",
				null, "@SUM(A1)", null, null, null, null, null, null, List.of("-5")));

		String csv = this.mvc.perform(get("/customers/export.csv").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv).contains("\"'=1+2\"", "\"'=HYPERLINK(\"\"http://x\"\")\"", "\"'+44 1970\"", "\"'@SUM(A1)\"",
				"\"'-5\"", "\"Gwen Prydderch\"");
		assertThat(csv).doesNotContain(",\"=", ",\"+", ",\"@", ",\"-");

		byte[] xlsx = this.mvc.perform(get("/customers/export.xlsx").with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			Sheet sheet = workbook.getSheetAt(0);
			assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Full name");
			assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("'=1+2");
			assertThat(sheet.getRow(1).getCell(1).getCellType().name()).isEqualTo("STRING");
			assertThat(sheet.getRow(2).getCell(1).getStringCellValue()).isEqualTo("Gwen Prydderch");
		}
	}

	@Test
	void exportIsNotForVolunteersAndNeverHoldsCareData() throws Exception {
		this.mvc.perform(get("/customers/export.csv").with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/customers/export.csv").with(user(this.owner)))
			.andExpect(content().string(not(containsString("Care"))))
			.andExpect(content().string(not(containsString("care_notes"))));
	}

}
