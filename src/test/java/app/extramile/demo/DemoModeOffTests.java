package app.extramile.demo;

import app.extramile.AppTest;
import app.extramile.system.Shops;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside demo mode (every real installation) the demo's seeders are there but seed
 * nothing: no demo shop, so no demo logins with the password everyone knows.
 */
@AppTest
class DemoModeOffTests {

	@Autowired
	Shops shops;

	@Test
	void aStartOutsideDemoModeSeedsNoVillage() {
		assertThat(this.shops.findBySlug(Demo.SLUG)).isEmpty();
	}

}
