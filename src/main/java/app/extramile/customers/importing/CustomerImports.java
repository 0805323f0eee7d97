package app.extramile.customers.importing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.importing.CustomerImport.Choice;
import app.extramile.customers.importing.CustomerImport.Status;
import app.extramile.shared.CsvFile;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.TableFile;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer list imports: upload a CSV or Excel file, confirm its columns with a preview
 * and choose what to do with likely duplicates, start it, and follow its progress and
 * rejected rows. The file and the progress live in the database; the durable task of
 * {@link CustomerImportJob} does the importing.
 */
@Service
@Transactional
class CustomerImports {

	static final int SAMPLE_ROWS = 6;

	static final int DUPLICATES_SHOWN = 100;

	private static final String COLUMNS = """
			id, file_name, format, delimiter, has_header, columns, duplicates_choice, status, total_rows, rows_done,
			  added, merged, skipped, rejected, failure, created_at, finished_at""";

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final CustomerImportSettings settings;

	private final Clock clock;

	CustomerImports(JdbcClient jdbc, CustomerDirectory customers, CustomerImportSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.settings = settings;
		this.clock = clock;
	}

	/** A row of the file that is likely a customer the shop has already. */
	public record DuplicateRow(int line, String name, String address, Duplicates.Match match) {

	}

	/**
	 * What the file holds read with these columns: the first rows and how each reads,
	 * likely duplicates (the first {@link #DUPLICATES_SHOWN}), and counts over the whole
	 * file.
	 */
	public record Preview(List<String> labels, List<CsvFile.Row> rows, List<CustomerRows.Read> reads,
			List<DuplicateRow> duplicates, int totalRows, int duplicateCount, int rejectedCount) {

		public int width() {
			return this.labels.size();
		}

		public boolean moreDuplicates() {
			return this.duplicateCount > this.duplicates.size();
		}

	}

	long maxFileBytes() {
		return this.settings.maxFileSize().toBytes();
	}

	/** Stores the file with a first guess at its columns; returns the import's id. */
	UUID upload(ShopUser user, String fileName, byte[] content) {
		if (content.length == 0) {
			throw new Refused("file", "customerImport.file.empty");
		}
		if (content.length > this.settings.maxFileSize().toBytes()) {
			throw new Refused("file", "customerImport.file.tooLarge");
		}
		TableFile.Format format;
		List<CsvFile.Row> first;
		char delimiter;
		try {
			format = TableFile.detect(content);
			delimiter = TableFile.delimiter(content, format);
			first = TableFile.rows(content, format, delimiter, 2);
		}
		catch (TableFile.Unreadable ex) {
			throw new Refused("file", ex.messageKey());
		}
		if (first.isEmpty()) {
			throw new Refused("file", "customerImport.file.empty");
		}
		Columns guess = Columns.guess(first);
		if (guess.hasHeader() && first.size() == 1) {
			throw new Refused("file", "customerImport.file.headerOnly");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into customer_import (id, shop_id, file_name, content, size_bytes, format, delimiter, has_header,
				  columns, status, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'UPLOADED', ?, ?)""")
			.params(id, user.shopId().value(), fileName(fileName, format), content, content.length, format.name(),
					String.valueOf(delimiter), guess.hasHeader(), guess.stored(), user.accountId(),
					Times.column(this.clock.instant()))
			.update();
		return id;
	}

	@Transactional(readOnly = true)
	Optional<CustomerImport> find(ShopId shop, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from customer_import where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query(CustomerImports::customerImport)
			.optional();
	}

	@Transactional(readOnly = true)
	CustomerImport get(ShopId shop, UUID id) {
		return find(shop, id).orElseThrow(() -> new NotFoundException("customer import"));
	}

	@Transactional(readOnly = true)
	List<CustomerImport> recent(ShopId shop, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from customer_import where shop_id = ? order by created_at desc limit ?")
			.params(shop.value(), limit)
			.query(CustomerImports::customerImport)
			.list();
	}

	/**
	 * The file read with these columns. Reads every row, so the likely duplicates and the
	 * rows that would be rejected are counted before anything is imported.
	 */
	@Transactional(readOnly = true)
	Preview preview(ShopId shop, UUID id, Columns columns) {
		CustomerImport customerImport = get(shop, id);
		List<CsvFile.Row> all = TableFile.rows(content(shop, id), customerImport.format(), customerImport.delimiter(),
				Integer.MAX_VALUE);
		List<String> labels = labels(all, columns.hasHeader());
		List<CsvFile.Row> data = (columns.hasHeader() && !all.isEmpty()) ? all.subList(1, all.size()) : all;
		List<CsvFile.Row> sample = data.subList(0, Math.min(SAMPLE_ROWS, data.size()));
		if (!columns.hasName()) {
			return new Preview(labels, sample, null, List.of(), data.size(), 0, 0);
		}
		CustomerRows reader = new CustomerRows(columns, today(shop));
		Duplicates duplicates = new Duplicates(this.customers.active(shop).values());
		List<CustomerRows.Read> reads = new ArrayList<>();
		List<DuplicateRow> shown = new ArrayList<>();
		int duplicateCount = 0;
		int rejected = 0;
		for (CsvFile.Row row : data) {
			CustomerRows.Read read = reader.read(row);
			if (reads.size() < SAMPLE_ROWS) {
				reads.add(read);
			}
			if (read.rejected()) {
				rejected++;
				continue;
			}
			Optional<Duplicates.Match> match = duplicates.find(read.details());
			if (match.isPresent()) {
				duplicateCount++;
				if (shown.size() < DUPLICATES_SHOWN) {
					shown.add(new DuplicateRow(read.line(), read.details().name(), address(read), match.get()));
				}
			}
			else {
				// Not saved: only so a person listed twice in the file is found twice.
				duplicates.add(new app.extramile.customers.CustomerId(UUID.randomUUID()), read.details());
			}
		}
		return new Preview(labels, sample, reads, shown, data.size(), duplicateCount, rejected);
	}

	/**
	 * Queues the import with the confirmed columns and duplicate choices, for the durable
	 * task. False when it was already started.
	 */
	boolean start(ShopUser user, UUID id, Columns columns, Choice otherDuplicates, Map<Integer, Choice> choices) {
		ShopId shop = user.shopId();
		CustomerImport customerImport = get(shop, id);
		List<CsvFile.Row> all = TableFile.rows(content(shop, id), customerImport.format(), customerImport.delimiter(),
				Integer.MAX_VALUE);
		int total = columns.hasHeader() ? Math.max(0, all.size() - 1) : all.size();
		int updated = this.jdbc.sql("""
				update customer_import set status = 'QUEUED', has_header = ?, columns = ?, duplicates_choice = ?,
				  total_rows = ?
				where shop_id = ? and id = ? and status = 'UPLOADED'""")
			.params(columns.hasHeader(), columns.stored(), otherDuplicates.name(), total, shop.value(), id)
			.update();
		if (updated == 1) {
			choices.forEach((line, choice) -> this.jdbc.sql("""
					insert into customer_import_choice (import_id, shop_id, line_number, choice) values (?, ?, ?, ?)""")
				.params(id, shop.value(), line, choice.name())
				.update());
		}
		return updated == 1;
	}

	/** Tries a failed import again from the end of its last committed chunk. */
	boolean retry(ShopUser user, UUID id) {
		return this.jdbc
			.sql("update customer_import set status = 'QUEUED' where shop_id = ? and id = ? and status = 'FAILED'")
			.params(user.shopId().value(), id)
			.update() == 1;
	}

	@Transactional(readOnly = true)
	List<ImportRejection> rejections(ShopId shop, UUID id, int limit) {
		return this.jdbc.sql("""
				select line_number, reason, detail from customer_import_rejection
				where shop_id = ? and import_id = ? order by line_number limit ?""")
			.params(shop.value(), id, limit)
			.query((rs, n) -> new ImportRejection(rs.getInt("line_number"),
					ImportRejection.Reason.valueOf(rs.getString("reason")), rs.getString("detail")))
			.list();
	}

	private byte[] content(ShopId shop, UUID id) {
		return this.jdbc.sql("select content from customer_import where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> rs.getBytes("content"))
			.optional()
			.orElseThrow(() -> new NotFoundException("customer import"));
	}

	private LocalDate today(ShopId shop) {
		return LocalDate.now(this.clock);
	}

	private static String address(CustomerRows.Read read) {
		String line = read.details().addressLine();
		String postcode = read.details().postcode();
		if (line == null) {
			return (postcode != null) ? postcode : "";
		}
		return (postcode != null) ? line + ", " + postcode : line;
	}

	/**
	 * Labels for the columns: the header's names, or null for "Column 1", "Column 2"...
	 */
	static List<String> labels(List<CsvFile.Row> rows, boolean hasHeader) {
		int width = rows.stream().limit(SAMPLE_ROWS + 1).mapToInt((row) -> row.cells().size()).max().orElse(0);
		List<String> labels = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			String name = (hasHeader && !rows.isEmpty()) ? rows.get(0).cell(i) : null;
			labels.add((name != null && !name.isEmpty()) ? name : null);
		}
		return labels;
	}

	private static String fileName(String original, TableFile.Format format) {
		String name = (original != null) ? original.replaceAll("[\\p{Cntrl}/\\\\]", "").trim() : "";
		if (name.isEmpty()) {
			return (format == TableFile.Format.XLSX) ? "customers.xlsx" : "customers.csv";
		}
		return (name.length() > 200) ? name.substring(name.length() - 200) : name;
	}

	private static CustomerImport customerImport(ResultSet rs, int row) throws SQLException {
		return new CustomerImport(rs.getObject("id", UUID.class), rs.getString("file_name"),
				TableFile.Format.valueOf(rs.getString("format")), rs.getString("delimiter").charAt(0),
				Columns.read(rs.getBoolean("has_header"), rs.getString("columns")),
				Choice.valueOf(rs.getString("duplicates_choice")), Status.valueOf(rs.getString("status")),
				(Integer) rs.getObject("total_rows"), rs.getInt("rows_done"), rs.getInt("added"), rs.getInt("merged"),
				rs.getInt("skipped"), rs.getInt("rejected"), rs.getString("failure"), Times.instant(rs, "created_at"),
				Times.instant(rs, "finished_at"));
	}

}
