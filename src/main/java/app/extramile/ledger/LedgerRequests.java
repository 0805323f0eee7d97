package app.extramile.ledger;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * one), then claims the key <em>with</em> that answer in one statement
 * ({@link Claim#answer}: {@code insert … on conflict do nothing}), then posts. A key
 * already stored inserts nothing: the write is rolled back and the stored answer
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

	LedgerRequests(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
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

		private UUID id;

		private Outcome outcome;

		private Claim(ShopId shop, String key, String operation, String fingerprint, UUID by) {
			this.shop = shop;
			this.key = key;
			this.operation = operation;
			this.fingerprint = fingerprint;
			this.by = by;
		}

		/**
		 * Stores the request with its answer, in the write's transaction.
		 * @return the request's id, for the postings
		 * @throws KeyTaken when the key is stored already: the write is rolled back and
		 * the stored answer replayed
		 */
		UUID answer(Outcome outcome) {
			if (this.id != null) {
				throw new IllegalStateException("a write claims its key once");
			}
			UUID id = UUID.randomUUID();
			if (insert(id, this.shop, this.key, this.operation, this.fingerprint, outcome, this.by) == 0) {
				throw new KeyTaken();
			}
			this.id = id;
			this.outcome = outcome;
			return id;
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
				if (claim.id == null) {
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

	private int insert(UUID id, ShopId shop, String key, String operation, String fingerprint, Outcome outcome,
			UUID by) {
		return this.jdbc.sql(CLAIM)
			.params(id, shop.value(), key, operation, fingerprint, (outcome != null) ? outcome.subjectId() : null,
					(outcome != null) ? outcome.subjectVersion() : null,
					(outcome != null) ? outcome.balanceAfterMinor() : null,
					(outcome != null) ? outcome.stateAfter() : null, Times.column(this.clock.instant()), by)
			.update();
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
