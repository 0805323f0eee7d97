package app.extramile.visits.till;

import app.extramile.shared.CsvFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.visits.till.TillImport.Mapping;
import app.extramile.visits.till.TillImport.Status;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Till history imports: upload a file, choose its columns with a preview, start it, and
 * follow its progress and rejected lines. The file and the progress live in the database,
 * so any instance can show them; {@link TillImportWorker} does the importing.
 */
@Service
class TillImports {

	static final int SAMPLE_ROWS = 6;

	private final JdbcClient jdbc;

	private final TillImportWorker worker;

	private final CustomerDirectory customers;

	private final ShopZones zones;

	private final TillImportSettings settings;

	private final Clock clock;

	TillImports(JdbcClient jdbc, TillImportWorker worker, CustomerDirectory customers, ShopZones zones,
			TillImportSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.worker = worker;
		this.customers = customers;
		this.zones = zones;
		this.settings = settings;
		this.clock = clock;
	}

	/** The first rows of a file, their column labels and, once mapped, how each reads. */
	record Sample(List<String> labels, List<CsvFile.Row> rows, List<TillRows.Outcome> outcomes) {

		public int width() {
			return this.labels.size();
		}

	}

	/** Stores the file with a first guess at its columns; returns the import's id. */
	UUID upload(ShopUser user, String fileName, byte[] content) {
		if (content.length == 0) {
			throw new Refused("file", "import.file.empty");
		}
		if (content.length > this.settings.maxFileSize().toBytes()) {
			throw new Refused("file", "import.file.tooLarge");
		}
		String text = CsvFile.text(content);
		char delimiter = CsvFile.detectDelimiter(text);
		List<CsvFile.Row> first = CsvFile.parse(text, delimiter, 2);
		if (first.isEmpty()) {
			throw new Refused("file", "import.file.empty");
		}
		ColumnGuess guess = ColumnGuess.of(first, this.zones.zoneOf(user.shopId()));
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into till_import (id, shop_id, file_name, content, size_bytes, delimiter, has_header,
				  reference_column, time_column, amount_column, status, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'UPLOADED', ?, ?)""")
			.params(id, user.shopId().value(), fileName(fileName), content, content.length, String.valueOf(delimiter),
					guess.hasHeader(), guess.mapping().referenceColumn(), guess.mapping().timeColumn(),
					guess.mapping().amountColumn(), user.accountId(), Times.column(this.clock.instant()))
			.update();
		return id;
	}

	Optional<TillImport> find(ShopId shop, UUID id) {
		return this.jdbc.sql("""
				select id, file_name, size_bytes, delimiter, has_header, reference_column, time_column, amount_column,
				  status, total_rows, rows_done, added, duplicates, rejected, failure, created_at, finished_at
				from till_import where shop_id = ? and id = ?""")
			.params(shop.value(), id)
			.query(TillImports::tillImport)
			.optional();
	}

	TillImport get(ShopId shop, UUID id) {
		return find(shop, id).orElseThrow(() -> new NotFoundException("till import"));
	}

	List<TillImport> recent(ShopId shop, int limit) {
		return this.jdbc.sql("""
				select id, file_name, size_bytes, delimiter, has_header, reference_column, time_column, amount_column,
				  status, total_rows, rows_done, added, duplicates, rejected, failure, created_at, finished_at
				from till_import where shop_id = ? order by created_at desc limit ?""")
			.params(shop.value(), limit)
			.query(TillImports::tillImport)
			.list();
	}

	/** The first rows as they would be imported with this header choice and mapping. */
	Sample sample(ShopId shop, UUID id, boolean hasHeader, Mapping mapping) {
		TillImport tillImport = get(shop, id);
		String text = CsvFile.text(content(shop, id));
		List<CsvFile.Row> rows = CsvFile.parse(text, tillImport.delimiter(), SAMPLE_ROWS + 1);
		List<String> labels = ColumnGuess.labels(rows, hasHeader);
		List<CsvFile.Row> data = (hasHeader && !rows.isEmpty()) ? rows.subList(1, rows.size())
				: rows.subList(0, Math.min(rows.size(), SAMPLE_ROWS));
		List<TillRows.Outcome> outcomes = null;
		if (mapping != null && mapping.complete() && mapping.widest() < labels.size()) {
			ZoneId zone = this.zones.zoneOf(shop);
			TillRows reader = new TillRows(mapping, zone, this.customers.idsByReference(shop), this.clock.instant());
			outcomes = data.stream().map(reader::read).toList();
		}
		return new Sample(labels, data, outcomes);
	}

	/**
	 * Queues the import with the chosen columns and hands it to a worker. False when it
	 * was already started.
	 */
	boolean start(ShopUser user, UUID id, boolean hasHeader, Mapping mapping) {
		ShopId shop = user.shopId();
		TillImport tillImport = get(shop, id);
		CsvFile.Cursor cursor = new CsvFile.Cursor(CsvFile.text(content(shop, id)), tillImport.delimiter());
		int rows = 0;
		while (cursor.next() != null) {
			rows++;
		}
		int total = hasHeader ? Math.max(0, rows - 1) : rows;
		int updated = this.jdbc.sql("""
				update till_import set status = 'QUEUED', has_header = ?, reference_column = ?, time_column = ?,
				  amount_column = ?, total_rows = ?
				where shop_id = ? and id = ? and status = 'UPLOADED'""")
			.params(hasHeader, mapping.referenceColumn(), mapping.timeColumn(), mapping.amountColumn(), total,
					shop.value(), id)
			.update();
		if (updated == 1) {
			this.worker.submit(id);
		}
		return updated == 1;
	}

	/** Tries a failed import again from the end of its last committed chunk. */
	boolean retry(ShopUser user, UUID id) {
		int updated = this.jdbc
			.sql("update till_import set status = 'QUEUED' where shop_id = ? and id = ? and status = 'FAILED'")
			.params(user.shopId().value(), id)
			.update();
		if (updated == 1) {
			this.worker.submit(id);
		}
		return updated == 1;
	}

	List<Rejection> rejections(ShopId shop, UUID id, int limit) {
		return this.jdbc.sql("""
				select line_number, reason, detail from till_import_rejection
				where shop_id = ? and import_id = ? order by line_number limit ?""")
			.params(shop.value(), id, limit)
			.query((rs, n) -> new Rejection(rs.getInt("line_number"), Rejection.Reason.valueOf(rs.getString("reason")),
					rs.getString("detail")))
			.list();
	}

	private byte[] content(ShopId shop, UUID id) {
		return this.jdbc.sql("select content from till_import where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> rs.getBytes("content"))
			.optional()
			.orElseThrow(() -> new NotFoundException("till import"));
	}

	private static String fileName(String original) {
		String name = (original != null) ? original.replaceAll("[\\p{Cntrl}/\\\\]", "").trim() : "";
		if (name.isEmpty()) {
			return "till.csv";
		}
		return (name.length() > 200) ? name.substring(name.length() - 200) : name;
	}

	private static TillImport tillImport(ResultSet rs, int row) throws SQLException {
		return new TillImport(rs.getObject("id", UUID.class), rs.getString("file_name"), rs.getInt("size_bytes"),
				rs.getString("delimiter").charAt(0), rs.getBoolean("has_header"),
				new Mapping((Integer) rs.getObject("reference_column"), (Integer) rs.getObject("time_column"),
						(Integer) rs.getObject("amount_column")),
				Status.valueOf(rs.getString("status")), (Integer) rs.getObject("total_rows"), rs.getInt("rows_done"),
				rs.getInt("added"), rs.getInt("duplicates"), rs.getInt("rejected"), rs.getString("failure"),
				Times.instant(rs, "created_at"), Times.instant(rs, "finished_at"));
	}

}
