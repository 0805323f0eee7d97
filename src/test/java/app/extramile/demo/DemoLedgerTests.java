package app.extramile.demo;

import app.extramile.TestDatabases;
import app.extramile.ledger.BalanceCheck;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.PayItForward;
import app.extramile.system.Shop;
import app.extramile.system.Shops;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo village's ledger: £20 bought, £7.50 spent twice, three coffees paid forward
 * and one given out; the board shows two and every figure reconciles, also after seeding
 * again.
 */
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.demo.enabled=true" })
class DemoLedgerTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	Shops shops;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	PayItForward pools;

	@Autowired
	BalanceCheck check;

	@Autowired
	DemoLedger demo;

	@Test
	void theDemoVillageLedgerReconciles() {
		Shop shop = this.shops.findBySlug(Demo.SLUG).orElseThrow();
		this.demo.seed(shop);

		assertThat(this.certificates.list(shop.id(), 10)).singleElement().satisfies((certificate) -> {
			assertThat(certificate.balanceMinor()).isEqualTo(500);
			assertThat(certificate.recipientName()).isNotBlank();
			assertThat(this.certificates.history(shop.id(), certificate.id())).hasSize(3);
		});
		assertThat(this.pools.pools(shop.id())).extracting(PayItForward.Pool::name, PayItForward.Pool::available)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Coffee", 2L),
					org.assertj.core.groups.Tuple.tuple("Loaf", 0L));
		assertThat(this.check.run(shop.id()).differences()).isZero();
	}

}
