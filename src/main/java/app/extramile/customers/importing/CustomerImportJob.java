package app.extramile.customers.importing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.importing.CustomerImport.Choice;
import app.extramile.shared.CsvFile;
import app.extramile.shared.ShopId;
import app.extramile.shared.TableFile;
import app.extramile.shared.Times;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports confirmed customer lists, a chunk of rows per transaction: the chunk's new and
 * merged customers, the fingerprints of its rows, its rejected rows and the import's
 * progress commit together, so a crash loses at most the chunk in hand and the import
 * resumes where its last chunk ended. It runs inside a durable, cluster-safe db-scheduler
 * task: one instance at a time; when an instance dies its execution is taken over, and
 * the claim token fences off a worker that has lost its import.
 */
@Component
class CustomerImportJob {

	private static final Logger log = LoggerFactory.getLogger(CustomerImportJob.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final CustomerDirectory customers;

	private final CustomerImportSettings settings;

	private final Clock clock;

	CustomerImportJob(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
			CustomerDirectory customers, CustomerImportSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.customers = customers;
		this.settings = settings;
		this.clock = clock;
	}

	@Configuration(proxyBeanMethods = false)
	static class Schedule {

		@Bean
		RecurringTask<Void> customerImportTask(CustomerImportJob job, CustomerImportSettings settings) {
			return Tasks.recurring("customer-imports", FixedDelay.of(settings.every()))
				.execute((instance, context) -> job.runWaiting());
		}

	}

	/**
	 * Imports every confirmed import, and every running one whose worker stopped
	 * reporting. Deliberately across shops: each import is then handled in its own shop's
	 * scope. Returns how many it worked on.
	 */
	int runWaiting() {
		Instant cutoff = this.clock.instant().minus(this.settings.abandonedAfter());
		List<UUID> ids = this.jdbc.sql("""
				select id from customer_import
				where status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < ?)
				order by created_at""").param(Times.column(cutoff)).query(UUID.class).list();
		int worked = 0;
		for (UUID id : ids) {
			if (run(id)) {
				worked++;
			}
		}
		return worked;
	}

	/** Claims the import and works through it; false when another worker holds it. */
	boolean run(UUID importId) {
		UUID token = UUID.randomUUID();
		Instant now = this.clock.instant();
		int claimed = this.jdbc.sql("""
				update customer_import set status = 'RUNNING', claim_token = ?, heartbeat_at = ?, failure = null
				where id = ? and (status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < ?))""")
			.params(token, Times.column(now), importId, Times.column(now.minus(this.settings.abandonedAfter())))
			.update();
		if (claimed == 0) {
			return false;
		}
		Job job = this.jdbc.sql("""
				select shop_id, content, format, delimiter, has_header, columns, duplicates_choice, rows_done
				from customer_import where id = ?""")
			.param(importId)
			.query((rs, n) -> new Job(importId, token, new ShopId(rs.getObject("shop_id", UUID.class)),
					rs.getBytes("content"), TableFile.Format.valueOf(rs.getString("format")),
					rs.getString("delimiter").charAt(0),
					Columns.read(rs.getBoolean("has_header"), rs.getString("columns")),
					Choice.valueOf(rs.getString("duplicates_choice")), rs.getInt("rows_done")))
			.single();
		log.info("Customer import {} for shop {} starts at row {}", importId, job.shop(), job.rowsDone());
		try {
			work(job);
		}
		catch (LostClaim ex) {
			log.warn("Customer import {} was taken over by another worker; this one stops", importId);
		}
		catch (RuntimeException ex) {
			// The exception's message may quote file content: log and store its type
			// only.
			log.error("Customer import {} for shop {} failed: {}", importId, job.shop(), ex.getClass().getName());
			this.jdbc.sql("""
					update customer_import set status = 'FAILED', failure = ?, claim_token = null
					where id = ? and shop_id = ? and claim_token = ?""")
				.params(ex.getClass().getSimpleName(), importId, job.shop().value(), token)
				.update();
		}
		return true;
	}

	private void work(Job job) {
		List<CsvFile.Row> all = TableFile.rows(job.content(), job.format(), job.delimiter(), Integer.MAX_VALUE);
		List<CsvFile.Row> data = (job.columns().hasHeader() && !all.isEmpty()) ? all.subList(1, all.size()) : all;
		Map<Integer, Choice> choices = new HashMap<>();
		this.jdbc.sql("select line_number, choice from customer_import_choice where shop_id = ? and import_id = ?")
			.params(job.shop().value(), job.id())
			.query((rs, n) -> choices.put(rs.getInt("line_number"), Choice.valueOf(rs.getString("choice"))))
			.list();
		Set<String> imported = new HashSet<>(this.jdbc.sql("select row_key from customer_import_key where shop_id = ?")
			.param(job.shop().value())
			.query(String.class)
			.list());
		Duplicates duplicates = new Duplicates(this.customers.active(job.shop()).values());
		CustomerRows reader = new CustomerRows(job.columns(), LocalDate.now(this.clock));
		int done = job.rowsDone();
		while (done < data.size()) {
			int end = Math.min(data.size(), done + this.settings.chunkSize());
			commitChunk(job, data.subList(done, end), end, reader, duplicates, imported, choices);
			done = end;
		}
		finish(job);
	}

	private void commitChunk(Job job, List<CsvFile.Row> rows, int done, CustomerRows reader, Duplicates duplicates,
			Set<String> imported, Map<Integer, Choice> choices) {
		// A chunk that fails rolls back and stops the job; a retry reads the keys again.
		this.transactions.executeWithoutResult((status) -> {
			int added = 0;
			int merged = 0;
			int skipped = 0;
			List<ImportRejection> rejections = new ArrayList<>();
			List<Object[]> keys = new ArrayList<>();
			for (CsvFile.Row row : rows) {
				CustomerRows.Read read = reader.read(row);
				if (read.rejected()) {
					rejections.add(read.rejection());
					continue;
				}
				if (!imported.add(read.key())) {
					// The same row was imported before (this file again, or a repeat
					// line).
					skipped++;
					continue;
				}
				Optional<Duplicates.Match> match = duplicates.find(read.details());
				CustomerId customer;
				if (match.isPresent()) {
					customer = match.get().customerId();
					if (choices.getOrDefault(read.line(), job.otherDuplicates()) == Choice.MERGE) {
						this.customers.mergeImported(job.shop(), customer, read.details(), read.notes());
						merged++;
					}
					else {
						skipped++;
					}
				}
				else {
					customer = this.customers.registerImported(job.shop(), read.details(), read.notes());
					duplicates.add(customer, read.details());
					added++;
				}
				keys.add(new Object[] { job.shop().value(), read.key(), customer.value() });
			}
			if (!keys.isEmpty()) {
				this.jdbcTemplate.batchUpdate(
						"insert into customer_import_key (shop_id, row_key, customer_id) values (?, ?, ?)", keys);
			}
			if (!rejections.isEmpty()) {
				this.jdbcTemplate.batchUpdate("""
						insert into customer_import_rejection (import_id, shop_id, line_number, reason, detail)
						values (?, ?, ?, ?, ?)""", rejections.stream()
					.map((r) -> new Object[] { job.id(), job.shop().value(), r.line(), r.reason().name(), r.detail() })
					.toList());
			}
			int updated = this.jdbc.sql("""
					update customer_import set rows_done = ?, added = added + ?, merged = merged + ?,
					  skipped = skipped + ?, rejected = rejected + ?, heartbeat_at = ?
					where id = ? and shop_id = ? and claim_token = ?""")
				.params(done, added, merged, skipped, rejections.size(), Times.column(this.clock.instant()), job.id(),
						job.shop().value(), job.token())
				.update();
			if (updated == 0) {
				throw new LostClaim();
			}
		});
	}

	private void finish(Job job) {
		// The file is no longer needed: keep the counts and rejected rows, not the data.
		int updated = this.jdbc.sql("""
				update customer_import set status = 'DONE', finished_at = ?, claim_token = null, content = ?
				where id = ? and shop_id = ? and claim_token = ?""")
			.params(Times.column(this.clock.instant()), new byte[0], job.id(), job.shop().value(), job.token())
			.update();
		if (updated == 0) {
			throw new LostClaim();
		}
		log.info("Customer import {} for shop {} is done", job.id(), job.shop());
	}

	private record Job(UUID id, UUID token, ShopId shop, byte[] content, TableFile.Format format, char delimiter,
			Columns columns, Choice otherDuplicates, int rowsDone) {
	}

	private static final class LostClaim extends RuntimeException {

		LostClaim() {
			super("claim lost", null, false, false);
		}

	}

}
