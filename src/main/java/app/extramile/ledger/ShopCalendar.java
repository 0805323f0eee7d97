package app.extramile.ledger;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import app.extramile.shared.ShopId;
import app.extramile.system.Shops;

import org.springframework.stereotype.Component;

/**
 * "Today" in a shop's own time zone: a certificate valid until the 31st is good until
 * midnight in the shop, wherever the server is.
 */
@Component
class ShopCalendar {

	private final Shops shops;

	private final Clock clock;

	ShopCalendar(Shops shops, Clock clock) {
		this.shops = shops;
		this.clock = clock;
	}

	ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	LocalDate today(ShopId shop) {
		return LocalDate.now(this.clock.withZone(zone(shop)));
	}

}
