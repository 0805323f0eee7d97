package app.extramile.alarms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.notifications.Notifier;
import app.extramile.customers.Retention;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

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

	private final Notifier notifier;

	AlarmsPersonalData(JdbcClient jdbc, Notifier notifier) {
		this.jdbc = jdbc;
		this.notifier = notifier;
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
		this.notifier.forgetFirstNames(shop, this.jdbc.sql("""
				select 'alarm:' || cast(id as varchar(36)) || ':' from alarm where shop_id = ? and customer_id = ?
				union all
				select 'alarm-device:' || cast(id as varchar(36)) || ':' from alarm_device
				where shop_id = ? and customer_id = ?""")
			.params(shop.value(), customer.value(), shop.value(), customer.value())
			.query(String.class)
			.list());
		this.jdbc.sql("update alarm_device set active = false where shop_id = ? and customer_id = ? and active")
			.params(shop.value(), customer.value())
			.update();
	}

	/**
	 * The step-by-step details of alarms resolved longer ago than the shop keeps them:
	 * who was asked and when, their links, the alarm's own timeline. The alarm row and
	 * its times stay, for the monthly report.
	 */
	@Override
	public int removeExpired(ShopId shop, Retention retention, Instant now, int limit) {
		return Retention.before(retention.alarmDetailsDays(), now).map((before) -> {
			List<UUID> alarms = this.jdbc.sql("""
					select id from alarm a where shop_id = ? and status = 'RESOLVED' and resolved_at < ?
					  and (exists (select 1 from alarm_event e where e.alarm_id = a.id)
					    or exists (select 1 from alarm_responder r where r.alarm_id = a.id))
					limit ?""").params(shop.value(), Times.column(before), limit).query(UUID.class).list();
			if (alarms.isEmpty()) {
				return 0;
			}
			this.jdbc.sql("delete from alarm_responder_link where alarm_id in (:ids)").param("ids", alarms).update();
			this.jdbc.sql("delete from alarm_responder where alarm_id in (:ids)").param("ids", alarms).update();
			this.jdbc.sql("delete from alarm_event where alarm_id in (:ids)").param("ids", alarms).update();
			return alarms.size();
		}).orElse(0);
	}

}
