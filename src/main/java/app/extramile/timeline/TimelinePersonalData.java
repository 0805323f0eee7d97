package app.extramile.timeline;

import java.util.List;
import java.util.Map;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.shared.ShopId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer's timeline entries. Erasure deletes them (some carry a detail such as what
 * gift she was given).
 */
@Component
@Transactional
class TimelinePersonalData implements PersonalData {

	private final JdbcClient jdbc;

	TimelinePersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		return Map.of("timeline", this.jdbc.sql("""
				select at, kind, detail from timeline_entry where shop_id = ? and customer_id = ? order by at""")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows());
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		this.jdbc.sql("delete from timeline_entry where shop_id = ? and customer_id = ?")
			.params(shop.value(), customer.value())
			.update();
	}

}
