package app.extramile.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import app.extramile.shared.ShopId;
import app.extramile.system.Shop;
import app.extramile.system.Shops;

import org.springframework.stereotype.Component;

/**
 * "Today" in a shop's own time zone: a certificate valid until the 31st is good until
 * midnight in the shop, wherever the server is.
 */
@Component
class ShopCalendar {

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

	private final Shops shops;

	private final Clock clock;

	/** A shop's time zone is fixed at setup, so it can be remembered. */
	private final Map<ShopId, ZoneId> zones = new ConcurrentHashMap<>();

	ShopCalendar(Shops shops, Clock clock) {
		this.shops = shops;
		this.clock = clock;
	}

	ZoneId zone(ShopId shop) {
		return this.zones.computeIfAbsent(shop, (id) -> this.shops.find(id).map(Shop::timeZone).orElse(DEFAULT_ZONE));
	}

	LocalDate today(ShopId shop) {
		return LocalDate.now(this.clock.withZone(zone(shop)));
	}

}
