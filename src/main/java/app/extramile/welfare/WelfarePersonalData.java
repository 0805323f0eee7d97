package app.extramile.welfare;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.customers.Retention;
import app.extramile.notifications.Notifier;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Her welfare checks, their steps and her regular check-ins. Erasure keeps the checks and
 * their outcomes (counts; impact has its own facts) but clears every phone number and
 * contact name in the steps and the check-ins' notes, and ends the check-ins.
 */
@Component
@Transactional
class WelfarePersonalData implements PersonalData {

	private static final String HER_CHECKS = "check_id in (select id from welfare_check where shop_id = ? and customer_id = ?)";

	private final JdbcClient jdbc;

	private final Notifier notifier;

	WelfarePersonalData(JdbcClient jdbc, Notifier notifier) {
		this.jdbc = jdbc;
		this.notifier = notifier;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
		parts.put("welfare-checks", this.jdbc.sql("""
				select id, reason, status, outcome, opened_at, opened_by, resolved_at, resolved_by from welfare_check
				where shop_id = ? and customer_id = ? order by opened_at""")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows());
		parts.put("welfare-steps", this.jdbc.sql("""
				select check_id, seq, kind, contact_name, contact_phone, status, assignee, due_at, outcome, done_at,
				  done_by from welfare_step where shop_id = ?""" + " and " + HER_CHECKS + " order by check_id, seq")
			.params(shop.value(), shop.value(), customer.value())
			.query()
			.listOfRows());
		parts.put("welfare-check-ins",
				this.jdbc.sql("""
						select id, weekday, at_time, note, next_due_at, created_at, ended_at from welfare_check_in
						where shop_id = ? and customer_id = ? order by created_at""")
					.params(shop.value(), customer.value())
					.query()
					.listOfRows());
		return parts;
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		List<String> keys = this.jdbc
			.sql("""
					select 'welfare:' || cast(id as varchar(36)) || ':' from welfare_check where shop_id = ? and customer_id = ?
					union all
					select 'welfare:' || cast(id as varchar(36)) || ':' from welfare_step where shop_id = ?"""
					+ " and " + HER_CHECKS)
			.params(shop.value(), customer.value(), shop.value(), shop.value(), customer.value())
			.query(String.class)
			.list();
		this.notifier.forgetFirstNames(shop, keys);
		this.jdbc
			.sql("update welfare_step set contact_name = null, contact_phone = null where shop_id = ? and " + HER_CHECKS
					+ " and (contact_name is not null or contact_phone is not null)")
			.params(shop.value(), shop.value(), customer.value())
			.update();
		this.jdbc.sql("""
				update welfare_check_in set note = null, ended_at = coalesce(ended_at, created_at)
				where shop_id = ? and customer_id = ? and (note is not null or ended_at is null)""")
			.params(shop.value(), customer.value())
			.update();
	}

	/**
	 * Checks resolved longer ago than the shop keeps them, with their steps (impact keeps
	 * its own facts, so its totals stay).
	 */
	@Override
	public int removeExpired(ShopId shop, Retention retention, Instant now, int limit) {
		return Retention.before(retention.closedChecksDays(), now).map((before) -> {
			List<UUID> checks = this.jdbc
				.sql("""
						select id from welfare_check where shop_id = ? and status = 'RESOLVED' and resolved_at < ? limit ?""")
				.params(shop.value(), Times.column(before), limit)
				.query(UUID.class)
				.list();
			if (checks.isEmpty()) {
				return 0;
			}
			this.jdbc.sql("""
					delete from welfare_step_decline where step_id in (
					  select id from welfare_step where check_id in (:checks))""").param("checks", checks).update();
			this.jdbc.sql("delete from welfare_step where check_id in (:checks)").param("checks", checks).update();
			return this.jdbc.sql("delete from welfare_check where status = 'RESOLVED' and id in (:checks)")
				.param("checks", checks)
				.update();
		}).orElse(0);
	}

}
