package app.extramile.customers.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.TestShops;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.importing.CustomerImport.Choice;
import app.extramile.customers.importing.CustomerImport.Status;
import app.extramile.customers.importing.ImportRejection.Reason;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the customer import promises, run on H2 and on PostgreSQL by the subclasses. The
 * import itself runs in the durable db-scheduler task, as in production, in chunks of
 * three rows so every file spans several committed chunks.
 */
abstract class CustomerImportContract {

	/**
	 * Lines 1 to 10: a header, then Gwen's card, Dafydd's phone, Nia's name and postcode
	 * (all three already customers), two new people and three bad rows.
	 */
	static final String FILE = """
			Name,Phone number,Address,Post code,Card no,Date of birth,Notes
			Gwen P,,,,SYL0001,,
			Dafydd Llwyd,+44 1970 600002,,,,,
			Mrs Nia  Cadwgan,,Tŷ Gwyn,SY23 1AB,,03/04/1950,likes the Cambrian News
			Elen Morgan,01970 600010,2 Heol y Bont,SY23 1AC,SYL0100,03/04/1950,
			Owain Rees,01970 600011,5 Maes y Llan,SY23 1AD,,1948-12-25,
			,01970 600012,,,,,
			Huw Bad Date,,,,,31/02/1950,
			Future Baby,,,,,01/01/2099,
			Wrong Phone,call after six,,,,,
			""";

	@Autowired
	CustomerImports imports;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser owner;

	CustomerId gwen;

	CustomerId dafydd;

	CustomerId nia;

	@BeforeEach
	void shopWithThreeCustomers() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.gwen = this.customers.register(this.shop, new CustomerDetails("SYL0001", "Gwen Prydderch", null, null,
				null, null, null, null, null, null, null, null, List.of()));
		this.dafydd = this.customers.register(this.shop, new CustomerDetails(null, "Dafydd Llwyd", null, "01970 600002",
				null, null, null, null, null, null, null, null, List.of()));
		this.nia = this.customers.register(this.shop, new CustomerDetails(null, "Nia Cadwgan", null, null, null,
				"Ty Gwyn", null, "SY23 1AB", null, null, null, null, List.of()));
	}

	UUID upload(String content) {
		return upload("customers.csv", content.getBytes(StandardCharsets.UTF_8));
	}

	UUID upload(String name, byte[] content) {
		return this.imports.upload(this.owner, name, content);
	}

	CustomerImport importToTheEnd(UUID id, Choice others, Map<Integer, Choice> choices) {
		CustomerImport uploaded = this.imports.get(this.shop, id);
		assertThat(this.imports.start(this.owner, id, uploaded.columns(), others, choices)).isTrue();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !this.imports.get(this.shop, id).inProgress());
		return this.imports.get(this.shop, id);
	}

	@Test
	void guessesTheColumnsFromTheHeader() {
		CustomerImport uploaded = this.imports.get(this.shop, upload(FILE));

		assertThat(uploaded.status()).isEqualTo(Status.UPLOADED);
		assertThat(uploaded.hasHeader()).isTrue();
		assertThat(uploaded.columns().columns()).containsExactlyInAnyOrderEntriesOf(Map.of(Field.NAME, 0, Field.PHONE,
				1, Field.ADDRESS, 2, Field.POSTCODE, 3, Field.REFERENCE, 4, Field.BIRTHDAY, 5, Field.NOTES, 6));
	}

	@Test
	void previewFindsTheLikelyDuplicatesByCardPhoneAndNameAtTheSameAddress() {
		UUID id = upload(FILE);

		CustomerImports.Preview preview = this.imports.preview(this.shop, id,
				this.imports.get(this.shop, id).columns());

		assertThat(preview.totalRows()).isEqualTo(9);
		assertThat(preview.rejectedCount()).isEqualTo(4);
		assertThat(preview.duplicates()).extracting((d) -> d.line() + " " + d.match().why() + " " + d.match().name())
			.containsExactly("2 CARD Gwen Prydderch", "3 PHONE Dafydd Llwyd", "4 NAME_AND_ADDRESS Nia Cadwgan");
		assertThat(this.customers.count(this.shop)).as("a preview saves nothing").isEqualTo(3);
	}

	@Test
	void importsNewCustomersMergesOrSkipsDuplicatesAndReportsEveryRejectedRowByLine() {
		CustomerImport done = importToTheEnd(upload(FILE), Choice.SKIP, Map.of(4, Choice.MERGE));

		assertThat(done.status()).isEqualTo(Status.DONE);
		assertThat(done.totalRows()).isEqualTo(9);
		assertThat(done.added()).isEqualTo(2);
		assertThat(done.merged()).isEqualTo(1);
		assertThat(done.skipped()).isEqualTo(2);
		assertThat(done.rejected()).isEqualTo(4);
		assertThat(this.imports.rejections(this.shop, done.id(), 100)).containsExactly(
				new ImportRejection(7, Reason.MISSING_NAME, null),
				new ImportRejection(8, Reason.BAD_BIRTHDAY, "31/02/1950"),
				new ImportRejection(9, Reason.FUTURE_BIRTHDAY, "01/01/2099"),
				new ImportRejection(10, Reason.BAD_PHONE, "call after six"));

		Customer elen = this.customers.findByReference(this.shop, "SYL0100").orElseThrow();
		assertThat(elen.name()).isEqualTo("Elen Morgan");
		assertThat(elen.birthday()).as("day first").isEqualTo(LocalDate.of(1950, 4, 3));
		assertThat(elen.postcode()).isEqualTo("SY23 1AC");
		Customer nia = this.customers.get(this.shop, this.nia);
		assertThat(nia.name()).as("merging keeps what is there").isEqualTo("Nia Cadwgan");
		assertThat(nia.birthday()).as("and fills what was missing").isEqualTo(LocalDate.of(1950, 4, 3));
		assertThat(this.customers.notes(this.owner)).containsEntry(this.nia, "likes the Cambrian News");
		assertThat(this.customers.get(this.shop, this.dafydd).addressLine()).as("skipped").isNull();
		assertThat(this.customers.count(this.shop)).isEqualTo(5);
	}

	@Test
	void importingTheSameFileAgainAddsNobodyTwice() {
		CustomerImport first = importToTheEnd(upload(FILE), Choice.MERGE, Map.of());
		long afterFirst = this.customers.count(this.shop);

		CustomerImport second = importToTheEnd(upload(FILE), Choice.MERGE, Map.of());

		assertThat(first.added()).isEqualTo(2);
		assertThat(this.customers.count(this.shop)).isEqualTo(afterFirst).isEqualTo(5);
		assertThat(second.added()).isZero();
		assertThat(second.merged()).isZero();
		assertThat(second.skipped()).isEqualTo(5);
		assertThat(second.rejected()).isEqualTo(first.rejected());
	}

	@Test
	void aPersonListedTwiceInOneFileIsAddedOnce() {
		String file = """
				Name,Phone
				Siân Hughes,01970 600020
				Sian Hughes,01970 600020
				""";

		CustomerImport done = importToTheEnd(upload(file), Choice.SKIP, Map.of());

		assertThat(done.added()).isEqualTo(1);
		assertThat(done.skipped()).isEqualTo(1);
	}

	@Test
	void readsWindowsTextWithPoundSignsAndSemicolons() {
		byte[] windows = "Name;Notes\r\nMair Jones;Owes £2.50 for the paper\r\n"
			.getBytes(Charset.forName("windows-1252"));

		CustomerImport done = importToTheEnd(upload("list.csv", windows), Choice.SKIP, Map.of());

		assertThat(done.added()).isEqualTo(1);
		assertThat(this.customers.notes(this.owner)).containsValue("Owes £2.50 for the paper");
	}

	@Test
	void importsTheFirstSheetOfAnExcelWorkbookWithRealDates() throws IOException {
		byte[] workbook = workbook();

		UUID id = upload("customers.xlsx", workbook);
		CustomerImport uploaded = this.imports.get(this.shop, id);
		assertThat(uploaded.format().name()).isEqualTo("XLSX");
		CustomerImport done = importToTheEnd(id, Choice.SKIP, Map.of());

		assertThat(done.added()).isEqualTo(1);
		assertThat(done.skipped()).as("Gwen's card").isEqualTo(1);
		assertThat(done.rejected()).isEqualTo(1);
		assertThat(this.imports.rejections(this.shop, id, 10))
			.containsExactly(new ImportRejection(4, Reason.MISSING_NAME, null));
		Customer ffion = this.customers.findByReference(this.shop, "SYL0200").orElseThrow();
		assertThat(ffion.birthday()).isEqualTo(LocalDate.of(1941, 7, 9));
		assertThat(ffion.phone()).isEqualTo("01970 600030");
	}

	static byte[] workbook() throws IOException {
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("Customers");
			CellStyle date = workbook.createCellStyle();
			date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
			Row header = sheet.createRow(0);
			String[] names = { "Customer name", "Telephone", "Card", "Birthday" };
			for (int i = 0; i < names.length; i++) {
				header.createCell(i).setCellValue(names[i]);
			}
			Row ffion = sheet.createRow(1);
			ffion.createCell(0).setCellValue("Ffion Puw");
			ffion.createCell(1).setCellValue("01970 600030");
			ffion.createCell(2).setCellValue("SYL0200");
			ffion.createCell(3).setCellValue(LocalDate.of(1941, 7, 9));
			ffion.getCell(3).setCellStyle(date);
			Row gwen = sheet.createRow(2);
			gwen.createCell(0).setCellValue("Gwen Prydderch");
			gwen.createCell(2).setCellValue("SYL0001");
			Row noName = sheet.createRow(3);
			noName.createCell(1).setCellValue("01970 600031");
			workbook.write(out);
			return out.toByteArray();
		}
	}

	@Test
	void refusesFilesThatAreNotAListOfCustomersWithAClearReason() {
		assertRefused("empty.csv", new byte[0], "customerImport.file.empty");
		assertRefused("blank.csv", "\n\n  \n".getBytes(StandardCharsets.UTF_8), "customerImport.file.empty");
		assertRefused("header.csv", "Name,Phone,Postcode\n".getBytes(StandardCharsets.UTF_8),
				"customerImport.file.headerOnly");
		assertRefused("photo.jpg", new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0x10, 'J', 'F', 'I', 'F' },
				"customerImport.file.notATable");
		assertRefused("list.pdf", "%PDF-1.7\n".getBytes(StandardCharsets.UTF_8), "customerImport.file.notATable");
		assertRefused("broken.xlsx", new byte[] { 'P', 'K', 3, 4, 1, 2, 3 }, "customerImport.file.badExcel");
		assertRefused("huge.csv", new byte[50 * 1024 * 1024], "customerImport.file.tooLarge");
		assertThat(this.imports.recent(this.shop, 10)).as("nothing stored").isEmpty();
		assertThat(this.customers.count(this.shop)).isEqualTo(3);
	}

	void assertRefused(String name, byte[] content, String messageKey) {
		assertThatThrownBy(() -> upload(name, content)).isInstanceOf(Refused.class)
			.extracting((ex) -> ((Refused) ex).messageKey())
			.isEqualTo(messageKey);
	}

	@Test
	void aFailedChunkLeavesNothingHalfImportedAndTheImportCarriesOnWhenTriedAgain() {
		UUID id = upload(FILE);
		// The database refuses Owain (line 6), in the second chunk (lines 5-7).
		this.jdbc.sql("alter table customer add constraint test_no_owain check (name <> 'Owain Rees')").update();
		try {
			CustomerImport failed = importToTheEnd(id, Choice.SKIP, Map.of());
			assertThat(failed.status()).isEqualTo(Status.FAILED);
			assertThat(failed.rowsDone()).as("the first chunk (lines 2-4) committed").isEqualTo(3);
			assertThat(this.customers.findByReference(this.shop, "SYL0100"))
				.as("Elen was in the failed chunk (lines 5-7): rolled back with it")
				.isEmpty();
		}
		finally {
			this.jdbc.sql("alter table customer drop constraint test_no_owain").update();
		}

		assertThat(this.imports.retry(this.owner, id)).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.imports.get(this.shop, id).inProgress());
		CustomerImport done = this.imports.get(this.shop, id);

		assertThat(done.status()).isEqualTo(Status.DONE);
		assertThat(done.added()).isEqualTo(2);
		assertThat(done.rejected()).isEqualTo(4);
		assertThat(this.customers.count(this.shop)).isEqualTo(5);
	}

}
