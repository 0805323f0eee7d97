package app.extramile.absences;

import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rows Who's missing keeps that more than one part of it reads: each shop's settings
 * (made from the defaults on first use), its count of regulars, every customer's learned
 * rhythm, and the list's entries. No transactions of its own: it runs in its callers'.
 */
@Component
class AbsenceStore {

	private final JdbcClient jdbc;

	private final AbsenceProperties defaults;

	AbsenceStore(JdbcClient jdbc, AbsenceProperties defaults) {
		this.jdbc = jdbc;
		this.defaults = defaults;
	}

	/** A customer's rhythm and the last visit it has learned from. */
	record Learned(UsualRhythm rhythm, Instant learnedUntil) {
	}

	/**
	 * The shop's settings, made from the defaults on first use; {@code lock} holds the
	 * row until the transaction ends (a sweep, a change of settings).
	 */
	AbsenceSettings settings(ShopId shop, boolean lock) {
		this.jdbc.sql("""
				insert into absence_settings (shop_id, open_weekdays, opens_at, closes_at, amber_below, red_below,
				  red_budget, red_after_missed_days)
				values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(shop.value(), this.defaults.openWeekdays(), this.defaults.opensAt(), this.defaults.closesAt(),
					this.defaults.amberBelow(), RhythmPrior.DEFAULT_RED_BELOW, this.defaults.redBudget(),
					this.defaults.redAfterMissedDays())
			.update();
		return this.jdbc.sql("""
				select open_weekdays, opens_at, closes_at, amber_below, red_below, red_budget, red_after_missed_days
				from absence_settings where shop_id = ?""" + (lock ? " for update" : ""))
			.param(shop.value())
			.query((rs, n) -> AbsenceSettings.parse(rs.getString("open_weekdays"),
					rs.getObject("opens_at", LocalTime.class), rs.getObject("closes_at", LocalTime.class),
					rs.getDouble("amber_below"), rs.getDouble("red_budget"), rs.getInt("red_after_missed_days"),
					rs.getDouble("red_below")))
			.single();
	}

	/** The shop's regulars at the latest count, or null before the first. */
	Integer regulars(ShopId shop) {
		List<Integer> regulars = this.jdbc.sql("select regulars from absence_settings where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> rs.getObject("regulars", Integer.class))
			.list();
		return regulars.isEmpty() ? null : regulars.get(0);
	}

	/** Every customer's rhythm as last learned. */
	Map<CustomerId, Learned> rhythms(ShopId shop) {
		Map<CustomerId, Learned> rhythms = new HashMap<>();
		this.jdbc.sql("select customer_id, state, learned_until from usual_rhythm where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				rhythms.put(new CustomerId(rs.getObject("customer_id", UUID.class)),
						new Learned(UsualRhythm.fromBytes(rs.getBytes("state")), Times.instant(rs, "learned_until")));
			});
		return rhythms;
	}

	void saveRhythms(ShopId shop, Map<CustomerId, Learned> rhythms, Set<CustomerId> changed, Instant now) {
		for (CustomerId customer : changed) {
			Learned learned = rhythms.get(customer);
			int updated = this.jdbc.sql("""
					update usual_rhythm set state = ?, learned_until = ?, updated_at = ?
					where shop_id = ? and customer_id = ?""")
				.params(learned.rhythm().toBytes(), Times.column(learned.learnedUntil()), Times.column(now),
						shop.value(), customer.value())
				.update();
			if (updated == 0) {
				this.jdbc.sql("""
						insert into usual_rhythm (customer_id, shop_id, state, learned_until, updated_at)
						values (?, ?, ?, ?, ?)""")
					.params(customer.value(), shop.value(), learned.rhythm().toBytes(),
							Times.column(learned.learnedUntil()), Times.column(now))
					.update();
			}
		}
	}

	/** Takes the customer off the list until the next sweep judges them again. */
	void clear(ShopId shop, CustomerId customer) {
		this.jdbc.sql("delete from absence where shop_id = ? and customer_id = ?")
			.params(shop.value(), customer.value())
			.update();
	}

}
