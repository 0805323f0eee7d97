package app.extramile.ledger;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import app.extramile.ledger.LedgerRequests.Write;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The double-entry ledger. A posting moves a positive amount from one account (debited)
 * to another (credited) in the same shop and currency, so it balances by construction;
 * the database checks the same with CHECK and composite foreign keys. Postings are only
 * ever inserted. An account's balance is the sum of what was credited to it less what was
 * debited from it: positive on a certificate or pool means the shop owes that much.
 */
@Component
class Ledger {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final TransactionTemplate ownTransaction;

	private final Map<String, UUID> shopAccounts = new ConcurrentHashMap<>();

	Ledger(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Opens an account of its own for a certificate or pool, in the caller's transaction.
	 */
	UUID open(ShopId shop, AccountKind kind, UUID owner, String currency) {
		UUID id = UUID.randomUUID();
		opening(id, shop, kind, owner, currency).run(this.jdbc);
		return id;
	}

	/** An account of its own, with the id given, for a certificate or pool. */
	Write opening(UUID id, ShopId shop, AccountKind kind, UUID owner, String currency) {
		return Write.insert("ledger_account", "id, shop_id, kind, code, currency, created_at", id, shop.value(),
				kind.name(), kind.shopCode() + ":" + owner, currency, Times.column(this.clock.instant()));
	}

	/**
	 * The shop's one account of a kind (till, sales, breakage, adjustments), created in a
	 * transaction of its own the first time, so two first operations at once cannot abort
	 * each other's work.
	 */
	UUID shopAccount(ShopId shop, AccountKind kind, String currency) {
		String key = shop + "|" + kind + "|" + currency;
		return this.shopAccounts.computeIfAbsent(key, (k) -> {
			UUID found = findShopAccount(shop, kind, currency);
			if (found != null) {
				return found;
			}
			try {
				this.ownTransaction.executeWithoutResult((status) -> this.jdbc.sql("""
						insert into ledger_account (id, shop_id, kind, code, currency, created_at)
						values (?, ?, ?, ?, ?, ?)""")
					.params(UUID.randomUUID(), shop.value(), kind.name(), kind.shopCode(), currency,
							Times.column(this.clock.instant()))
					.update());
			}
			catch (DuplicateKeyException ex) {
				// another request created it a moment ago
			}
			return findShopAccount(shop, kind, currency);
		});
	}

	private UUID findShopAccount(ShopId shop, AccountKind kind, String currency) {
		return this.jdbc.sql("select id from ledger_account where shop_id = ? and code = ? and currency = ?")
			.params(shop.value(), kind.shopCode(), currency)
			.query(UUID.class)
			.optional()
			.orElse(null);
	}

	/**
	 * A posting of {@code amountMinor} from {@code debit} to {@code credit}, to go with
	 * its request's claim. Checked here and again by the database: positive, two
	 * different accounts, same shop and currency.
	 */
	Write posting(ShopId shop, String currency, UUID request, PostingKind kind, UUID debit, UUID credit,
			long amountMinor, String memo, UUID by) {
		if (amountMinor <= 0) {
			throw new IllegalArgumentException("a posting moves a positive amount");
		}
		if (debit.equals(credit)) {
			throw new IllegalArgumentException("a posting moves money between two accounts");
		}
		return Write.insert("ledger_posting", """
				id, shop_id, currency, debit_account, credit_account, amount_minor, kind, request_id, memo, posted_at,
				posted_by""", UUID.randomUUID(), shop.value(), currency, debit, credit, amountMinor, kind.name(),
				request, memo, Times.column(this.clock.instant()), by);
	}

	/** Credits less debits: what the shop owes on a liability account. */
	long balance(UUID account) {
		return this.jdbc.sql("""
				select coalesce((select sum(amount_minor) from ledger_posting where credit_account = ?), 0)
				     - coalesce((select sum(amount_minor) from ledger_posting where debit_account = ?), 0)""")
			.params(account, account)
			.query(Long.class)
			.single();
	}

	/** Credits less debits of one kind of posting on an account. */
	long moved(UUID account, PostingKind kind) {
		return this.jdbc
			.sql("""
					select coalesce((select sum(amount_minor) from ledger_posting where credit_account = ? and kind = ?), 0)
					     - coalesce((select sum(amount_minor) from ledger_posting where debit_account = ? and kind = ?), 0)""")
			.params(account, kind.name(), account, kind.name())
			.query(Long.class)
			.single();
	}

}
