package app.extramile.visits.till;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.customers.Retention;
import app.extramile.shared.CsvFile;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Till files as they were uploaded. A finished import keeps no file (see
 * {@link TillImportWorker}); a file not yet imported, or whose import failed, holds rows
 * as the till wrote them, tied to nobody by id. At a customer's erasure every row of
 * those files that names her (her card reference, or a cell holding her full name or
 * phone number) is overwritten cell by cell, so it is still a row (an import part-way
 * through resumes at the right row) but names nobody, and rejected lines quoting her go.
 * A file that was never imported is removed after {@value #RAW_FILE_DAYS} days, and the
 * import history (its rejected lines quote the file) when the shop's visits go.
 */
@Component
@Transactional
class TillImportsPersonalData implements PersonalData {

	/** Days a till file that was never imported is kept. */
	static final int RAW_FILE_DAYS = 7;

	static final String ERASED_CELL = "-";

	private final JdbcClient jdbc;

	TillImportsPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Nothing here is tied to the customer by id: visits hold what was imported. */
	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		return Map.of();
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		// rows of files are found by what named her: eraseMentions
	}

	@Override
	public void eraseMentions(ShopId shop, CustomerId customer, Mentions mentions) {
		Matcher matcher = new Matcher(mentions);
		if (matcher.isEmpty()) {
			return;
		}
		record File(UUID id, byte[] content, char delimiter) {
		}
		List<File> files = this.jdbc
			.sql("select id, content, delimiter from till_import where shop_id = ? and size_bytes > 0 "
					+ "and status <> 'DONE'")
			.param(shop.value())
			.query((rs, n) -> new File(rs.getObject("id", UUID.class), rs.getBytes("content"),
					rs.getString("delimiter").charAt(0)))
			.list();
		for (File file : files) {
			String text = CsvFile.text(file.content());
			String cleaned = withoutMentions(text, file.delimiter(), matcher);
			if (!cleaned.equals(text)) {
				this.jdbc.sql("update till_import set content = ? where shop_id = ? and id = ?")
					.params(cleaned.getBytes(StandardCharsets.UTF_8), shop.value(), file.id())
					.update();
			}
		}
		record Rejected(UUID importId, int line, String detail) {
		}
		this.jdbc.sql("""
				select import_id, line_number, detail from till_import_rejection
				where shop_id = ? and detail is not null""")
			.param(shop.value())
			.query((rs, n) -> new Rejected(rs.getObject("import_id", UUID.class), rs.getInt("line_number"),
					rs.getString("detail")))
			.list()
			.stream()
			.filter((rejected) -> matcher.mentionedIn(rejected.detail()))
			.forEach((rejected) -> this.jdbc.sql(
					"update till_import_rejection set detail = null where shop_id = ? and import_id = ? and line_number = ?")
				.params(shop.value(), rejected.importId(), rejected.line())
				.update());
	}

	/**
	 * Files never imported after {@value #RAW_FILE_DAYS} days lose their content; the
	 * history of imports older than the shop keeps visits goes with its rejected lines.
	 */
	@Override
	public int removeExpired(ShopId shop, Retention retention, Instant now, int limit) {
		int removed = this.jdbc.sql("""
				update till_import set content = ?, size_bytes = 0, status = 'FAILED', failure = 'EXPIRED',
				  claim_token = null
				where id in (select id from till_import where shop_id = ? and size_bytes > 0
				  and status in ('UPLOADED', 'FAILED') and created_at < ? limit ?)""")
			.params(new byte[0], shop.value(), Times.column(now.minus(Duration.ofDays(RAW_FILE_DAYS))), limit)
			.update();
		if (removed >= limit) {
			return removed;
		}
		int left = limit - removed;
		return removed + Retention.before(retention.visitsDays(), now).map((before) -> {
			List<UUID> old = this.jdbc.sql("""
					select id from till_import where shop_id = ? and created_at < ?
					  and status in ('DONE', 'FAILED') limit ?""")
				.params(shop.value(), Times.column(before), left)
				.query(UUID.class)
				.list();
			for (UUID id : old) {
				this.jdbc.sql("delete from till_import_rejection where shop_id = ? and import_id = ?")
					.params(shop.value(), id)
					.update();
				this.jdbc.sql("delete from till_import where shop_id = ? and id = ?").params(shop.value(), id).update();
			}
			return old.size();
		}).orElse(0);
	}

	/**
	 * The file with every row naming the customer overwritten, row for row. Rows are
	 * written back in plain CSV (quoted where needed), so the import reads the same rows
	 * from it.
	 */
	static String withoutMentions(String text, char delimiter, Matcher matcher) {
		CsvFile.Cursor cursor = new CsvFile.Cursor(text, delimiter);
		StringBuilder out = new StringBuilder();
		CsvFile.Row row;
		boolean changed = false;
		List<String> lines = new ArrayList<>();
		while ((row = cursor.next()) != null) {
			if (row.brokenQuotes() != null) {
				if (matcher.mentionedIn(row.brokenQuotes())) {
					lines.add(ERASED_CELL);
					changed = true;
				}
				else {
					lines.add(row.brokenQuotes());
				}
				continue;
			}
			if (row.cells().stream().anyMatch(matcher::names)) {
				lines.add(String.join(String.valueOf(delimiter),
						row.cells().stream().map((cell) -> ERASED_CELL).toList()));
				changed = true;
			}
			else {
				lines.add(String.join(String.valueOf(delimiter),
						row.cells().stream().map((cell) -> quoted(cell, delimiter)).toList()));
			}
		}
		if (!changed) {
			return text;
		}
		for (String line : lines) {
			out.append(line).append('\n');
		}
		return out.toString();
	}

	private static String quoted(String cell, char delimiter) {
		if (cell.indexOf(delimiter) >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
				|| cell.indexOf('\r') >= 0) {
			return '"' + cell.replace("\"", "\"\"") + '"';
		}
		return cell;
	}

	/** Whether a cell or a quoted value names the customer. */
	static final class Matcher {

		private final String reference;

		private final String name;

		private final List<String> phones = new ArrayList<>();

		Matcher(Mentions mentions) {
			this.reference = normal(mentions.reference());
			String name = normal(mentions.name());
			// a name this short would match unrelated text; the card reference finds her
			// rows
			this.name = (name != null && name.length() >= 5) ? name : null;
			for (String phone : new String[] { mentions.phone(), mentions.mobile() }) {
				String digits = (phone != null) ? phone.replaceAll("\\D", "") : "";
				if (digits.length() >= 6) {
					this.phones.add(digits.startsWith("44") ? digits.substring(2) : digits.replaceFirst("^0", ""));
				}
			}
		}

		boolean isEmpty() {
			return this.reference == null && this.name == null && this.phones.isEmpty();
		}

		/**
		 * Free text (a line as written, a rejected value): her reference anywhere in it.
		 */
		boolean mentionedIn(String text) {
			String value = normal(text);
			return names(text) || (value != null && this.reference != null && this.reference.length() >= 4
					&& value.contains(this.reference));
		}

		/** A cell: her reference, or her name or phone number in it. */
		boolean names(String text) {
			String value = normal(text);
			if (value == null) {
				return false;
			}
			if (value.equals(this.reference) || (this.name != null && value.contains(this.name))) {
				return true;
			}
			String digits = value.replaceAll("\\D", "");
			return this.phones.stream().anyMatch((phone) -> digits.length() >= 6 && digits.contains(phone));
		}

		private static String normal(String text) {
			if (text == null || text.isBlank()) {
				return null;
			}
			return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
		}

	}

}
