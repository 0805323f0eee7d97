package app.extramile.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Customer import on PostgreSQL: a 10,000-row CSV and a 10,000-row Excel file, each with
 * 100 rows that are customers the shop has already and 100 bad rows, through the pages
 * (upload, the confirm page with its preview of the whole file, confirm) and the durable
 * task, timed from upload to done. Then the CSV again (nothing added). Not a test: the
 * name keeps it out of {@code ./mvnw verify}. Run it with
 * {@code ./mvnw test -Dtest=CustomerImportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and copy the figures it prints into docs/benchmarks.md. {@code -Dbenchmark.rows=N} runs
 * another size.
 */
@RequiresPostgres
@SpringBootTest(properties = { "logging.level.root=WARN", "extramile.customers.import.every=200ms" })
@AutoConfigureMockMvc
class CustomerImportBenchmark {

	static final int ROWS = Integer.getInteger("benchmark.rows", 10_000);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	@Test
	void importsTenThousandCustomers() throws Exception {
		// Warm up on a throwaway shop.
		timeImport(shopWithCustomers(), "warm.csv", csv(1000).getBytes(StandardCharsets.UTF_8));

		ShopUser csvOwner = shopWithCustomers();
		double csvSeconds = timeImport(csvOwner, "customers.csv", csv(ROWS).getBytes(StandardCharsets.UTF_8));
		assertThat(this.customers.count(csvOwner.shopId())).isEqualTo(100 + ROWS - 200);
		double againSeconds = timeImport(csvOwner, "customers.csv", csv(ROWS).getBytes(StandardCharsets.UTF_8));
		assertThat(this.customers.count(csvOwner.shopId())).isEqualTo(100 + ROWS - 200);

		ShopUser xlsxOwner = shopWithCustomers();
		double xlsxSeconds = timeImport(xlsxOwner, "customers.xlsx", xlsx(ROWS));
		assertThat(this.customers.count(xlsxOwner.shopId())).isEqualTo(100 + ROWS - 200);

		System.out.println();
		System.out.println("=== Customer import benchmark (PostgreSQL) ===");
		System.out.println(line("CSV, upload to done", ROWS, csvSeconds));
		System.out.println(line("the same CSV again (nothing added)", ROWS, againSeconds));
		System.out.println(line("Excel .xlsx, upload to done", ROWS, xlsxSeconds));
		System.out.println();
	}

	private ShopUser shopWithCustomers() {
		ShopId shop = TestShops.create(this.jdbc);
		for (int i = 0; i < 100; i++) {
			this.customers.register(shop, new CustomerDetails("C" + i, "Existing " + i, null, phone(i), null, null,
					null, null, null, null, null, null, List.of()));
		}
		return TestShops.user(shop, Role.OWNER);
	}

	/** Upload, confirm page, confirm, and wait for the task to finish. */
	private double timeImport(ShopUser owner, String name, byte[] file) throws Exception {
		long started = System.nanoTime();
		String page = this.mvc
			.perform(multipart("/customers/import").file(new MockMultipartFile("file", name, "text/csv", file))
				.with(user(owner))
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		this.mvc.perform(get(page).with(user(owner)));
		this.mvc.perform(post(page).with(user(owner))
			.with(csrf())
			.param("hasHeader", "true")
			.param("name", "0")
			.param("phone", "1")
			.param("address", "2")
			.param("postcode", "3")
			.param("reference", "4")
			.param("birthday", "5")
			.param("otherDuplicates", "MERGE")
			.param("action", "start"));
		String id = page.substring(page.lastIndexOf('/') + 1);
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> "DONE".equals(this.jdbc.sql("select status from customer_import where id = cast(? as uuid)")
				.param(id)
				.query(String.class)
				.single()));
		return (System.nanoTime() - started) / 1e9;
	}

	private static String phone(int i) {
		return String.format(Locale.ROOT, "01970 %06d", i);
	}

	/** Row i: an existing customer (by card) for i < 100, a bad row for the last 100. */
	private static String[] row(int i, int rows) {
		if (i < 100) {
			return new String[] { "Existing " + i, phone(i), "", "", "C" + i, "" };
		}
		if (i >= rows - 100) {
			return new String[] { "Bad Birthday " + i, "", "", "", "", "31/02/1950" };
		}
		LocalDate born = LocalDate.of(1930, 1, 1).plusDays(i % 20000);
		// Names without digits; every row at an address of its own, so none is a likely
		// duplicate of another (the shop's 100 customers are matched by card).
		String name = FIRST[i % FIRST.length] + " " + word(i);
		return new String[] { name, phone(i), i + " Heol y Bont", "PC" + i, "N" + i, String.format(Locale.ROOT,
				"%02d/%02d/%d", born.getDayOfMonth(), born.getMonthValue(), born.getYear()) };
	}

	private static final String[] FIRST = { "Gwen", "Dafydd", "Nia", "Elen", "Owain", "Siân", "Huw", "Mair", "Rhys",
			"Ffion" };

	/** A made-up surname for row i, from its digits: 4821 is "Rovadoce". */
	private static String word(int i) {
		String[] syllables = { "ca", "do", "ce", "fa", "ri", "ma", "lo", "ne", "va", "ro" };
		StringBuilder word = new StringBuilder();
		for (char digit : Integer.toString(i).toCharArray()) {
			word.append(syllables[digit - '0']);
		}
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	private static String csv(int rows) {
		StringBuilder csv = new StringBuilder("Name,Phone,Address,Postcode,Card,Birthday\n");
		for (int i = 0; i < rows; i++) {
			csv.append(String.join(",", row(i, rows))).append('\n');
		}
		return csv.toString();
	}

	private static byte[] xlsx(int rows) throws Exception {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("Customers");
			String[] header = { "Name", "Phone", "Address", "Postcode", "Card", "Birthday" };
			Row first = sheet.createRow(0);
			for (int c = 0; c < header.length; c++) {
				first.createCell(c).setCellValue(header[c]);
			}
			for (int i = 0; i < rows; i++) {
				Row row = sheet.createRow(i + 1);
				String[] values = row(i, rows);
				for (int c = 0; c < values.length; c++) {
					row.createCell(c).setCellValue(values[c]);
				}
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

	private static String line(String what, int rows, double seconds) {
		return String.format(Locale.ROOT, "%-40s %,8d rows %7.1f s %,8.0f rows/s", what, rows, seconds, rows / seconds);
	}

}
