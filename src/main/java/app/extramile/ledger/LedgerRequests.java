package app.extramile.ledger;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
 * (key and a fingerprint of what was asked), the postings and the answer commit together
 * or not at all. The same key with the same request answers what was answered the first
 * time without posting again; with a different request it is refused. A refused request
 * stores nothing, so it may be retried with the same key.
 * <p>
 * Two requests with one key at the same moment: the second insert waits on the unique key
 * until the first commits, then inserts nothing and reads the first one's answer.
 */
@Component
class LedgerRequests {

	static final int MAX_KEY_LENGTH = 120;

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

	Answer run(ShopId shop, String key, String operation, String request, UUID by, Function<UUID, Outcome> work) {
		String idempotencyKey = check(key);
		String fingerprint = Tokens.sha256(operation + "\n" + request);
		try {
			Answer answer = this.transaction.execute((status) -> {
				UUID id = UUID.randomUUID();
				// Claims the key first, in the write's own transaction: no separate
				// look-up on the
				// common path. A key already stored (or being stored by a request in
				// flight,
				// which this insert waits for) inserts nothing, and its answer is
				// replayed below.
				int claimed = this.jdbc.sql("""
						insert into ledger_request (id, shop_id, idempotency_key, operation, fingerprint, requested_at,
						  requested_by)
						values (?, ?, ?, ?, ?, ?, ?)
						on conflict do nothing""")
					.params(id, shop.value(), idempotencyKey, operation, fingerprint,
							Times.column(this.clock.instant()), by)
					.update();
				if (claimed == 0) {
					return null;
				}
				Outcome outcome = work.apply(id);
				this.jdbc.sql("""
						update ledger_request set subject_id = ?, subject_version = ?, balance_after_minor = ?,
						  state_after = ? where id = ?""")
					.params(outcome.subjectId(), outcome.subjectVersion(), outcome.balanceAfterMinor(),
							outcome.stateAfter(), id)
					.update();
				return new Answer(id, outcome.subjectId(), outcome.balanceAfterMinor(), outcome.stateAfter(), false);
			});
			if (answer != null) {
				return answer;
			}
		}
		catch (DuplicateKeyException ex) {
			// H2 reports a concurrent insert of the same key as a duplicate instead of
			// waiting.
			Stored stored = find(shop, idempotencyKey).orElseThrow(() -> ex);
			return replay(stored, fingerprint);
		}
		Stored stored = find(shop, idempotencyKey)
			.orElseThrow(() -> new IllegalStateException("idempotency key claimed but not stored"));
		return replay(stored, fingerprint);
	}

	static String check(String key) {
		String trimmed = (key != null) ? key.trim() : "";
		if (trimmed.isEmpty() || trimmed.length() > MAX_KEY_LENGTH) {
			throw new LedgerRefusedException(Reason.IDEMPOTENCY_KEY_INVALID, "Idempotency-Key");
		}
		return trimmed;
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
