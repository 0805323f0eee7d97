package app.extramile.demo;

import app.extramile.system.Shop;
import app.extramile.today.GettingStarted;

import org.springframework.stereotype.Component;

/**
 * The demo village is a shop in its stride, not in its first hour: its owner's Today page
 * has no getting-started list.
 */
@Component
class DemoGettingStarted {

	private final GettingStarted gettingStarted;

	DemoGettingStarted(GettingStarted gettingStarted) {
		this.gettingStarted = gettingStarted;
	}

	void seed(Shop shop) {
		this.gettingStarted.putAway(shop.id());
	}

}
