package app.extramile.visits.till;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import app.extramile.shared.ShopId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A shop's time zone, for till times written without an offset and the counter's "today".
 * Read straight from the shop table because the system module (which owns shops) depends
 * on visits, so visits cannot call it back; a shop's zone is fixed at setup, so it is
 * remembered.
 */
@Component
public class ShopZones {

	private static final ZoneId FALLBACK = ZoneId.of("Europe/London");

	private final JdbcClient jdbc;

	private final Map<ShopId, ZoneId> zones = new ConcurrentHashMap<>();

	ShopZones(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public ZoneId zoneOf(ShopId shop) {
		return this.zones.computeIfAbsent(shop,
				(id) -> this.jdbc.sql("select time_zone from shop where id = ?")
					.param(id.value())
					.query(String.class)
					.optional()
					.map(ZoneId::of)
					.orElse(FALLBACK));
	}

}
