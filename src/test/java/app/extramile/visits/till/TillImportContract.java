package app.extramile.visits.till;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.visits.VisitLog;
import app.extramile.visits.till.Rejection.Reason;
import app.extramile.visits.till.TillImport.Mapping;
import app.extramile.visits.till.TillImport.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the till import promises, run on H2 and on PostgreSQL by the subclasses. Chunks of
 * three rows, so every file spans several committed chunks.
 */
abstract class TillImportContract {

	/** Lines 1 to 12: a header, ten rows and a blank line 9; seven rows are rejected. */
	static final String FILE = """
			Card,When,Spent
			SYL0001,2026-11-20T09:12:00Z,3.40
			NOBODY,2026-11-20T09:13:00Z,1.00
			SYL0002,20/11/2026 10:05,
			SYL0001,yesterday,2.00
			SYL0002,2099-01-01T00:00:00Z,2.00
			SYL0001,2026-11-20T11:00:00Z,lots
			SYL0002
			   \s
			,2026-11-20T12:00:00Z,1.00
			syl0002,2026-11-21T08:00:00+00:00,0.99
			OTHERSHOP,2026-11-21T08:30:00Z,1.00
			""";

	@Autowired
	TillImports imports;

	@Autowired
	TillImportWorker worker;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	VisitLog visits;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void newShop() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		register(this.shop, "SYL0001", "Gwen Prydderch");
		register(this.shop, "SYL0002", "Dafydd Llwyd");
		ShopId otherShop = TestShops.create(this.jdbc);
		register(otherShop, "OTHERSHOP", "Nia Cadwgan");
	}

	void register(ShopId shop, String reference, String name) {
		this.customers.register(shop,
				new CustomerDetails(reference, name, null, null, null, null, null, null, null, null, null, null, null));
	}

	UUID upload(String content) {
		return this.imports.upload(this.staff, "till.csv", content.getBytes(StandardCharsets.UTF_8));
	}

	TillImport importToTheEnd(UUID id) {
		TillImport uploaded = this.imports.get(this.shop, id);
		assertThat(this.imports.start(this.staff, id, uploaded.hasHeader(), uploaded.mapping())).isTrue();
		return awaitDone(id);
	}

	TillImport awaitDone(UUID id) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !this.imports.get(this.shop, id).inProgress());
		return this.imports.get(this.shop, id);
	}

	@Test
	void importsGoodRowsAndReportsEveryRejectedLineWithItsReason() {
		UUID id = upload(FILE);
		TillImport uploaded = this.imports.get(this.shop, id);
		assertThat(uploaded.hasHeader()).isTrue();
		assertThat(uploaded.mapping()).isEqualTo(new Mapping(0, 1, 2));

		TillImport done = importToTheEnd(id);

		assertThat(done.status()).isEqualTo(Status.DONE);
		assertThat(done.totalRows()).isEqualTo(10);
		assertThat(done.rowsDone()).isEqualTo(10);
		assertThat(done.added()).isEqualTo(3);
		assertThat(done.duplicates()).isZero();
		assertThat(done.rejected()).isEqualTo(7);
		assertThat(this.imports.rejections(this.shop, id, 100)).containsExactly(
				new Rejection(3, Reason.UNKNOWN_CUSTOMER, "NOBODY"), new Rejection(5, Reason.BAD_TIME, "yesterday"),
				new Rejection(6, Reason.FUTURE_TIME, "2099-01-01T00:00:00Z"),
				new Rejection(7, Reason.BAD_AMOUNT, "lots"), new Rejection(8, Reason.MISSING_COLUMN, null),
				new Rejection(10, Reason.MISSING_REFERENCE, null),
				new Rejection(12, Reason.UNKNOWN_CUSTOMER, "OTHERSHOP"));
	}

	/**
	 * A quote left open in the middle of the file gives up its own line only, reported
	 * with its reason, and every line after it is still read: good rows imported, bad
	 * rows each reported by line number.
	 */
	@Test
	void aQuoteLeftOpenLosesOnlyItsOwnLineAndEveryBadLineIsReported() {
		String file = """
				Card,When,Spent
				SYL0001,2026-11-20T09:12:00Z,3.40
				NOBODY,2026-11-20T09:13:00Z,1.00
				SYL0002,"2026-11-20T10:05:00Z,2.00
				SYL0001,2026-11-20T11:00:00Z,lots
				SYL0002,2026-11-20T12:00:00Z,1.50
				SYL0001,"2026-11-21T08:00:00Z",0.99
				SYL0002,yesterday,2.00
				"SYL0001,2026-11-22T08:00:00Z,1.00
				SYL0002,2026-11-22T09:00:00Z,2.00
				""";

		TillImport done = importToTheEnd(upload(file));

		assertThat(done.status()).isEqualTo(Status.DONE);
		assertThat(done.totalRows()).isEqualTo(9);
		assertThat(done.added()).isEqualTo(4);
		assertThat(done.rejected()).isEqualTo(5);
		assertThat(this.imports.rejections(this.shop, done.id(), 100)).containsExactly(
				new Rejection(3, Reason.UNKNOWN_CUSTOMER, "NOBODY"),
				new Rejection(4, Reason.BROKEN_QUOTES, "SYL0002,\"2026-11-20T10:05:00Z,2.00"),
				new Rejection(5, Reason.BAD_AMOUNT, "lots"), new Rejection(8, Reason.BAD_TIME, "yesterday"),
				new Rejection(9, Reason.BROKEN_QUOTES, "\"SYL0001,2026-11-22T08:00:00Z,1.00"));
		assertThat(this.visits.count(this.shop)).isEqualTo(4);
	}

	@Test
	void importingTheSameFileTwiceAddsNothing() {
		TillImport first = importToTheEnd(upload(FILE));
		long visitsAfterFirst = this.visits.count(this.shop);

		TillImport second = importToTheEnd(upload(FILE));

		assertThat(this.visits.count(this.shop)).isEqualTo(visitsAfterFirst).isEqualTo(first.added());
		assertThat(second.added()).isZero();
		assertThat(second.duplicates()).isEqualTo(first.added());
		assertThat(second.rejected()).isEqualTo(first.rejected());
	}

	@Test
	void resumesAnImportThatACrashedWorkerLeftHalfDone() {
		UUID id = upload(FILE);
		this.jdbc.sql("""
				update till_import set status = 'QUEUED', total_rows = 10, has_header = true,
				  reference_column = 0, time_column = 1, amount_column = 2 where id = ?""").param(id).update();

		// The worker commits one chunk (lines 2-4), then its instance dies.
		assertThat(this.worker.run(id, 1)).isTrue();
		TillImport crashed = this.imports.get(this.shop, id);
		assertThat(crashed.status()).isEqualTo(Status.RUNNING);
		assertThat(crashed.rowsDone()).isEqualTo(3);
		assertThat(this.worker.sweep()).as("its heartbeat is still fresh").isZero();

		this.jdbc.sql("update till_import set heartbeat_at = ? where id = ?")
			.params(OffsetDateTime.now().minusHours(1), id)
			.update();
		assertThat(this.worker.sweep()).isEqualTo(1);
		TillImport done = awaitDone(id);

		assertThat(done.status()).isEqualTo(Status.DONE);
		assertThat(done.added()).isEqualTo(3);
		assertThat(done.rejected()).isEqualTo(7);
		assertThat(this.imports.rejections(this.shop, id, 100)).extracting(Rejection::line)
			.containsExactly(3, 5, 6, 7, 8, 10, 12);
		assertThat(this.visits.count(this.shop)).isEqualTo(3);
	}

	@Test
	void aWorkerThatLostItsClaimCommitsNothingMore() {
		UUID id = upload(FILE);
		this.jdbc.sql("""
				update till_import set status = 'RUNNING', claim_token = ?, heartbeat_at = current_timestamp,
				  total_rows = 10, reference_column = 0, time_column = 1, amount_column = 2 where id = ?""")
			.params(UUID.randomUUID(), id)
			.update();

		assertThat(this.worker.run(id, 10)).as("another worker holds it").isFalse();
		assertThat(this.imports.get(this.shop, id).rowsDone()).isZero();
		assertThat(this.visits.count(this.shop)).isZero();
	}

	@Test
	void neverShowsOneShopsImportsToAnother() {
		UUID id = upload(FILE);
		ShopId otherShop = TestShops.create(this.jdbc);

		assertThat(this.imports.find(otherShop, id)).isEmpty();
		assertThat(this.imports.recent(otherShop, 10)).isEmpty();
		assertThatThrownBy(
				() -> this.imports.start(TestShops.user(otherShop, Role.STAFF), id, true, new Mapping(0, 1, 2)))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.imports.get(this.shop, id).status()).isEqualTo(Status.UPLOADED);
	}

	@Test
	void importsAFileWithoutAHeaderInTheChosenColumns() {
		UUID id = upload("2026-11-20T09:12:00Z;SYL0001\n2026-11-20T09:40:00Z;SYL0002\n");
		assertThat(this.imports.get(this.shop, id).hasHeader()).isFalse();

		assertThat(this.imports.start(this.staff, id, false, new Mapping(1, 0, null))).isTrue();
		TillImport done = awaitDone(id);

		assertThat(done.added()).isEqualTo(2);
		assertThat(done.rejected()).isZero();
		assertThat(this.jdbc.sql("select count(*) from visit where shop_id = ? and amount_minor is null")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

}
