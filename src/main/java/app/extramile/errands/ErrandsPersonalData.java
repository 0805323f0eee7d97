package app.extramile.errands;

import java.util.List;
import java.util.Map;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.notifications.Notifier;
import app.extramile.shared.ShopId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Errands and deliveries for her. Erasure keeps the errands (what kind, when, minutes:
 * impact and the round keep their shape) but clears the items and what was noticed at the
 * door.
 */
@Component
@Transactional
class ErrandsPersonalData implements PersonalData {

	private final JdbcClient jdbc;

	private final Notifier notifier;

	ErrandsPersonalData(JdbcClient jdbc, Notifier notifier) {
		this.jdbc = jdbc;
		this.notifier = notifier;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		return Map.of("errands", this.jdbc.sql("""
				select id, kind, items, bags, charge_pence, on_date, from_time, to_time, status, assignee_member,
				  minutes_spent, door_outcome, observation, worrying, next_step, created_at, done_at from errand
				where shop_id = ? and customer_id = ? order by on_date""")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows());
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		this.notifier.forgetFirstNames(shop, this.jdbc.sql("""
				select 'errand:' || cast(id as varchar(36)) || ':' from errand where shop_id = ? and customer_id = ?""")
			.params(shop.value(), customer.value())
			.query(String.class)
			.list());
		this.jdbc.sql("""
				update errand set items = null, observation = null
				where shop_id = ? and customer_id = ? and (items is not null or observation is not null)""")
			.params(shop.value(), customer.value())
			.update();
	}

}
