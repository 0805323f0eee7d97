package app.extramile.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.errands.DeliveryRounds;
import app.extramile.errands.Doorstep;
import app.extramile.errands.ErrandKind;
import app.extramile.errands.ErrandOffers;
import app.extramile.errands.ErrandRequests;
import app.extramile.errands.Errands;
import app.extramile.notifications.Notifier;
import app.extramile.recognition.Recognition;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Shop;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's errands: the shop's location (the demo village's centre), Friday's
 * free deliveries for eight customers with coordinates, both demo team members as drivers
 * (Menna, the volunteer, gets the driver skill), and the round planned (a second or two
 * after the application is ready), so the delivery round page and both run sheets show.
 * Menna marks "no answer" on her phone and a welfare check starts. Colleagues are
 * customers too: the staff member (Gethin) has asked the team to cover his Friday
 * afternoon shift (open, offered to Menna), and Menna asked for a hand with the stock
 * today, which Gethin took on and did, and she thanked him from the request (it is on the
 * team's thank-you board). Seeded once, after the team.
 */
@Component
class DemoErrands {

	private static final Logger log = LoggerFactory.getLogger(DemoErrands.class);

	private static final String[] ITEMS = { "Bread, milk, 6 eggs, tea bags", "Potatoes, carrots, a chicken",
			"Newspaper, biscuits, cat food", "Milk, butter, cheese, apples", "Soup tins, bread, bananas",
			"Porridge oats, honey, orange juice", "Fish, peas, lemon", "Tea, sugar, digestives, milk" };

	private final Errands errands;

	private final ErrandRequests requests;

	private final ErrandOffers offers;

	private final Doorstep doorstep;

	private final DeliveryRounds rounds;

	private final Team team;

	private final CustomerDirectory customers;

	private final Accounts accounts;

	private final Recognition recognition;

	private final Notifier notifier;

	private final Clock clock;

	DemoErrands(Errands errands, ErrandRequests requests, ErrandOffers offers, Doorstep doorstep, DeliveryRounds rounds,
			Team team, CustomerDirectory customers, Accounts accounts, Recognition recognition, Notifier notifier,
			Clock clock) {
		this.notifier = notifier;
		this.clock = clock;
		this.errands = errands;
		this.requests = requests;
		this.offers = offers;
		this.doorstep = doorstep;
		this.rounds = rounds;
		this.team = team;
		this.customers = customers;
		this.accounts = accounts;
		this.recognition = recognition;
	}

	void seed(Shop shop) {
		ShopUser staff = new ShopUser(UUID.randomUUID(), shop.id(), "demo", "Demo", Role.STAFF, null);
		if (!this.errands.from(staff, LocalDate.of(2000, 1, 1), 1).isEmpty()) {
			return;
		}
		this.rounds.setShopPlace(staff, DemoVillage.SHOP_LAT, DemoVillage.SHOP_LON);
		// The two on the rota drive the round (Gethin, staff, and Menna, the volunteer);
		// the rest of the team, every
		// demo login, is not asked to.
		for (TeamMember member : Stream.of(memberOf(shop, "staff"), memberOf(shop, "volunteer"))
			.filter(Objects::nonNull)
			.toList()) {
			if (!member.skills().containsKey(Skill.DRIVER)) {
				this.team.grantSkill(staff, member.id(), Skill.DRIVER, null);
			}
		}
		LocalDate friday = fridayOf(shop);
		List<Customer> located = this.customers.list(shop.id(), false, 1000, 0)
			.stream()
			.filter(Customer::hasLocation)
			.limit(ITEMS.length)
			.toList();
		for (int i = 0; i < located.size(); i++) {
			LocalTime from = LocalTime.of((i % 2 == 0) ? 9 : 11, 0);
			this.requests.request(staff, new ErrandRequests.Request(located.get(i).id(), ErrandKind.DELIVERY, ITEMS[i],
					1 + i % 3, null, friday, from, from.plusHours(3), i == 0, null, null));
		}
		// The round (planned once the application is ready) gives every delivery its
		// driver: the offers are dealt with.
		this.errands.deliveriesOn(shop.id(), friday)
			.forEach((errand) -> this.offers.offersDealtWith(shop.id(), errand.id()));
		colleaguesAsk(shop, staff, friday);
		log.info("Demo errands seeded for shop {}", shop.id());
	}

	/**
	 * Plans Friday's delivery round with both drivers, as staff do on the round page,
	 * unless it is planned already. Planning is the solver's work, not seed data, so the
	 * demo runs it once it is ready (and again at a later start if a stop came before).
	 */
	void planFridaysRound(Shop shop) {
		ShopUser staff = new ShopUser(UUID.randomUUID(), shop.id(), "demo", "Demo", Role.STAFF, null);
		LocalDate friday = fridayOf(shop);
		if (this.errands.deliveriesOn(shop.id(), friday).isEmpty() || this.rounds.isPlanned(shop.id(), friday)) {
			return;
		}
		List<DeliveryRounds.DriverChoice> drivers = new ArrayList<>();
		for (TeamMember member : this.team.withSkill(shop.id(), Skill.DRIVER,
				friday.atTime(12, 0).atZone(shop.timeZone()).toInstant())) {
			drivers.add(new DeliveryRounds.DriverChoice(member.id(), 8));
		}
		this.rounds.planDay(staff, friday, drivers);
		log.info("Demo delivery round planned for {} in shop {}", friday, shop.id());
	}

	private LocalDate fridayOf(Shop shop) {
		return LocalDate.now(this.clock.withZone(shop.timeZone())).with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
	}

	private void colleaguesAsk(Shop shop, ShopUser staff, LocalDate friday) {
		TeamMember gethin = memberOf(shop, "staff");
		TeamMember menna = memberOf(shop, "volunteer");
		if (gethin == null || menna == null) {
			return;
		}
		this.requests.askColleagues(staff,
				new ErrandRequests.ColleagueRequest(gethin.id(), ErrandKind.COVER_SHIFT,
						"Cover my Friday afternoon in the shop, please: I am taking Mam to her hospital appointment.",
						friday, LocalTime.of(14, 0), LocalTime.of(18, 0)));
		LocalDate today = LocalDate.now(this.clock.withZone(shop.timeZone()));
		UUID stock = this.requests.askColleagues(staff,
				new ErrandRequests.ColleagueRequest(menna.id(), ErrandKind.STOCK_HAND,
						"A hand unpacking the Christmas stock delivery: twenty boxes.", today, LocalTime.of(8, 0),
						LocalTime.of(9, 0)));
		ShopUser helper = new ShopUser(gethin.accountId(), shop.id(), "staff", gethin.name(), Role.STAFF, null);
		if (this.offers.accept(helper, stock)) {
			this.doorstep.complete(helper, stock, 45);
			ShopUser asker = new ShopUser(menna.accountId(), shop.id(), "volunteer", menna.name(), Role.VOLUNTEER,
					null);
			UUID thanks = this.recognition.thank(asker, gethin.id(),
					"Diolch, Gethin: twenty boxes unpacked before opening, and the kettle on!", "ERRAND", stock);
			// Done and thanked this morning: nothing about it waits for anyone.
			this.offers.noticesDealtWith(shop.id(), stock);
			this.notifier.dealtWith(shop.id(), List.of("thanks:" + thanks));
		}
	}

	private TeamMember memberOf(Shop shop, String username) {
		UUID account = this.accounts.members(shop.id())
			.stream()
			.filter((m) -> m.username().equals(username))
			.map(Accounts.Member::id)
			.findFirst()
			.orElse(null);
		return (account == null) ? null : this.team.memberForAccount(shop.id(), account).orElse(null);
	}

}
