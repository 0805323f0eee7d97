package app.extramile.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.ledger.LedgerRequests.Answer;
import app.extramile.ledger.LedgerRequests.Claim;
import app.extramile.ledger.LedgerRequests.Outcome;
import app.extramile.ledger.LedgerRequests.Write;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Pay-it-forward pools: a donor pays for a number of items (or an amount) in a pool,
 * named or anonymous, with an optional thank-you note; staff give one out at their
 * discretion, with an optional reason or charity referral and never a recipient's name.
 * Each pool is a liability account on the ledger; every write takes an idempotency key
 * and locks the pool's row, so two staff giving out the last coffee at once give it once.
 * <p>
 * An item pool keeps the price it was opened with: a coffee paid for stays a coffee's
 * worth of money owed. Open a new pool when the price changes.
 */
@Service
public class PayItForward {

	public static final int MAX_UNITS = 100;

	private final JdbcClient jdbc;

	private final Ledger ledger;

	private final LedgerRequests requests;

	private final LedgerSettings settings;

	private final ShopCalendar calendar;

	private final Clock clock;

	PayItForward(JdbcClient jdbc, Ledger ledger, LedgerRequests requests, LedgerSettings settings,
			ShopCalendar calendar, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.requests = requests;
		this.settings = settings;
		this.calendar = calendar;
		this.clock = clock;
	}

	/** A pool and what is waiting in it. {@code unitPriceMinor} is null for money. */
	public record Pool(UUID id, String name, Long unitPriceMinor, String currency, long balanceMinor) {

		public boolean items() {
			return this.unitPriceMinor != null;
		}

		/** Items waiting (whole items only), or null for a money pool. */
		public Long available() {
			return items() ? this.balanceMinor / this.unitPriceMinor : null;
		}

	}

	/** A donation or a give-out; {@code balanceMinor} is the pool's balance after it. */
	public record PoolReceipt(UUID poolId, long balanceMinor, boolean replayed) {
	}

	/** Totals for one pool in one month, in the shop's time zone. */
	public record MonthTotal(YearMonth month, String pool, long donatedMinor, long givenMinor, long donatedUnits,
			long givenUnits) {
	}

	public UUID open(ShopUser actor, String name, Long unitPriceMinor) {
		ShopId shop = actor.shopId();
		String trimmed = GiftCertificates.text(name, 60, "name");
		if (trimmed == null) {
			throw new LedgerRefusedException(Reason.TEXT_TOO_LONG, "name");
		}
		if (unitPriceMinor != null && (unitPriceMinor <= 0 || unitPriceMinor > this.settings.maxAmountMinor())) {
			throw new LedgerRefusedException(
					(unitPriceMinor <= 0) ? Reason.AMOUNT_NOT_POSITIVE : Reason.AMOUNT_TOO_LARGE, "unitPrice");
		}
		java.util.Optional<UUID> existing = this.jdbc
			.sql("select id from pay_it_forward_pool where shop_id = ? and name = ?")
			.params(shop.value(), trimmed)
			.query(UUID.class)
			.optional();
		if (existing.isPresent()) {
			return existing.get();
		}
		UUID id = UUID.randomUUID();
		UUID account = this.ledger.open(shop, AccountKind.POOL, id, this.settings.currency());
		try {
			this.jdbc.sql("""
					insert into pay_it_forward_pool (id, shop_id, name, unit_price_minor, currency, account_id,
					  created_at, version, balance_minor) values (?, ?, ?, ?, ?, ?, ?, 0, 0)""")
				.params(id, shop.value(), trimmed, unitPriceMinor, this.settings.currency(), account,
						Times.column(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			return this.jdbc.sql("select id from pay_it_forward_pool where shop_id = ? and name = ?")
				.params(shop.value(), trimmed)
				.query(UUID.class)
				.single();
		}
		return id;
	}

	/**
	 * A donor pays for {@code units} items (an item pool) or {@code amountMinor} (a money
	 * pool). {@code donorName} null means anonymous.
	 */
	public PoolReceipt donate(ShopUser actor, UUID poolId, int units, long amountMinor, String donorName, String note,
			String idempotencyKey) {
		ShopId shop = actor.shopId();
		String donor = GiftCertificates.text(donorName, 120, "donorName");
		String thanks = GiftCertificates.text(note, 300, "note");
		Pool pool = get(shop, poolId);
		long amount = amountOf(pool, units, amountMinor);
		UUID till = this.ledger.shopAccount(shop, AccountKind.TILL, pool.currency());
		Answer answer = this.requests.run(shop, idempotencyKey, "DONATE",
				poolId + "|" + units + "|" + amount + "|" + donor + "|" + thanks, actor.accountId(), (claim) -> {
					Row row = lock(shop, poolId);
					long balance = row.balanceMinor();
					if (balance + amount > this.settings.maxAmountMinor()) {
						throw new LedgerRefusedException(Reason.BALANCE_TOO_LARGE, pool.items() ? "units" : "amount");
					}
					UUID requestId = claim.requestId();
					bump(claim, row, balance + amount,
							this.ledger.posting(shop, pool.currency(), requestId, PostingKind.DONATE, till,
									row.accountId(), amount, null, actor.accountId()),
							entry(shop, poolId, requestId, "DONATED", pool.items() ? units : null, amount, donor,
									thanks, null, null));
				});
		return new PoolReceipt(poolId, answer.balanceAfterMinor(), answer.replayed());
	}

	/**
	 * Gives one item out (an item pool) or {@code amountMinor} (a money pool). Nobody's
	 * name is asked for; a reason or a referral (a food bank, a charity) may be noted.
	 */
	public PoolReceipt giveOut(ShopUser actor, UUID poolId, long amountMinor, String reason, String referral,
			String idempotencyKey) {
		ShopId shop = actor.shopId();
		String why = GiftCertificates.text(reason, 300, "reason");
		String referredBy = GiftCertificates.text(referral, 120, "referral");
		Pool pool = get(shop, poolId);
		long amount = amountOf(pool, 1, amountMinor);
		UUID sales = this.ledger.shopAccount(shop, AccountKind.SALES, pool.currency());
		Answer answer = this.requests.run(shop, idempotencyKey, "GIVE",
				poolId + "|" + amount + "|" + why + "|" + referredBy, actor.accountId(), (claim) -> {
					Row row = lock(shop, poolId);
					long balance = row.balanceMinor();
					if (amount > balance) {
						throw new LedgerRefusedException(Reason.POOL_EMPTY, pool.items() ? "units" : "amount");
					}
					UUID requestId = claim.requestId();
					bump(claim, row, balance - amount,
							this.ledger.posting(shop, pool.currency(), requestId, PostingKind.GIVE, row.accountId(),
									sales, amount, null, actor.accountId()),
							entry(shop, poolId, requestId, "GIVEN", pool.items() ? 1 : null, amount, null, null, why,
									referredBy));
				});
		return new PoolReceipt(poolId, answer.balanceAfterMinor(), answer.replayed());
	}

	public List<Pool> pools(ShopId shop) {
		return this.jdbc.sql("""
				select id, name, unit_price_minor, currency, balance_minor from pay_it_forward_pool
				where shop_id = ? and archived_at is null order by name""").param(shop.value()).query((rs, n) -> {
			long price = rs.getLong("unit_price_minor");
			Long unit = rs.wasNull() ? null : price;
			return new Pool(rs.getObject("id", UUID.class), rs.getString("name"), unit, rs.getString("currency").trim(),
					rs.getLong("balance_minor"));
		}).list();
	}

	public Pool get(ShopId shop, UUID poolId) {
		return pools(shop).stream()
			.filter((pool) -> pool.id().equals(poolId))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("pool"));
	}

	/** Donated and given out per month and pool, newest month first. */
	public List<MonthTotal> monthlyTotals(ShopId shop, int months) {
		ZoneId zone = this.calendar.zone(shop);
		YearMonth from = YearMonth.from(this.calendar.today(shop)).minusMonths(months - 1L);
		Instant since = from.atDay(1).atStartOfDay(zone).toInstant();
		Map<String, long[]> totals = new TreeMap<>();
		this.jdbc.sql("""
				select e.at, e.kind, e.units, e.amount_minor, p.name from pay_it_forward_entry e
				join pay_it_forward_pool p on p.id = e.pool_id
				where e.shop_id = ? and e.at >= ?""").params(shop.value(), Times.column(since)).query((rs) -> {
			YearMonth month = YearMonth.from(Times.instant(rs, "at").atZone(zone));
			long[] sums = totals.computeIfAbsent(month + "\u0000" + rs.getString("name"), (k) -> new long[4]);
			int offset = "DONATED".equals(rs.getString("kind")) ? 0 : 1;
			sums[offset] += rs.getLong("amount_minor");
			sums[offset + 2] += rs.getInt("units");
		});
		return totals.entrySet().stream().map((e) -> {
			String[] parts = e.getKey().split("\u0000");
			long[] sums = e.getValue();
			return new MonthTotal(YearMonth.parse(parts[0]), parts[1], sums[0], sums[1], sums[2], sums[3]);
		}).sorted((a, b) -> b.month().compareTo(a.month())).toList();
	}

	/** Recent thank-you notes from donors (anonymous ones show no name). */
	public record Thanks(Instant at, String pool, String donorName, String note) {
	}

	public List<Thanks> recentThanks(ShopId shop, int limit) {
		return this.jdbc.sql("""
				select e.at, p.name, e.donor_name, e.note from pay_it_forward_entry e
				join pay_it_forward_pool p on p.id = e.pool_id
				where e.shop_id = ? and e.kind = 'DONATED' and e.note is not null order by e.at desc limit ?""")
			.params(shop.value(), limit)
			.query((rs, n) -> new Thanks(Times.instant(rs, "at"), rs.getString("name"), rs.getString("donor_name"),
					rs.getString("note")))
			.list();
	}

	private long amountOf(Pool pool, int units, long amountMinor) {
		if (pool.items()) {
			if (units < 1 || units > MAX_UNITS) {
				throw new LedgerRefusedException(Reason.UNITS, "units");
			}
			return units * pool.unitPriceMinor();
		}
		if (amountMinor <= 0) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, "amount");
		}
		if (amountMinor > this.settings.maxAmountMinor()) {
			throw new LedgerRefusedException(Reason.AMOUNT_TOO_LARGE, "amount");
		}
		return amountMinor;
	}

	private Write entry(ShopId shop, UUID pool, UUID request, String kind, Integer units, long amount, String donor,
			String note, String reason, String referral) {
		return Write.insert("pay_it_forward_entry", """
				id, shop_id, pool_id, request_id, kind, units, amount_minor, donor_name, note, reason, referral, at""",
				UUID.randomUUID(), shop.value(), pool, request, kind, units, amount, donor, note, reason, referral,
				Times.column(this.clock.instant()));
	}

	private record Row(UUID id, UUID accountId, long version, long balanceMinor) {
	}

	private Row lock(ShopId shop, UUID poolId) {
		return this.jdbc
			.sql("select id, account_id, version, balance_minor from pay_it_forward_pool where shop_id = ? and id = ? "
					+ "for update")
			.params(shop.value(), poolId)
			.query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
					rs.getLong("version"), rs.getLong("balance_minor")))
			.optional()
			.orElseThrow(() -> new LedgerRefusedException(Reason.UNKNOWN_POOL, "pool"));
	}

	/**
	 * Claims the write's key with its answer, setting the locked pool's balance to match,
	 * with the write's posting and the pool's entry.
	 */
	private void bump(Claim claim, Row row, long balanceAfter, Write posting, Write entry) {
		claim.answer(new Outcome(row.id(), row.version() + 1, balanceAfter, "ACTIVE"),
				Write.update("update pay_it_forward_pool set balance_minor = ?, version = version + 1 where id = ?",
						balanceAfter, row.id()),
				posting, entry);
	}

}
