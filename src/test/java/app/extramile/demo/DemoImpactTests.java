package app.extramile.demo;

import java.time.LocalDate;
import java.time.ZoneId;

import app.extramile.TestDatabases;
import app.extramile.impact.ImpactKind;
import app.extramile.impact.ImpactStore;
import app.extramile.system.Shop;
import app.extramile.system.Shops;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo village's impact history: every month of the past year before this one has
 * figures (so no chart is empty), it is marked as demo and named as sample history, this
 * month holds none, and seeding again counts nothing twice.
 */
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.demo.enabled=true" })
class DemoImpactTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	Shops shops;

	@Autowired
	ImpactStore store;

	@Autowired
	DemoImpact demo;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aYearOfHistoryIsSeededOnceAndMarkedAsDemo() {
		Shop shop = this.shops.findBySlug(Demo.SLUG).orElseThrow();
		long facts = facts(shop);
		this.demo.seed(shop);

		assertThat(facts(shop)).as("seeding again adds nothing").isEqualTo(facts);
		assertThat(this.jdbc.sql("select count(*) from impact_fact where shop_id = ? and demo")
			.param(shop.id().value())
			.query(Long.class)
			.single()).isGreaterThan(500);
		LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
		for (int back = 1; back < 12; back++) {
			java.time.YearMonth month = java.time.YearMonth.from(today).minusMonths(back);
			ImpactStore.Figures figures = this.store.month(shop.id(), month);
			assertThat(figures.welfareChecks()).as(month.toString()).isPositive();
			assertThat(figures.facts(ImpactKind.PAY_IT_FORWARD_GIVEN)).as(month.toString()).isPositive();
			assertThat(figures.amountMinor(ImpactKind.CHARITY_RAISED)).as(month.toString()).isPositive();
			assertThat(this.store.sampleMonths(shop.id(), month.getYear())).as("named as sample").contains(month);
		}
		// this month counts only what the demo really did
		java.time.YearMonth thisMonth = java.time.YearMonth.from(today);
		assertThat(this.jdbc.sql("select count(*) from impact_fact where shop_id = ? and demo and occurred_on >= ?")
			.params(shop.id().value(), thisMonth.atDay(1))
			.query(Long.class)
			.single()).isZero();
		assertThat(this.store.sampleMonths(shop.id(), thisMonth.getYear())).doesNotContain(thisMonth);
	}

	/**
	 * The demo's seeded facts only: what the demo village really does after start (its
	 * events, counted as they are handled) may add facts of its own meanwhile.
	 */
	private long facts(Shop shop) {
		return this.jdbc.sql("select count(*) from impact_fact where shop_id = ? and demo")
			.param(shop.id().value())
			.query(Long.class)
			.single();
	}

}
