package app.extramile.alarms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.shared.ShopId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Her alarm devices and the alarms they raised, with each alarm's timeline. Erasure keeps
 * the alarms (times to answer are the shop's record and hold no name) and retires her
 * devices, so a later signal from one is treated as unmatched.
 */
@Component
@Transactional
class AlarmsPersonalData implements PersonalData {

	private final JdbcClient jdbc;

	AlarmsPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
		parts.put("alarm-devices", this.jdbc.sql("""
				select device_id, heartbeat_seconds, last_heartbeat_at, active, created_at from alarm_device
				where shop_id = ? and customer_id = ?""").params(shop.value(), customer.value()).query().listOfRows());
		parts.put("alarms", this.jdbc.sql("""
				select id, kind, occurred_at, received_at, status, acked_at, arrived_at, resolved_at, outcome from alarm
				where shop_id = ? and customer_id = ? order by occurred_at""")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows());
		parts.put("alarm-events", this.jdbc.sql("""
				select e.alarm_id, e.at, e.kind, e.member_id from alarm_event e join alarm a on a.id = e.alarm_id
				where a.shop_id = ? and a.customer_id = ? order by e.at""")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows());
		return parts;
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		this.jdbc.sql("update alarm_device set active = false where shop_id = ? and customer_id = ? and active")
			.params(shop.value(), customer.value())
			.update();
	}

}
