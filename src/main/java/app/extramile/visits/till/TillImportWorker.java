package app.extramile.visits.till;

import app.extramile.shared.CsvFile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.visits.UnknownReferences;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.till.TillImport.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports queued till files in the background, a chunk of rows per transaction: the
 * chunk's new visits, its rejected lines and the import's progress commit together, so a
 * crash loses at most the chunk in hand and the import resumes where its last chunk
 * ended. A worker must hold the import's claim token to commit a chunk; an import whose
 * worker stops reporting is taken over by the next sweep of any instance.
 * <p>
 * A thread pool and a periodic sweep are enough for one file at a time per shop; a
 * durable scheduler (db-scheduler) should take this over when the app gains one.
 */
@Component
class TillImportWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TillImportWorker.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final VisitBatches batches;

	private final CustomerDirectory customers;

	private final ShopZones zones;

	private final TillImportSettings settings;

	private final Clock clock;

	private final UnknownReferences unknownReferences;

	private volatile ExecutorService workers;

	private volatile ScheduledExecutorService sweeper;

	private volatile boolean running;

	TillImportWorker(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions, VisitBatches batches,
			CustomerDirectory customers, ShopZones zones, TillImportSettings settings, Clock clock,
			UnknownReferences unknownReferences) {
		this.unknownReferences = unknownReferences;
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.batches = batches;
		this.customers = customers;
		this.zones = zones;
		this.settings = settings;
		this.clock = clock;
	}

	/** Runs a queued import soon, on this instance. */
	void submit(UUID importId) {
		ExecutorService pool = this.workers;
		if (this.running && pool != null) {
			pool.execute(() -> run(importId, Integer.MAX_VALUE));
		}
	}

	/**
	 * Submits every queued import, and every running one whose worker has not reported
	 * within {@code abandonedAfter} (its instance stopped or crashed). Deliberately
	 * across shops: each import is then handled in its own shop's scope.
	 */
	int sweep() {
		Instant cutoff = this.clock.instant().minus(this.settings.abandonedAfter());
		List<UUID> ids = this.jdbc.sql("""
				select id from till_import
				where status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < ?)
				order by created_at""").param(Times.column(cutoff)).query(UUID.class).list();
		ids.forEach(this::submit);
		return ids.size();
	}

	/**
	 * Claims the import and works through at most {@code maxChunks} chunks. Returns false
	 * when another worker holds it.
	 */
	boolean run(UUID importId, int maxChunks) {
		UUID token = UUID.randomUUID();
		Instant now = this.clock.instant();
		int claimed = this.jdbc.sql("""
				update till_import set status = 'RUNNING', claim_token = ?, heartbeat_at = ?,
				  started_at = coalesce(started_at, ?), attempts = attempts + 1, failure = null
				where id = ? and (status = 'QUEUED' or (status = 'RUNNING' and heartbeat_at < ?))""")
			.params(token, Times.column(now), Times.column(now), importId,
					Times.column(now.minus(this.settings.abandonedAfter())))
			.update();
		if (claimed == 0) {
			return false;
		}
		Job job = this.jdbc.sql("""
				select shop_id, content, delimiter, has_header, reference_column, time_column, amount_column, rows_done
				from till_import where id = ?""")
			.param(importId)
			.query((rs, n) -> new Job(importId, token, new ShopId(rs.getObject("shop_id", UUID.class)),
					rs.getBytes("content"), rs.getString("delimiter").charAt(0), rs.getBoolean("has_header"),
					new Mapping(rs.getInt("reference_column"), rs.getInt("time_column"),
							(Integer) rs.getObject("amount_column")),
					rs.getInt("rows_done")))
			.single();
		log.info("Till import {} for shop {} starts at row {}", importId, job.shop(), job.rowsDone());
		try {
			work(job, maxChunks);
		}
		catch (LostClaim ex) {
			log.warn("Till import {} was taken over by another worker; this one stops", importId);
		}
		catch (RuntimeException ex) {
			// The exception's message may quote file content: log and store its type
			// only.
			log.error("Till import {} for shop {} failed: {}", importId, job.shop(), ex.getClass().getName());
			this.jdbc.sql("""
					update till_import set status = 'FAILED', failure = ?, claim_token = null
					where id = ? and shop_id = ? and claim_token = ?""")
				.params(ex.getClass().getSimpleName(), importId, job.shop().value(), token)
				.update();
		}
		return true;
	}

	private void work(Job job, int maxChunks) {
		ZoneId zone = this.zones.zoneOf(job.shop());
		Map<String, CustomerId> references = this.customers.idsByReference(job.shop());
		CsvFile.Cursor cursor = new CsvFile.Cursor(CsvFile.text(job.content()), job.delimiter());
		if (job.hasHeader()) {
			cursor.next();
		}
		cursor.skip(job.rowsDone());
		int done = job.rowsDone();
		for (int chunks = 0; chunks < maxChunks; chunks++) {
			if (!this.running) {
				release(job);
				return;
			}
			List<CsvFile.Row> rows = new ArrayList<>(this.settings.chunkSize());
			CsvFile.Row row;
			while (rows.size() < this.settings.chunkSize() && (row = cursor.next()) != null) {
				rows.add(row);
			}
			if (rows.isEmpty()) {
				finish(job);
				return;
			}
			done += rows.size();
			commitChunk(job, rows, done, new TillRows(job.mapping(), zone, references, this.clock.instant()));
		}
	}

	private void commitChunk(Job job, List<CsvFile.Row> rows, int done, TillRows reader) {
		List<IncomingVisit> visits = new ArrayList<>(rows.size());
		List<Rejection> rejections = new ArrayList<>();
		List<TillRows.Outcome> unknown = new ArrayList<>();
		for (CsvFile.Row row : rows) {
			TillRows.Outcome outcome = reader.read(row);
			if (outcome.visit() != null) {
				visits.add(outcome.visit());
			}
			else if (outcome.unmatched() != null) {
				unknown.add(outcome);
			}
			else {
				rejections.add(outcome.rejection());
			}
		}
		this.transactions.executeWithoutResult((status) -> {
			// Unknown references: their customers are created (when the shop chose it) or
			// the visits wait for the owner to match them, and are reported here.
			Map<String, CustomerId> created = this.unknownReferences.arrived(job.shop(), Visit.Source.IMPORT,
					unknown.stream().map(TillRows.Outcome::unmatched).toList());
			for (TillRows.Outcome outcome : unknown) {
				CustomerId customer = created.get(outcome.unmatched().reference());
				if (customer != null) {
					visits.add(TillRows.visit(customer, outcome.unmatched().seenAt(), outcome.unmatched().amountMinor())
						.visit());
				}
				else {
					rejections.add(outcome.rejection());
				}
			}
			rejections.sort(Comparator.comparingInt(Rejection::line));
			int added = this.batches.add(job.shop(), Visit.Source.IMPORT, visits);
			if (!rejections.isEmpty()) {
				this.jdbcTemplate.batchUpdate("""
						insert into till_import_rejection (import_id, shop_id, line_number, reason, detail)
						values (?, ?, ?, ?, ?)""", rejections.stream()
					.map((r) -> new Object[] { job.id(), job.shop().value(), r.line(), r.reason().name(), r.detail() })
					.toList());
			}
			int updated = this.jdbc.sql("""
					update till_import set rows_done = ?, added = added + ?, duplicates = duplicates + ?,
					  rejected = rejected + ?, heartbeat_at = ?
					where id = ? and shop_id = ? and claim_token = ?""")
				.params(done, added, visits.size() - added, rejections.size(), Times.column(this.clock.instant()),
						job.id(), job.shop().value(), job.token())
				.update();
			if (updated == 0) {
				throw new LostClaim();
			}
		});
	}

	private void finish(Job job) {
		// The file is no longer needed: keep the counts and rejected lines, not the data.
		int updated = this.jdbc.sql("""
				update till_import set status = 'DONE', finished_at = ?, claim_token = null, content = ?
				where id = ? and shop_id = ? and claim_token = ?""")
			.params(Times.column(this.clock.instant()), new byte[0], job.id(), job.shop().value(), job.token())
			.update();
		if (updated == 0) {
			throw new LostClaim();
		}
		log.info("Till import {} for shop {} is done", job.id(), job.shop());
	}

	private void release(Job job) {
		this.jdbc.sql("""
				update till_import set status = 'QUEUED', claim_token = null, heartbeat_at = null
				where id = ? and shop_id = ? and claim_token = ?""")
			.params(job.id(), job.shop().value(), job.token())
			.update();
	}

	private record Job(UUID id, UUID token, ShopId shop, byte[] content, char delimiter, boolean hasHeader,
			Mapping mapping, int rowsDone) {
	}

	private static final class LostClaim extends RuntimeException {

		LostClaim() {
			super("claim lost", null, false, false);
		}

	}

	// --- Lifecycle: stop taking work before the database goes away
	// ----------------------------

	@Override
	public void start() {
		this.workers = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "till-import");
			thread.setDaemon(true);
			return thread;
		});
		this.sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "till-import-sweep");
			thread.setDaemon(true);
			return thread;
		});
		this.running = true;
		long every = this.settings.sweepEvery().toMillis();
		this.sweeper.scheduleWithFixedDelay(this::sweepQuietly, Math.min(every, 5000), every, TimeUnit.MILLISECONDS);
	}

	private void sweepQuietly() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			log.warn("Till import sweep failed: {}", ex.getClass().getName());
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.sweeper.shutdownNow();
		this.workers.shutdown();
		try {
			// A worker finishes the chunk in hand, then gives its import back to the
			// queue.
			if (!this.workers.awaitTermination(20, TimeUnit.SECONDS)) {
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
