package app.extramile.visits.till;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
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
 * The import pages: upload, columns with a preview, errors by their field, progress and
 * the report of rejected rows.
 */
@SpringBootTest(properties = "extramile.visits.import.sweep-every=1h")
@AutoConfigureMockMvc
class TillImportPageTests {

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
	TillImports imports;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void shopWithACustomer() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.customers.register(this.shop, new CustomerDetails("SYL0001", "Gwen Prydderch", null, null, null, null,
				null, null, null, null, null, null, null));
	}

	@Test
	void explainsTheAcceptedFormatsToStaffAndOwnersOnly() throws Exception {
		this.mvc.perform(get("/visits/import").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("20/11/2026 09:12")))
			.andExpect(content().string(containsString("2026-11-20T09:12:00Z")));
		this.mvc.perform(get("/visits/import").with(user(TestShops.user(this.shop, Role.OWNER))))
			.andExpect(status().isOk());
		this.mvc.perform(get("/visits/import").with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
	}

	@Test
	void showsAMissingFileByTheFileField() throws Exception {
		this.mvc
			.perform(
					multipart("/visits/import").file(new MockMultipartFile("file", "till.csv", "text/csv", new byte[0]))
						.with(user(this.staff))
						.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(view().name("visits/import"))
			.andExpect(model().attributeHasFieldErrorCode("upload", "file", "import.file.required"))
			.andExpect(content().string(containsString("id=\"file-error\"")))
			.andExpect(content().string(containsString("Choose a CSV file to upload.")));
	}

	@Test
	void uploadsPreviewsImportsAndReportsTheRejectedLines() throws Exception {
		byte[] file = "Card,When,Spent\nSYL0001,20/11/2026 09:12,3.40\nNOBODY,20/11/2026 09:13,1.00\n"
			.getBytes(StandardCharsets.UTF_8);
		MvcResult uploaded = this.mvc
			.perform(multipart("/visits/import").file(new MockMultipartFile("file", "till.csv", "text/csv", file))
				.with(user(this.staff))
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String page = uploaded.getResponse().getRedirectedUrl();
		UUID id = UUID.fromString(page.substring(page.lastIndexOf('/') + 1));

		this.mvc.perform(get(page).with(user(this.staff)))
			.andExpect(view().name("visits/import-mapping"))
			.andExpect(content().string(containsString("Visit at")))
			.andExpect(content().string(containsString("No customer has the reference &quot;NOBODY&quot;.")));

		this.mvc
			.perform(post(page).param("hasHeader", "true")
				.param("referenceColumn", "0")
				.param("timeColumn", "0")
				.param("amountColumn", "")
				.param("action", "start")
				.with(user(this.staff))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrorCode("form", "timeColumn", "import.mapping.sameColumn"))
			.andExpect(content().string(containsString("id=\"timeColumn-error\"")));

		this.mvc
			.perform(post(page).param("hasHeader", "true")
				.param("referenceColumn", "0")
				.param("timeColumn", "1")
				.param("amountColumn", "2")
				.param("action", "start")
				.with(user(this.staff))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		await().atMost(Duration.ofSeconds(30)).until(() -> this.imports.get(this.shop, id).finished());

		this.mvc.perform(get(page + "/progress").header("HX-Request", "true").with(user(this.staff)))
			.andExpect(content().string(containsString("Finished. 1 visit added, 0 already recorded, 1 row rejected.")))
			.andExpect(content().string(not(containsString("hx-trigger"))))
			.andExpect(content().string(containsString("No customer has the reference &quot;NOBODY&quot;.")));
		MvcResult csv = this.mvc.perform(get(page + "/rejections.csv").with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(csv.getResponse().getContentAsString(StandardCharsets.UTF_8))
			.contains("3,\"No customer has the reference \"\"NOBODY\"\". The visit waits for the owner to match the "
					+ "reference to a customer.\"");
	}

	@Test
	void showsProgressWhileImportingAndPollsForMore() throws Exception {
		UUID id = this.imports.upload(this.staff, "till.csv",
				"SYL0001,2026-11-20T09:12:00Z\n".getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("update till_import set status = 'RUNNING', total_rows = 4, rows_done = 1 where id = ?")
			.param(id)
			.update();

		this.mvc.perform(get("/visits/import/" + id).with(user(this.staff)))
			.andExpect(view().name("visits/import-progress"))
			.andExpect(content().string(containsString("25% done")))
			.andExpect(content().string(containsString("1 of 4 rows")))
			.andExpect(content().string(containsString("hx-trigger=\"every 1s\"")));
		this.mvc
			.perform(get("/visits/import/" + id).with(user(TestShops.user(TestShops.create(this.jdbc), Role.OWNER))))
			.andExpect(status().isNotFound());
	}

}
