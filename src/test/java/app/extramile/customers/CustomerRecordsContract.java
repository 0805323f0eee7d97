package app.extramile.customers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import app.extramile.TestShops;
import app.extramile.alarms.AlarmSetup;
import app.extramile.errands.ErrandKind;
import app.extramile.errands.ErrandRequests;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.ledger.Occasions;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches;
import app.extramile.welfare.Outcome;
import app.extramile.welfare.WelfareChecks;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A customer's data rights across every module, on H2 and PostgreSQL by the subclasses:
 * the export holds all of her and nothing of anyone else; erasure leaves no trace of her
 * in any column of any table, and stays done after an older backup comes back.
 */
abstract class CustomerRecordsContract {

	// Unique to each test: the scans look at the whole database, which earlier tests
	// filled with customers of their own.

	String FIRST_NAME;

	String SURNAME;

	String PHONE;

	String ADDRESS;

	String POSTCODE;

	String CARE_NOTE;

	String ACCESS_NOTE;

	String CONTACT;

	String CONTACT_PHONE;

	String WITNESS;

	private static String letters(java.util.Random random, int n) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < n; i++) {
			out.append((char) ('a' + random.nextInt(26)));
		}
		return out.toString();
	}

	private void uniqueTraces() {
		java.util.Random random = new java.util.Random();
		String tag = letters(random, 6);
		this.FIRST_NAME = "Mairwen" + tag;
		this.SURNAME = "Quillfeather" + tag;
		this.PHONE = "01970 6" + (10000 + random.nextInt(89999));
		this.ADDRESS = "7 Heol Zephyrine" + tag;
		this.POSTCODE = "SY9 " + (1 + random.nextInt(8)) + letters(random, 2).toUpperCase(Locale.ROOT);
		this.CARE_NOTE = "Brittle bones, daughter Wenonah" + tag;
		this.ACCESS_NOTE = "Keysafe 4471 behind the water butt " + tag;
		this.CONTACT = "Nia Cymydogwraig" + tag;
		this.CONTACT_PHONE = "07700 9" + (10000 + random.nextInt(89999));
		this.WITNESS = "Gwenllian Tystiolaeth" + tag;
	}

	@Autowired
	CustomerRecords records;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	AwayNotices awayNotices;

	@Autowired
	Consents consents;

	@Autowired
	MissedVisitPlans missedVisitPlans;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	VisitBatches visits;

	@Autowired
	WelfareChecks checks;

	@Autowired
	ErrandRequests requests;

	@Autowired
	Occasions occasions;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	AlarmSetup alarms;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Value("${extramile.customers.erasure-file}")
	Path erasureFile;

	ShopId shop;

	ShopUser owner;

	ShopUser staff;

	CustomerId mair;

	CustomerId bethan;

	ShopId otherShop;

	CustomerId otherShopsCustomer;

	@BeforeEach
	void customersWithDataInEveryModule() {
		uniqueTraces();
		this.shop = TestShops.create(this.jdbc);
		UUID ownerAccount = this.accounts.create(this.shop, "owner-" + UUID.randomUUID(), "Eleri Owner", Role.OWNER,
				"a long enough password");
		this.owner = new ShopUser(ownerAccount, this.shop, "owner", "Eleri Owner", Role.OWNER, null);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.mair = everything(this.shop, this.owner, FIRST_NAME + " " + SURNAME, PHONE, ADDRESS, POSTCODE, CARE_NOTE,
				ACCESS_NOTE, CONTACT, CONTACT_PHONE);
		this.bethan = everything(this.shop, this.owner, "Bethan Otherperson", "01970 622334", "9 Stryd Arall",
				"SY88 8AA", "Bethan's own care note", "Bethan's key", "Rhodri Arallddyn", "07700 966772");
		this.otherShop = TestShops.create(this.jdbc);
		ShopUser otherOwner = TestShops.user(this.otherShop, Role.OWNER);
		this.otherShopsCustomer = everything(this.otherShop, otherOwner, "Mair Othershop", "01970 633445",
				"1 Lon Arall", "SY77 7BB", "Another shop's note", "Another shop's key", "Siân Pellach", "07700 977883");
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from timeline_entry where shop_id = ? and customer_id = ?", this.shop,
					this.mair) >= 3);
	}

	private CustomerId everything(ShopId shop, ShopUser owner, String name, String phone, String address,
			String postcode, String careNote, String accessNote, String contact, String contactPhone) {
		CustomerId id = this.customers.register(shop,
				new CustomerDetails("REF-" + UUID.randomUUID(), name, name.split(" ")[0], phone, null, address,
						"Llanfair", postcode, 52.4, -4.08, LocalDate.of(1936, 5, 2), null, List.of("pensioner")));
		this.consents.record(owner, id, true, true, true, "Spoken, in the shop, to " + name);
		// Then on paper, witnessed, with the signed page scanned: her name is on it.
		byte[] scan = app.extramile.shared.Pdf
			.fromXhtml("<html><body><p>I agree. Signed: " + name + "</p></body></html>");
		this.consents.record(owner, id, true, true, true, null, new Consent.Paper(LocalDate.of(2026, 11, 30),
				name.startsWith(FIRST_NAME) ? WITNESS : "Dafydd Tyst", new Consent.Scan("application/pdf", scan)));
		this.careProfiles.save(owner, id,
				new CareProfile(true, true, false, true, null, null, null, "Bara brith", null, careNote, accessNote));
		this.missedVisitPlans.addContact(owner, id, contact, Contact.Relationship.NEIGHBOUR, contactPhone, true);
		this.awayNotices.record(owner, id, AwayNotice.Reason.HOLIDAY, LocalDate.of(2027, 1, 5),
				LocalDate.of(2027, 1, 9), "At " + name + "'s sister's");
		Instant seen = Instant.parse("2026-11-02T09:15:00Z");
		this.visits.add(shop, Visit.Source.IMPORT, List.of(
				new VisitBatches.IncomingVisit("till-" + UUID.randomUUID(), id, seen, 450L),
				new VisitBatches.IncomingVisit("till-" + UUID.randomUUID(), id, seen.plusSeconds(86400), null)));
		UUID check = this.checks.openByHand(owner, id);
		this.checks.record(owner, this.checks.check(shop, check).currentStep().id(), Outcome.NO_ANSWER, null);
		this.requests.request(owner,
				new ErrandRequests.Request(id, ErrandKind.DELIVERY, "Milk and the paper for " + name, 1, null,
						LocalDate.of(2027, 1, 12), LocalTime.of(10, 0), LocalTime.of(12, 0), false, null, null));
		this.occasions.recordGift(owner, id, "Flowers for her 90th", "Birthday");
		this.occasions.addOccasion(owner, id, "Moved to " + address, LocalDate.of(1990, 3, 1));
		this.certificates.issue(owner, new IssueRequest(2500, "GBP", id, name, null, null, null),
				"issue-" + UUID.randomUUID());
		String provider = "p-" + UUID.randomUUID();
		this.alarms.addProvider(owner, provider, "a provider secret");
		UUID providerId = this.alarms.providers(shop)
			.stream()
			.filter((p) -> p.name().equals(provider))
			.findFirst()
			.orElseThrow()
			.id();
		this.alarms.addDevice(owner, providerId, "PENDANT-" + UUID.randomUUID(), id, 3600);
		return id;
	}

	private long count(String sql, ShopId shop, CustomerId customer) {
		return this.jdbc.sql(sql).params(shop.value(), customer.value()).query(Long.class).single();
	}

	private static Map<String, String> unzip(byte[] zip) throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				byte[] bytes = in.readAllBytes();
				files.put(entry.getName(),
						entry.getName().endsWith(".pdf") ? pdfText(bytes) : new String(bytes, StandardCharsets.UTF_8));
			}
		}
		return files;
	}

	private static String pdfText(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	@Test
	void theExportHoldsEveryPartOfHerAndNothingOfAnyoneElse() throws IOException {
		long started = System.nanoTime();
		CustomerRecords.Export export = this.records.export(this.owner, this.mair, Locale.UK);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		Map<String, String> files = unzip(export.bytes());

		assertThat(files).containsKeys("profile.json", "care-profile.json", "consents.json", "contacts.json",
				"away-notices.json", "care-access-log.json", "visits.json", "welfare-checks.json", "welfare-steps.json",
				"errands.json", "alarm-devices.json", "alarms.json", "gift-certificates.json", "ledger-postings.json",
				"gifts.json", "occasions.json", "timeline.json", "summary.pdf");
		assertThat(files.get("profile.json")).contains(FIRST_NAME + " " + SURNAME, PHONE, ADDRESS, POSTCODE);
		assertThat(files.get("care-profile.json")).contains(CARE_NOTE, ACCESS_NOTE);
		assertThat(files.get("consents.json")).contains("\"welfare_checks\" : true", WITNESS, "2026-11-30");
		assertThat(files.get("consent-pages.json")).contains("GIVEN", "application/pdf");
		assertThat(files.get("consent-page-1.pdf")).as("the signed page itself").contains(SURNAME);
		assertThat(files.get("contacts.json")).contains(CONTACT, CONTACT_PHONE);
		assertThat(files.get("away-notices.json")).contains("2027-01-05");
		assertThat(files.get("visits.json")).contains("2026-11-02T09:15:00Z", "450");
		assertThat(files.get("welfare-checks.json")).contains("BY_HAND");
		assertThat(files.get("welfare-steps.json")).contains(CONTACT, CONTACT_PHONE, "NO_ANSWER");
		assertThat(files.get("errands.json")).contains("Milk and the paper for " + FIRST_NAME + " " + SURNAME);
		assertThat(files.get("alarm-devices.json")).contains("PENDANT-");
		assertThat(files.get("gift-certificates.json")).contains(FIRST_NAME + " " + SURNAME, "2500");
		assertThat(files.get("ledger-postings.json")).contains("2500");
		assertThat(files.get("gifts.json")).contains("Flowers for her 90th");
		assertThat(files.get("occasions.json")).contains("Moved to " + ADDRESS);
		assertThat(files.get("timeline.json")).contains("customer.registered");
		assertThat(files.get("summary.pdf")).contains(FIRST_NAME + " " + SURNAME).contains(CARE_NOTE);

		String everything = String.join("\n", files.values());
		assertThat(everything).doesNotContain("Otherperson", "Bethan", "Othershop", "Another shop", "Rhodri Arallddyn",
				"Siân Pellach", this.bethan.value().toString(), this.otherShopsCustomer.value().toString());

		assertThat(this.jdbc.sql("""
				select count(*) from customer_rights_request
				where shop_id = ? and customer_id = ? and kind = 'EXPORT' and by_account = ?""")
			.params(this.shop.value(), this.mair.value(), this.owner.accountId())
			.query(Long.class)
			.single()).as("the export is recorded").isEqualTo(1);
		assertThat(count("select count(*) from care_access_log where shop_id = ? and customer_id = ? "
				+ "and what = 'CARE_NOTES'", this.shop, this.mair))
			.as("its reveal of her notes is in the care access log")
			.isGreaterThanOrEqualTo(1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> count("select count(*) from timeline_entry where shop_id = ? and customer_id = ? "
					+ "and kind = 'rights.exported'", this.shop, this.mair) == 1);
	}

	@Test
	void onlyTheOwnerExportsOrErases() {
		assertThatThrownBy(() -> this.records.export(this.staff, this.mair, Locale.UK))
			.isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> this.records.erase(this.staff, this.mair)).isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> this.records.export(TestShops.user(this.shop, Role.VOLUNTEER), this.mair, Locale.UK))
			.isInstanceOf(AccessDeniedException.class);
		assertThat(count("select count(*) from customer_rights_request where shop_id = ? and customer_id = ?",
				this.shop, this.mair))
			.isZero();
	}

	/** Every text column of every table, on this database, that holds {@code text}. */
	private List<String> whereFound(String text) throws Exception {
		List<String> found = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			String schema = connection.getSchema();
			Map<String, List<String>> columns = new LinkedHashMap<>();
			try (ResultSet rs = meta.getColumns(null, schema, "%", "%")) {
				while (rs.next()) {
					int type = rs.getInt("DATA_TYPE");
					if (Set.of(Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.CLOB, Types.NVARCHAR, Types.NCHAR)
						.contains(type)) {
						columns.computeIfAbsent(rs.getString("TABLE_NAME"), (t) -> new ArrayList<>())
							.add(rs.getString("COLUMN_NAME"));
					}
				}
			}
			assertThat(columns).as("the scan sees the tables").containsKeys("customer", "welfare_step", "errand");
			for (Map.Entry<String, List<String>> table : columns.entrySet()) {
				for (String column : table.getValue()) {
					long hits = this.jdbc
						.sql("select count(*) from " + table.getKey() + " where lower(" + column + ") like ?")
						.param("%" + text.toLowerCase(Locale.ROOT) + "%")
						.query(Long.class)
						.single();
					if (hits > 0) {
						found.add(table.getKey() + "." + column);
					}
				}
			}
		}
		return found;
	}

	private long impactFacts() {
		return this.jdbc.sql("select count(*) from impact_fact where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	private long postingsTotal() {
		return this.jdbc.sql("select coalesce(sum(amount_minor), 0) from ledger_posting where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	@Test
	void erasureLeavesNoTraceOfHerNameContactsOrNotesInAnyTable() throws Exception {
		assertThat(whereFound(SURNAME)).as("the scan finds her before").contains("customer.name");
		assertThat(whereFound(FIRST_NAME)).as("and her first name in the messages sent about her")
			.contains("notification.first_name");
		long postings = postingsTotal();
		long certificateBalance = this.jdbc
			.sql("select balance_minor from gift_certificate where shop_id = ? and buyer_customer_id = ?")
			.params(this.shop.value(), this.mair.value())
			.query(Long.class)
			.single();
		long checks = count("select count(*) from welfare_check where shop_id = ? and customer_id = ?", this.shop,
				this.mair);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> impactFacts() >= 2);
		long impact = impactFacts();

		this.records.erase(this.owner, this.mair);

		for (String trace : List.of(FIRST_NAME, SURNAME, PHONE, ADDRESS, POSTCODE, CARE_NOTE, ACCESS_NOTE, CONTACT,
				CONTACT_PHONE, WITNESS)) {
			assertThat(whereFound(trace)).as("no trace of " + trace).isEmpty();
		}
		assertThat(
				count("select count(*) from consent_page where shop_id = ? and customer_id = ?", this.shop, this.mair))
			.as("the scanned consent page, which bears her name and signature, is gone")
			.isZero();
		assertThat(postingsTotal()).as("the ledger keeps every posting").isEqualTo(postings);
		assertThat(
				this.jdbc.sql("select balance_minor from gift_certificate where shop_id = ? and buyer_customer_id = ?")
					.params(this.shop.value(), this.mair.value())
					.query(Long.class)
					.single())
			.as("and every balance")
			.isEqualTo(certificateBalance);
		assertThat(
				count("select count(*) from welfare_check where shop_id = ? and customer_id = ?", this.shop, this.mair))
			.as("counts stay")
			.isEqualTo(checks);
		assertThat(impactFacts()).as("impact keeps its totals").isEqualTo(impact);
		assertThat(this.records.erasedAt(this.shop, this.mair)).isPresent();
		assertThat(this.customers.get(this.shop, this.mair).archived()).isTrue();
		assertThat(whereFound("Bethan Otherperson")).as("nobody else is touched").contains("customer.name");
		assertThat(whereFound("Rhodri Arallddyn")).contains("customer_contact.name");
		assertThat(whereFound("Another shop's note")).contains("care_profile.care_notes");
	}

	@Test
	void anErasedCustomerIsErasedAgainWhenAnOlderBackupBringsHerBack() throws Exception {
		this.records.erase(this.owner, this.mair);
		assertThat(Files.readString(this.erasureFile)).contains(this.shop.value() + " " + this.mair.value());

		// The database is restored from a backup made before the erasure: she is back,
		// and the database has no record of having erased her.
		this.jdbc.sql("update customer set name = ?, phone = ?, address_line = ? where id = ?")
			.params(FIRST_NAME + " " + SURNAME, PHONE, ADDRESS, this.mair.value())
			.update();
		this.jdbc
			.sql("""
					insert into care_profile (customer_id, shop_id, lives_alone, personal_alarm, vulnerable, free_delivery,
					  care_notes, access_notes, updated_at, updated_by) values (?, ?, true, false, false, false, ?, ?, ?, ?)""")
			.params(this.mair.value(), this.shop.value(), CARE_NOTE, ACCESS_NOTE, java.time.OffsetDateTime.now(),
					this.owner.accountId())
			.update();
		this.jdbc.sql("delete from customer_rights_request where customer_id = ?").param(this.mair.value()).update();
		assertThat(whereFound(SURNAME)).isNotEmpty();

		this.records.eraseAgainAfterRestore();

		for (String trace : List.of(SURNAME, PHONE, ADDRESS, CARE_NOTE, ACCESS_NOTE)) {
			assertThat(whereFound(trace)).as("no trace of " + trace).isEmpty();
		}
		assertThat(this.records.erasedAt(this.shop, this.mair)).as("the database's record is back").isPresent();
		assertThat(whereFound("Bethan Otherperson")).contains("customer.name");
	}

	@Test
	void erasureOverwritesHerRowsInTillFilesNotYetImportedAndTheirRejectedLines() throws Exception {
		String reference = this.jdbc.sql("select reference from customer where id = ?")
			.param(this.mair.value())
			.query(String.class)
			.single();
		String bethansReference = this.jdbc.sql("select reference from customer where id = ?")
			.param(this.bethan.value())
			.query(String.class)
			.single();
		String file = "card,when,amount,name,phone\n" + reference + ",2026-11-02 09:15,4.50,\"" + SURNAME + ", "
				+ FIRST_NAME + "\"," + PHONE + "\n" + bethansReference + ",2026-11-02 09:20,1.20,Bethan Otherperson,\n"
				+ "XYZ,2026-11-02 09:30,2.00,\"Someone " + FIRST_NAME + " " + SURNAME + "\",\n" + "\"" + reference
				+ " never closed,2026-11-02 10:00,1.00\n";
		UUID waiting = tillImport(this.shop, "UPLOADED", file, Instant.now());
		UUID failed = tillImport(this.shop, "FAILED", file, Instant.now());
		UUID elsewhere = tillImport(this.otherShop, "UPLOADED", file, Instant.now());
		this.jdbc.sql("""
				insert into till_import_rejection (import_id, shop_id, line_number, reason, detail)
				values (?, ?, 5, 'UNKNOWN_CUSTOMER', ?), (?, ?, 6, 'BAD_TIME', 'yesterday')""")
			.params(failed, this.shop.value(), reference, failed, this.shop.value())
			.update();
		assertThat(tillFile(waiting)).contains(SURNAME).contains(reference);

		this.records.erase(this.owner, this.mair);

		for (UUID id : List.of(waiting, failed)) {
			String cleaned = tillFile(id);
			for (String trace : List.of(reference, FIRST_NAME, SURNAME, PHONE)) {
				assertThat(cleaned).as("no trace of " + trace).doesNotContainIgnoringCase(trace);
			}
			assertThat(cleaned).as("others' rows stay").contains(bethansReference + ",2026-11-02 09:20,1.20");
			assertThat(cleaned.lines().filter((line) -> !line.isBlank()).count())
				.as("row for row, so an import resumes at the right row")
				.isEqualTo(5);
		}
		assertThat(tillFile(elsewhere)).as("another shop's file is not hers").contains(SURNAME);
		assertThat(this.jdbc.sql("select detail from till_import_rejection where import_id = ? order by line_number")
			.param(failed)
			.query(String.class)
			.list()).containsExactly(null, "yesterday");
		for (String trace : List.of(reference, SURNAME, PHONE)) {
			assertThat(whereFoundInFiles(trace)).as("no stored file of the shop holds " + trace).isEmpty();
		}
	}

	@Test
	void aTillFileNeverImportedIsRemovedAfterAWeekWhateverTheShopsRetention(@Autowired DataRetention retention) {
		UUID old = tillImport(this.shop, "UPLOADED", "card,when\nREF-1,2026-11-02 09:15\n",
				Instant.now().minus(Duration.ofDays(8)));
		UUID recent = tillImport(this.shop, "UPLOADED", "card,when\nREF-2,2026-11-02 09:15\n",
				Instant.now().minus(Duration.ofDays(1)));

		retention.removeExpired();

		assertThat(tillFile(old)).isEmpty();
		assertThat(
				this.jdbc.sql("select failure from till_import where id = ?").param(old).query(String.class).single())
			.isEqualTo("EXPIRED");
		assertThat(tillFile(recent)).contains("REF-2");
	}

	private UUID tillImport(ShopId shop, String status, String content, Instant createdAt) {
		UUID id = UUID.randomUUID();
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		this.jdbc.sql("""
				insert into till_import (id, shop_id, file_name, content, size_bytes, delimiter, has_header, status,
				  created_by, created_at) values (?, ?, 'till.csv', ?, ?, ',', true, ?, ?, ?)""")
			.params(id, shop.value(), bytes, bytes.length, status, this.owner.accountId(),
					java.time.OffsetDateTime.ofInstant(createdAt, java.time.ZoneOffset.UTC))
			.update();
		return id;
	}

	private String tillFile(UUID id) {
		return new String(this.jdbc.sql("select content from till_import where id = ?")
			.param(id)
			.query((rs, n) -> rs.getBytes("content"))
			.single(), StandardCharsets.UTF_8);
	}

	/** Binary columns of this shop's tables that hold the text (files as uploaded). */
	private List<String> whereFoundInFiles(String text) throws Exception {
		List<String> found = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			Map<String, List<String>> columns = new LinkedHashMap<>();
			Set<String> withShop = new java.util.HashSet<>();
			try (ResultSet rs = meta.getColumns(null, connection.getSchema(), "%", "%")) {
				while (rs.next()) {
					if (Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB)
						.contains(rs.getInt("DATA_TYPE"))) {
						columns.computeIfAbsent(rs.getString("TABLE_NAME"), (t) -> new ArrayList<>())
							.add(rs.getString("COLUMN_NAME"));
					}
					if ("shop_id".equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
						withShop.add(rs.getString("TABLE_NAME"));
					}
				}
			}
			assertThat(columns).as("the scan sees the till files").containsKey("till_import");
			for (Map.Entry<String, List<String>> table : columns.entrySet()) {
				if (!withShop.contains(table.getKey())) {
					continue;
				}
				for (String column : table.getValue()) {
					List<byte[]> values = this.jdbc
						.sql("select " + column + " from " + table.getKey() + " where shop_id = ?")
						.param(this.shop.value())
						.query((rs, n) -> rs.getBytes(1))
						.list();
					if (values.stream()
						.anyMatch((bytes) -> bytes != null
								&& new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
									.contains(text.toLowerCase(Locale.ROOT)))) {
						found.add(table.getKey() + "." + column);
					}
				}
			}
		}
		return found;
	}

}
