package app.extramile.absences;

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
 * What Who's missing holds about a customer: when she was last seen otherwise than in the
 * shop, how unusual her absence is, the absences noticed and her learned rhythm. Erasure
 * deletes them all.
 */
@Component
@Transactional
class AbsencesPersonalData implements PersonalData {

	private static final List<String> TABLES = List.of("customer_seen", "absence", "absence_episode", "usual_rhythm");

	private final JdbcClient jdbc;

	AbsencesPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
		parts.put("last-seen", rows("select last_seen_at, how from customer_seen", shop, customer));
		parts.put("absence",
				rows("select last_seen_at, chance, level, computed_at, snoozed_until from absence", shop, customer));
		parts.put("absences-noticed",
				rows("select last_seen_at, level, chance, noticed_at from absence_episode", shop, customer));
		parts.put("usual-rhythm", rows("select learned_until, updated_at, state from usual_rhythm", shop, customer));
		return parts;
	}

	private List<Map<String, Object>> rows(String select, ShopId shop, CustomerId customer) {
		return this.jdbc.sql(select + " where shop_id = ? and customer_id = ?")
			.params(shop.value(), customer.value())
			.query()
			.listOfRows();
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		for (String table : TABLES) {
			this.jdbc.sql("delete from " + table + " where shop_id = ? and customer_id = ?")
				.params(shop.value(), customer.value())
				.update();
		}
	}

}
