package app.extramile.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The nightly check: rebuilds every account's balance from its postings, in one
 * consistent snapshot, and compares it with what the ledger last told anyone (the balance
 * stored with the latest answer for each certificate and pool), checks that debits and
 * credits agree in total, that no certificate or pool owes less than nothing and that a
 * void certificate holds nothing. The result is stored for the owner to read.
 */
@Component
public class BalanceCheck {

	private static final Logger log = LoggerFactory.getLogger(BalanceCheck.class);

	private static final int DETAIL_LENGTH = 4000;

	private final JdbcClient jdbc;

	private final Clock clock;

	BalanceCheck(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One stored check. */
	public record Result(Instant ranAt, int accounts, long postings, int differences, String detail) {

		public boolean clean() {
			return this.differences == 0;
		}

	}

	void checkAllShops() {
		for (UUID shop : this.jdbc.sql("select distinct shop_id from ledger_account").query(UUID.class).list()) {
			run(new ShopId(shop));
		}
	}

	@Transactional(isolation = Isolation.REPEATABLE_READ)
	public Result run(ShopId shop) {
		Map<UUID, Long> rebuilt = new HashMap<>();
		Map<UUID, String> kinds = new HashMap<>();
		this.jdbc
			.sql("""
					select a.id, a.kind,
					  coalesce((select sum(p.amount_minor) from ledger_posting p where p.credit_account = a.id), 0)
					  - coalesce((select sum(p.amount_minor) from ledger_posting p where p.debit_account = a.id), 0) as balance
					from ledger_account a where a.shop_id = ?""")
			.param(shop.value())
			.query((rs) -> {
				UUID id = rs.getObject("id", UUID.class);
				rebuilt.put(id, rs.getLong("balance"));
				kinds.put(id, rs.getString("kind"));
			});
		long postings = this.jdbc.sql("select count(*) from ledger_posting where shop_id = ?")
			.param(shop.value())
			.query(Long.class)
			.single();
		List<String> differences = new ArrayList<>();
		long total = rebuilt.values().stream().mapToLong(Long::longValue).sum();
		if (total != 0) {
			differences.add("ledger out of balance by " + total);
		}
		Map<UUID, Subject> subjects = subjects(shop);
		for (Map.Entry<UUID, Long> account : rebuilt.entrySet()) {
			String kind = kinds.get(account.getKey());
			long balance = account.getValue();
			if ((kind.equals("CERTIFICATE") || kind.equals("POOL")) && balance < 0) {
				differences.add("account " + account.getKey() + " owes less than nothing: " + balance);
			}
			Subject subject = subjects.get(account.getKey());
			if (subject == null) {
				continue;
			}
			if (subject.runningBalance() != balance) {
				differences.add(kind.toLowerCase() + " " + subject.id() + ": rebuilt " + balance + ", running balance "
						+ subject.runningBalance());
			}
			if (subject.lastBalance().isPresent() && subject.lastBalance().get() != balance) {
				differences.add(kind.toLowerCase() + " " + subject.id() + ": rebuilt " + balance + ", last answered "
						+ subject.lastBalance().get());
			}
			if ("VOID".equals(subject.state()) && balance != 0) {
				differences.add("void certificate " + subject.id() + " holds " + balance);
			}
		}
		String detail = String.join("\n", differences);
		if (detail.length() > DETAIL_LENGTH) {
			detail = detail.substring(0, DETAIL_LENGTH - 1) + "…";
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into ledger_check (id, shop_id, ran_at, accounts, postings, differences, detail)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), Times.column(now), rebuilt.size(), postings, differences.size(),
					detail.isEmpty() ? null : detail)
			.update();
		if (!differences.isEmpty()) {
			log.error("Ledger check of shop {} found {} differences", shop, differences.size());
		}
		return new Result(now, rebuilt.size(), postings, differences.size(), detail);
	}

	/** The latest stored checks of a shop, newest first. */
	@Transactional(readOnly = true)
	public List<Result> latest(ShopId shop, int limit) {
		return this.jdbc.sql("""
				select ran_at, accounts, postings, differences, detail from ledger_check
				where shop_id = ? order by ran_at desc limit ?""")
			.params(shop.value(), limit)
			.query((rs, n) -> new Result(Times.instant(rs, "ran_at"), rs.getInt("accounts"), rs.getLong("postings"),
					rs.getInt("differences"), rs.getString("detail")))
			.list();
	}

	private record Subject(UUID id, String state, long runningBalance, Optional<Long> lastBalance) {
	}

	/**
	 * Certificates and pools by their account, with the balance of the latest answer
	 * given about each.
	 */
	private Map<UUID, Subject> subjects(ShopId shop) {
		Map<UUID, Subject> subjects = new HashMap<>();
		String last = """
				(select r.balance_after_minor from ledger_request r where r.subject_id = s.id
				 and r.subject_version = (select max(r2.subject_version) from ledger_request r2 where r2.subject_id = s.id))""";
		this.jdbc
			.sql("select s.id, s.account_id, s.state, s.balance_minor, " + last
					+ " as last_balance from gift_certificate s where s.shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				long balance = rs.getLong("last_balance");
				Optional<Long> answered = rs.wasNull() ? Optional.empty() : Optional.of(balance);
				subjects.put(rs.getObject("account_id", UUID.class), new Subject(rs.getObject("id", UUID.class),
						rs.getString("state"), rs.getLong("balance_minor"), answered));
			});
		this.jdbc
			.sql("select s.id, s.account_id, 'ACTIVE' as state, s.balance_minor, " + last
					+ " as last_balance from pay_it_forward_pool s where s.shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				long balance = rs.getLong("last_balance");
				Optional<Long> answered = rs.wasNull() ? Optional.empty() : Optional.of(balance);
				subjects.put(rs.getObject("account_id", UUID.class), new Subject(rs.getObject("id", UUID.class),
						rs.getString("state"), rs.getLong("balance_minor"), answered));
			});
		return subjects;
	}

}
