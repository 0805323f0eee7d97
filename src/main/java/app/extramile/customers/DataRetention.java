package app.extramile.customers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How long each shop keeps visits, closed checks, alarm details and the care access log,
 * and the nightly clean-up that removes what is older. The clean-up runs as a durable,
 * cluster-safe task (one instance runs it); it deletes in batches of {@value #BATCH},
 * each batch its own short transaction, so the counter is never kept waiting, and running
 * it twice removes nothing twice.
 */
@Service
public class DataRetention {

	private static final Logger log = LoggerFactory.getLogger(DataRetention.class);

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final ObjectProvider<PersonalData> modules;

	private final TransactionTemplate transaction;

	private final Clock clock;

	DataRetention(JdbcClient jdbc, ObjectProvider<PersonalData> modules, PlatformTransactionManager transactions,
			Clock clock) {
		this.jdbc = jdbc;
		this.modules = modules;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	public Retention of(ShopId shop) {
		return this.jdbc.sql("""
				select visits_days, closed_checks_days, alarm_details_days, access_log_days from data_retention
				where shop_id = ?""")
			.param(shop.value())
			.query((rs, n) -> new Retention((Integer) rs.getObject("visits_days"),
					(Integer) rs.getObject("closed_checks_days"), (Integer) rs.getObject("alarm_details_days"),
					(Integer) rs.getObject("access_log_days")))
			.optional()
			.orElse(Retention.FOREVER);
	}

	/**
	 * Sets the shop's retention. Owners only.
	 * @throws Refused naming the field that is out of range
	 */
	public void set(ShopUser owner, Retention retention) {
		if (owner.role() != Role.OWNER) {
			throw new AccessDeniedException("retention is for the owner");
		}
		check("visitsDays", retention.visitsDays(), Retention.MIN_VISITS);
		check("closedChecksDays", retention.closedChecksDays(), Retention.MIN_CLOSED_CHECKS);
		check("alarmDetailsDays", retention.alarmDetailsDays(), Retention.MIN_ALARM_DETAILS);
		check("accessLogDays", retention.accessLogDays(), Retention.MIN_ACCESS_LOG);
		this.transaction.executeWithoutResult((status) -> {
			Object[] values = { retention.visitsDays(), retention.closedChecksDays(), retention.alarmDetailsDays(),
					retention.accessLogDays(), Times.column(this.clock.instant()), owner.accountId(),
					owner.shopId().value() };
			int updated = this.jdbc.sql("""
					update data_retention set visits_days = ?, closed_checks_days = ?, alarm_details_days = ?,
					  access_log_days = ?, updated_at = ?, updated_by = ? where shop_id = ?""").params(values).update();
			if (updated == 0) {
				this.jdbc
					.sql("""
							insert into data_retention (visits_days, closed_checks_days, alarm_details_days, access_log_days,
							  updated_at, updated_by, shop_id) values (?, ?, ?, ?, ?, ?, ?)""")
					.params(values)
					.update();
			}
		});
	}

	private static void check(String field, Integer days, int min) {
		if (days != null && (days < min || days > Retention.MAX)) {
			throw new Refused(field, "retention.refused." + field);
		}
	}

	/**
	 * Removes everything kept past each shop's retention, shop by shop and batch by
	 * batch. Run by the nightly task; safe to run twice or after a crash half-way.
	 * @return how many rows were removed
	 */
	public long removeExpired() {
		Instant now = this.clock.instant();
		// every shop: some rules hold without settings (a till file never imported)
		List<ShopId> shops = this.jdbc.sql("select id from shop")
			.query((rs, n) -> new ShopId(rs.getObject("id", UUID.class)))
			.list();
		long removed = 0;
		for (ShopId shop : shops) {
			Retention retention = of(shop);
			removed += inBatches(() -> removeExpiredAccessLog(shop, retention, now));
			for (PersonalData module : this.modules.orderedStream().toList()) {
				removed += inBatches(() -> module.removeExpired(shop, retention, now, BATCH));
			}
		}
		if (removed > 0) {
			log.info("Retention: {} row(s) past their time removed", removed);
		}
		return removed;
	}

	private long inBatches(java.util.function.IntSupplier batch) {
		long total = 0;
		while (true) {
			Integer done = this.transaction.execute((status) -> batch.getAsInt());
			int n = (done != null) ? done : 0;
			total += n;
			if (n < BATCH) {
				return total;
			}
		}
	}

	private int removeExpiredAccessLog(ShopId shop, Retention retention, Instant now) {
		Optional<Instant> before = Retention.before(retention.accessLogDays(), now);
		if (before.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				delete from care_access_log where id in (
				  select id from care_access_log where shop_id = ? and at < ? limit ?)""")
			.params(shop.value(), Times.column(before.get()), BATCH)
			.update();
	}

}
