package app.extramile.today;

import app.extramile.shared.Demo;
import app.extramile.system.Shops;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo village is a shop in its stride, not in its first hour: its owner's Today page
 * has no getting-started list.
 */
@Component
@ConditionalOnProperty(name = "extramile.demo.enabled", havingValue = "true")
class DemoGettingStarted {

	private final Shops shops;

	private final GettingStarted gettingStarted;

	DemoGettingStarted(Shops shops, GettingStarted gettingStarted) {
		this.shops = shops;
		this.gettingStarted = gettingStarted;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Demo.GETTING_STARTED)
	void seed() {
		this.shops.findBySlug(Demo.SLUG).ifPresent((shop) -> this.gettingStarted.putAway(shop.id()));
	}

}
