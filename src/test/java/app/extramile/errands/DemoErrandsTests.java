package app.extramile.errands;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
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
import static org.awaitility.Awaitility.await;

/**
 * The demo village: Friday's free deliveries become a planned round for two drivers (a
 * moment after the application is ready); the volunteer driver marks "no answer" and a
 * welfare check starts.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.demo.enabled=true" })
class DemoErrandsTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	Doorstep doorstep;

	@Autowired
	DeliveryRounds rounds;

	@Autowired
	JdbcClient jdbc;

	@Test
	void fridaysFreeDeliveriesArePlannedForTwoDriversAndNoAnswerStartsACheck() {
		Shop shop = this.shops.findBySlug("siop-y-llan").orElseThrow();
		ShopUser staff = new ShopUser(UUID.randomUUID(), shop.id(), "t", "T", Role.STAFF, null);
		LocalDate friday = this.jdbc.sql("select max(on_date) from errand where shop_id = ? and kind = 'DELIVERY'")
			.param(shop.id().value())
			.query(LocalDate.class)
			.single();
		assertThat(friday.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.FRIDAY);

		// the demo plans the round in the background once the application is ready
		DeliveryRounds.Day day = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.rounds.day(staff, friday), DeliveryRounds.Day::planned);
		assertThat(day.planned()).isTrue();
		assertThat(day.routes()).hasSize(2).allSatisfy((r) -> assertThat(r.stops()).isNotEmpty());
		assertThat(day.routes().stream().mapToInt((r) -> r.stops().size()).sum()).isEqualTo(8);
		assertThat(day.routes())
			.allSatisfy((r) -> assertThat(r.stops()).allSatisfy((s) -> assertThat(s.errand().free()).isTrue()));

		Accounts.Member volunteer = this.accounts.members(shop.id())
			.stream()
			.filter((m) -> m.username().equals("volunteer"))
			.findFirst()
			.orElseThrow();
		ShopUser menna = new ShopUser(volunteer.id(), shop.id(), "volunteer", volunteer.displayName(), Role.VOLUNTEER,
				null);
		DeliveryRounds.Route hers = day.routes()
			.stream()
			.filter((r) -> volunteer.id().equals(r.driver().accountId()))
			.findFirst()
			.orElseThrow();
		DeliveryRounds.Stop first = hers.stops().get(0);
		this.doorstep.atTheDoor(menna, first.errand().id(), DoorOutcome.NO_ANSWER, null, false, 5);

		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.sql("""
					select count(*) from welfare_check where shop_id = ? and customer_id = ? and reason = 'DOORSTEP'""")
				.params(shop.id().value(), first.errand().customerId().value())
				.query(Integer.class)
				.single() == 1);
	}

	@Test
	void aColleaguesShiftIsOpenForCoverAndAHandWithTheStockWasDoneAndThanked() {
		Shop shop = this.shops.findBySlug("siop-y-llan").orElseThrow();
		List<Map<String, Object>> asked = this.jdbc
			.sql("select id, kind, status from errand where shop_id = ? and asked_by_member is not null order by kind")
			.param(shop.id().value())
			.query()
			.listOfRows();
		assertThat(asked).extracting((r) -> r.get("kind") + " " + r.get("status"))
			.containsExactly("COVER_SHIFT OPEN", "STOCK_HAND DONE");
		assertThat(this.jdbc.sql("""
				select count(*) from recognition_thanks
				where shop_id = ? and about_kind = 'ERRAND' and about_id = ? and to_name = 'Gethin Llwyd'""")
			.params(shop.id().value(), asked.get(1).get("id"))
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void everyDemoLoginIsOnTheTeamOnceAndTheRotaIsSeeded() {
		Shop shop = this.shops.findBySlug("siop-y-llan").orElseThrow();
		List<UUID> logins = this.accounts.members(shop.id()).stream().map(Accounts.Member::id).toList();
		List<UUID> linked = this.jdbc
			.sql("select account_id from team_member where shop_id = ? and active and account_id is not null")
			.param(shop.id().value())
			.query(UUID.class)
			.list();
		assertThat(linked).as("ten demo logins, each a member once")
			.hasSize(10)
			.containsExactlyInAnyOrderElementsOf(logins);
		assertThat(this.jdbc.sql("select count(distinct member_id) from team_rota_slot where shop_id = ?")
			.param(shop.id().value())
			.query(Integer.class)
			.single()).as("Menna and Gethin on the rota").isEqualTo(2);
	}

}
