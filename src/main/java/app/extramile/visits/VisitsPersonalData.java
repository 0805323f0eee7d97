package app.extramile.visits;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.customers.Retention;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the visits module holds about a customer: the times she was seen. Erasure deletes
 * them (a till's external id may carry anything, and nobody needs the visits of someone
 * erased).
 */
@Component
@Transactional
class VisitsPersonalData implements PersonalData {

	private final JdbcClient jdbc;

	VisitsPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		return Map.of("visits",
				this.jdbc.sql("""
						select id, seen_at, source, external_id, amount_minor, recorded_by, created_at from visit
						where shop_id = ? and customer_id = ? order by seen_at""")
					.params(shop.value(), customer.value())
					.query()
					.listOfRows());
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		this.jdbc.sql("delete from visit where shop_id = ? and customer_id = ?")
			.params(shop.value(), customer.value())
			.update();
	}

	/** Visits older than the shop keeps them. */
	@Override
	public int removeExpired(ShopId shop, Retention retention, Instant now, int limit) {
		return Retention.before(retention.visitsDays(), now)
			.map((before) -> this.jdbc.sql("""
					delete from visit where id in (
					  select id from visit where shop_id = ? and seen_at < ? limit ?)""")
				.params(shop.value(), Times.column(before), limit)
				.update())
			.orElse(0);
	}

}
