package app.extramile.system;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The shops on this installation.
 */
@Component
public class Shops {

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

	private final JdbcClient jdbc;

	private final Clock clock;

	/**
	 * Time zones of shops looked up before. A shop's time zone is chosen at setup and
	 * never changed (nothing updates it), so every instance may keep it; a way to change
	 * it would have to drop this.
	 */
	private final Map<ShopId, ZoneId> zones = new ConcurrentHashMap<>();

	Shops(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public boolean any() {
		return this.jdbc.sql("select count(*) from shop").query(Long.class).single() > 0;
	}

	public Optional<Shop> find(ShopId id) {
		return this.jdbc.sql("select id, slug, name, time_zone from shop where id = ?")
			.param(id.value())
			.query((rs, n) -> new Shop(new ShopId(rs.getObject("id", UUID.class)), rs.getString("slug"),
					rs.getString("name"), ZoneId.of(rs.getString("time_zone"))))
			.optional();
	}

	/**
	 * The shop's time zone, in which its days, months and opening hours are reckoned;
	 * Europe/London for a shop that does not exist (not remembered).
	 */
	public ZoneId zone(ShopId id) {
		ZoneId zone = this.zones.get(id);
		if (zone == null) {
			zone = find(id).map(Shop::timeZone).orElse(null);
			if (zone == null) {
				return DEFAULT_ZONE;
			}
			this.zones.put(id, zone);
		}
		return zone;
	}

	public Optional<Shop> findBySlug(String slug) {
		return this.jdbc.sql("select id, slug, name, time_zone from shop where slug = ?")
			.param(slug)
			.query((rs, n) -> new Shop(new ShopId(rs.getObject("id", UUID.class)), rs.getString("slug"),
					rs.getString("name"), ZoneId.of(rs.getString("time_zone"))))
			.optional();
	}

	Shop create(String slug, String name, ZoneId zone) {
		ShopId id = new ShopId(UUID.randomUUID());
		this.jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, ?, ?, ?, ?)")
			.params(id.value(), slug, name, zone.getId(), Times.column(this.clock.instant()))
			.update();
		return new Shop(id, slug, name, zone);
	}

}
