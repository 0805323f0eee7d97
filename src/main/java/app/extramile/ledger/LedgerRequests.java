package app.extramile.ledger;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every ledger write under its idempotency key, in one transaction: the request row
 * (key, a fingerprint of what was asked, and the answer), the postings and the change to
 * the certificate or pool commit together or not at all. The same key with the same
 * request answers what was answered the first time without posting again; with a
 * different request it is refused. A refused request stores nothing, so it may be retried
 * with the same key.
 * <p>
 * The write first works out its answer (locking its certificate or pool row where it has
 * one), then claims the key <em>with</em> that answer ({@link Claim#answer}:
 * {@code insert … on conflict do nothing}) together with the rows the write changes (its
 * {@link Write}s: the postings, the certificate or pool). On PostgreSQL that is one
 * statement, a data-modifying {@code with}, whose inserts take their rows from the
 * claim's (so a key already stored inserts nothing at all); on H2 the claim and then each
 * write in turn. A key already stored: the write is rolled back and the stored answer
 * replayed. Two requests with one key at the same moment: the second insert waits on the
 * unique key until the first commits, then inserts nothing and replays the first one's
 * answer. A write refused before it claimed its key first looks whether that key was used
 * already (waiting for a request in flight with it the same way), so a retry is always
 * answered as the first request was, even when the same request would now be refused.
 */
@Component
class LedgerRequests {

	static final int MAX_KEY_LENGTH = 120;

	private static final String CLAIM = """
			insert into ledger_request (id, shop_id, idempotency_key, operation, fingerprint, subject_id,
			  subject_version, balance_after_minor, state_after, requested_at, requested_by)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			on conflict do nothing""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/**
	 * Whether the claim and its writes go to the database as one statement (PostgreSQL's
	 * data-modifying {@code with}; H2 has none).
	 */
	private final boolean oneStatement;

	LedgerRequests(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, DataSource dataSource) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.oneStatement = postgres(dataSource);
	}

	private static boolean postgres(DataSource dataSource) {
		try {
			return "PostgreSQL"
				.equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			return false;
		}
	}

	/**
	 * A row a write inserts or changes together with its claim. An insert names its
	 * table, columns and values; on PostgreSQL it takes its row from the claim's, so a
	 * key stored already inserts nothing. An update is run as it is (a write whose key
	 * was taken is rolled back).
	 */
	record Write(String alone, String withClaim, List<Object> params) {

		static Write insert(String table, String columns, Object... values) {
			String marks = String.join(", ", Collections.nCopies(values.length, "?"));
			return new Write("insert into " + table + " (" + columns + ") values (" + marks + ")",
					"insert into " + table + " (" + columns + ") select " + marks + " from claim",
					Arrays.asList(values));
		}

		static Write update(String sql, Object... params) {
			return new Write(sql, sql, Arrays.asList(params));
		}

		/** Runs this write on its own, in the caller's transaction. */
		void run(JdbcClient jdbc) {
			jdbc.sql(this.alone).params(this.params).update();
		}

	}

	/** What a write did to its certificate or pool. */
	record Outcome(UUID subjectId, long subjectVersion, long balanceAfterMinor, String stateAfter) {
	}

	/** A request as stored, and whether this call replayed it. */
	record Answer(UUID requestId, UUID subjectId, long balanceAfterMinor, String stateAfter, boolean replayed) {
	}

	/**
	 * A write's work: checks, then {@link Claim#answer} with what it will do, then the
	 * postings under the request id that returns.
	 */
	@FunctionalInterface
	interface Work {

		void write(Claim claim);

	}

	/** The idempotency key of one write, claimed once with the write's answer. */
	final class Claim {

		private final ShopId shop;

		private final String key;

		private final String operation;

		private final String fingerprint;

		private final UUID by;

		private final UUID id = UUID.randomUUID();

		private Outcome outcome;

		private Claim(ShopId shop, String key, String operation, String fingerprint, UUID by) {
			this.shop = shop;
			this.key = key;
			this.operation = operation;
			this.fingerprint = fingerprint;
			this.by = by;
		}

		/**
		 * The id the request is stored under, known before it is: the postings' request.
		 */
		UUID requestId() {
			return this.id;
		}

		/**
		 * Stores the request with its answer and the write's rows, in the write's
		 * transaction.
		 * @throws KeyTaken when the key is stored already: the write is rolled back and
		 * the stored answer replayed
		 */
		void answer(Outcome outcome, Write... writes) {
			if (this.outcome != null) {
				throw new IllegalStateException("a write claims its key once");
			}
			if (!claim(this, outcome, writes)) {
				throw new KeyTaken();
			}
			this.outcome = outcome;
		}

	}

	/** The key of a write is stored already; thrown to roll the write back. */
	private static final class KeyTaken extends RuntimeException {

		private static final long serialVersionUID = 1L;

		KeyTaken() {
			super("idempotency key already stored", null, false, false);
		}

	}

	Answer run(ShopId shop, String key, String operation, String request, UUID by, Work work) {
		String idempotencyKey = check(key);
		String fingerprint = Tokens.sha256(operation + "\n" + request);
		try {
			return this.transaction.execute((status) -> {
				Claim claim = new Claim(shop, idempotencyKey, operation, fingerprint, by);
				work.write(claim);
				if (claim.outcome == null) {
					throw new IllegalStateException("a ledger write must claim its idempotency key");
				}
				Outcome outcome = claim.outcome;
				return new Answer(claim.id, outcome.subjectId(), outcome.balanceAfterMinor(), outcome.stateAfter(),
						false);
			});
		}
		catch (KeyTaken ex) {
			Stored stored = find(shop, idempotencyKey)
				.orElseThrow(() -> new IllegalStateException("idempotency key claimed but not stored"));
			return replay(stored, fingerprint);
		}
		catch (DuplicateKeyException ex) {
			// H2 reports a concurrent insert of the same key as a duplicate instead of
			// waiting.
			Stored stored = find(shop, idempotencyKey).orElseThrow(() -> ex);
			return replay(stored, fingerprint);
		}
		catch (LedgerRefusedException refusal) {
			Optional<Stored> stored = storedOrInFlight(shop, idempotencyKey, operation, fingerprint, by);
			if (stored.isPresent()) {
				return replay(stored.get(), fingerprint);
			}
			throw refusal;
		}
	}

	static String check(String key) {
		String trimmed = (key != null) ? key.trim() : "";
		if (trimmed.isEmpty() || trimmed.length() > MAX_KEY_LENGTH) {
			throw new LedgerRefusedException(Reason.IDEMPOTENCY_KEY_INVALID, "Idempotency-Key");
		}
		return trimmed;
	}

	/** Inserts the claim and, if it took, the write's rows. */
	private boolean claim(Claim claim, Outcome outcome, Write... writes) {
		List<Object> params = new ArrayList<>(
				claimParams(claim.id, claim.shop, claim.key, claim.operation, claim.fingerprint, outcome, claim.by));
		if (!this.oneStatement) {
			if (this.jdbc.sql(CLAIM).params(params).update() == 0) {
				return false;
			}
			for (Write write : writes) {
				write.run(this.jdbc);
			}
			return true;
		}
		StringBuilder sql = new StringBuilder("with claim as (").append(CLAIM).append(" returning id)");
		for (int i = 0; i < writes.length; i++) {
			sql.append(", write").append(i).append(" as (").append(writes[i].withClaim()).append(')');
			params.addAll(writes[i].params());
		}
		sql.append(" select count(*) from claim");
		return this.jdbc.sql(sql.toString()).params(params).query(Integer.class).single() > 0;
	}

	private int insert(UUID id, ShopId shop, String key, String operation, String fingerprint, Outcome outcome,
			UUID by) {
		return this.jdbc.sql(CLAIM).params(claimParams(id, shop, key, operation, fingerprint, outcome, by)).update();
	}

	private List<Object> claimParams(UUID id, ShopId shop, String key, String operation, String fingerprint,
			Outcome outcome, UUID by) {
		return Arrays.asList(id, shop.value(), key, operation, fingerprint,
				(outcome != null) ? outcome.subjectId() : null, (outcome != null) ? outcome.subjectVersion() : null,
				(outcome != null) ? outcome.balanceAfterMinor() : null, (outcome != null) ? outcome.stateAfter() : null,
				Times.column(this.clock.instant()), by);
	}

	/**
	 * After a refusal: the request stored under this key, if any. Tries to claim the key
	 * and rolls that back, so a request in flight with the same key is waited for, as a
	 * write's own claim would.
	 */
	private Optional<Stored> storedOrInFlight(ShopId shop, String key, String operation, String fingerprint, UUID by) {
		try {
			return this.transaction.execute((status) -> {
				status.setRollbackOnly();
				if (insert(UUID.randomUUID(), shop, key, operation, fingerprint, null, by) == 1) {
					return Optional.<Stored>empty();
				}
				return find(shop, key);
			});
		}
		catch (DuplicateKeyException ex) {
			return find(shop, key);
		}
	}

	private Answer replay(Stored stored, String fingerprint) {
		if (!stored.fingerprint().equals(fingerprint)) {
			throw new LedgerRefusedException(Reason.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key");
		}
		return new Answer(stored.id(), stored.subjectId(), stored.balanceAfterMinor(), stored.stateAfter(), true);
	}

	private Optional<Stored> find(ShopId shop, String key) {
		return this.jdbc.sql("""
				select id, fingerprint, subject_id, balance_after_minor, state_after from ledger_request
				where shop_id = ? and idempotency_key = ?""")
			.params(shop.value(), key)
			.query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getString("fingerprint"),
					rs.getObject("subject_id", UUID.class), rs.getLong("balance_after_minor"),
					rs.getString("state_after")))
			.optional();
	}

	private record Stored(UUID id, String fingerprint, UUID subjectId, long balanceAfterMinor, String stateAfter) {
	}

}
