package app.extramile;

import java.time.OffsetDateTime;
import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Creates shops and people straight in the database for tests of other modules.
 */
public final class TestShops {

	private TestShops() {
	}

	public static ShopId create(JdbcClient jdbc) {
		ShopId id = new ShopId(UUID.randomUUID());
		jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, ?, ?, 'Europe/London', ?)")
			.params(id.value(), "s-" + id.value().toString().substring(0, 8), "Test shop " + id, OffsetDateTime.now())
			.update();
		return id;
	}

	public static ShopUser user(ShopId shop, Role role) {
		return new ShopUser(UUID.randomUUID(), shop, role.name().toLowerCase() + "-" + UUID.randomUUID(),
				"Test " + role, role, null);
	}

}
