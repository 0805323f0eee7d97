package app.extramile.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.Contact;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.ApiTokens;
import app.extramile.system.Shop;
import app.extramile.system.Shops;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The demo village: Siop y Llan, a fictional Welsh village shop with invented people and
 * a year of visits ending today, deterministic from a seed. Only in demo mode, which is
 * also the only place the password "demo" exists.
 */
@Component
class DemoVillage {

	private static final Logger log = LoggerFactory.getLogger(DemoVillage.class);

	private static final ZoneId ZONE = ZoneId.of("Europe/London");

	private static final String[] WOMEN = { "Gwen", "Nia", "Eirlys", "Mair", "Megan", "Ceri", "Rhiannon", "Angharad",
			"Bethan", "Elin", "Glenys", "Menna", "Sian", "Llinos", "Morfudd", "Gwenllian", "Heledd", "Non", "Catrin",
			"Delyth" };

	private static final String[] MEN = { "Dafydd", "Gareth", "Emrys", "Idris", "Huw", "Iolo", "Gethin", "Rhodri",
			"Owain", "Dewi", "Bryn", "Aled", "Cai", "Tomos", "Gwilym", "Islwyn", "Meirion", "Trefor", "Alun", "Elfed" };

	private static final String[] SURNAMES = { "Prydderch", "Llwyd", "Cadwgan", "Bowen-Rhys", "Tudur", "Madog", "Penri",
			"Gwalchmai", "Eifion", "Dyfnallt", "Caerwyn", "Meredydd", "Gruffydd-Ellis", "Hywel", "Rhydderch", "Myfyr",
			"Tegid", "Bleddyn", "Glyndwr-Parry", "Ifans-Lloyd", "Brynmor", "Cynan", "Elwyn", "Gwynfor", "Tecwyn" };

	private static final String[] STREETS = { "Stryd y Capel", "Heol y Felin", "Lôn Goed", "Ffordd yr Orsaf",
			"Maes y Llan", "Bryn Teg", "Heol Fawr", "Cae Du", "Rhes y Pentre", "Lôn yr Eglwys" };

	/**
	 * Siop y Llan sits at the centre of the village; customers live within a mile or two.
	 */
	static final double SHOP_LAT = 52.4153;

	static final double SHOP_LON = -4.0829;

	/** Argon2id (19 MiB, 2 passes, 1 lane: the application's encoder) of "demo". */
	static final String DEMO_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$lK5LJ+iFK9LwT8bmdPgzJg$wlxycx5XKnOUmEdKEDxPnwDf84mhroDf2fU8SaIq3vs";

	/**
	 * Argon2id of 32 random bytes that were thrown away: the demo logins nobody signs in
	 * with.
	 */
	static final String UNUSABLE_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$kMMqe1x5Qx3otGwbW2eEBQ$qKjP7yGBtgeq0f/8oML6MXxZHR849ItegiquWe6KeJM";

	private final Shops shops;

	private final Accounts accounts;

	private final ApiTokens tokens;

	private final CustomerDirectory customers;

	private final AwayNotices awayNotices;

	private final Consents consents;

	private final MissedVisitPlans missedVisitPlans;

	private final CareProfiles careProfiles;

	private final VisitBatches visits;

	private final Clock clock;

	private final long seed;

	DemoVillage(Shops shops, Accounts accounts, ApiTokens tokens, CustomerDirectory customers, AwayNotices awayNotices,
			Consents consents, MissedVisitPlans missedVisitPlans, CareProfiles careProfiles, VisitBatches visits,
			Clock clock, @Value("${extramile.demo.seed}") long seed) {
		this.shops = shops;
		this.accounts = accounts;
		this.tokens = tokens;
		this.customers = customers;
		this.awayNotices = awayNotices;
		this.consents = consents;
		this.missedVisitPlans = missedVisitPlans;
		this.careProfiles = careProfiles;
		this.visits = visits;
		this.clock = clock;
		this.seed = seed;
	}

	/** The village, seeded unless it is there already. */
	Shop seedOnce() {
		return this.shops.findBySlug(Demo.SLUG).orElseGet(() -> {
			Shop created = seed();
			log.info("Demo village seeded: shop {} ", created.id());
			return created;
		});
	}

	/**
	 * A new API token for the demo till, printed with the logins: demo mode only, so a
	 * newcomer can try the API at once.
	 */
	void printWelcome(Shop shop) {
		ShopUser owner = new ShopUser(UUID.randomUUID(), shop.id(), "owner", "Demo", Role.OWNER, null);
		String token = this.tokens.create(shop.id(), "Demo till", owner.accountId());
		System.out.println("Demo API token: " + token);
		System.out.println("Demo logins: owner / staff / volunteer, password: demo");
	}

	Shop seed() {
		Random random = new Random(this.seed);
		Shop shop = this.shops.create(Demo.SLUG, Demo.NAME, ZONE);
		this.shops.updateContactDetails(new ShopUser(UUID.randomUUID(), shop.id(), "owner", "Demo", Role.OWNER, null),
				"Stryd Fawr, Llan, Sir Benfro SA41 3XX", "01239 820 000");
		// Ten logins, two passwords, hashed once when this was written (Argon2id with the
		// application's parameters; hashing at start was a second of a cold JVM's CPU).
		String demo = DEMO_PASSWORD_HASH;
		UUID ownerId = this.accounts.createHashed(shop.id(), "owner", "Eleri Prydderch", Role.OWNER, demo);
		this.accounts.createHashed(shop.id(), "staff", "Gethin Llwyd", Role.STAFF, demo);
		this.accounts.createHashed(shop.id(), "volunteer", "Menna Cadwgan", Role.VOLUNTEER, demo);
		String unusable = UNUSABLE_PASSWORD_HASH;
		this.accounts.createHashed(shop.id(), "heledd", "Heledd Tudur", Role.STAFF, unusable);
		this.accounts.createHashed(shop.id(), "rhodri", "Rhodri Madog", Role.STAFF, unusable);
		for (String[] volunteer : new String[][] { { "bryn", "Bryn Penri" }, { "delyth", "Delyth Gwalchmai" },
				{ "aled", "Aled Eifion" }, { "glenys", "Glenys Dyfnallt" }, { "trefor", "Trefor Caerwyn" } }) {
			this.accounts.createHashed(shop.id(), volunteer[0], volunteer[1], Role.VOLUNTEER, unusable);
		}
		ShopUser owner = new ShopUser(ownerId, shop.id(), "owner", "Eleri Prydderch", Role.OWNER, null);

		LocalDate today = LocalDate.now(this.clock.withZone(ZONE));
		LocalDate start = today.minusYears(1);
		List<IncomingVisit> history = new ArrayList<>();
		Set<String> usedNames = new LinkedHashSet<>();
		int careProfiles = 0;
		for (int i = 0; i < 150; i++) {
			Rhythm rhythm = (i < 35) ? Rhythm.WEEKDAY_MORNINGS
					: (i < 80) ? Rhythm.TWICE_WEEKLY : (i < 120) ? Rhythm.WEEKLY_FAMILY : Rhythm.IRREGULAR;
			boolean woman = random.nextBoolean();
			String first;
			String name;
			do {
				first = woman ? WOMEN[random.nextInt(WOMEN.length)] : MEN[random.nextInt(MEN.length)];
				name = first + " " + SURNAMES[random.nextInt(SURNAMES.length)];
			}
			while (!usedNames.add(name));
			boolean older = rhythm == Rhythm.TWICE_WEEKLY || (rhythm == Rhythm.WEEKDAY_MORNINGS && i % 3 == 0);
			String preferred = older && random.nextInt(3) == 0 ? (woman ? "Mrs " : "Mr ") + name.split(" ")[1] : null;
			LocalDate birthday = today.minusYears(older ? 70 + random.nextInt(25) : 25 + random.nextInt(40))
				.minusDays(random.nextInt(365));
			CustomerId id = this.customers.register(shop.id(),
					new CustomerDetails(String.format("SYL%04d", i + 1), name, preferred,
							String.format("01970 %06d", 600000 + random.nextInt(99999)),
							older ? null : String.format("07700 9%05d", random.nextInt(99999)),
							(1 + random.nextInt(40)) + " " + STREETS[random.nextInt(STREETS.length)], "Llanfair Fach",
							"SY23 " + (1 + random.nextInt(9)) + (char) ('A' + random.nextInt(26))
									+ (char) ('A' + random.nextInt(26)),
							SHOP_LAT + (random.nextDouble() - 0.5) * 0.04,
							SHOP_LON + (random.nextDouble() - 0.5) * 0.06, birthday, null, tagsFor(rhythm)));
			if (older && careProfiles < 30) {
				careProfiles++;
				addCare(owner, id, first, random, careProfiles);
			}
			// Two weekday regulars have not been in for a few days: the morning list
			// should notice them.
			int goneQuietDays = (i == 3) ? 6 : (i == 9) ? 3 : 0;
			history.addAll(visitsFor(id, rhythm, start, today.minusDays(goneQuietDays), random, i));
		}
		this.visits.add(shop.id(), Visit.Source.DEMO, history);
		return shop;
	}

	private void addCare(ShopUser owner, CustomerId id, String firstName, Random random, int n) {
		this.consents.record(owner, id, true, true, true, "In the shop, spoken");
		boolean alarm = n % 3 == 0;
		this.careProfiles.save(owner, id,
				new CareProfile(true, alarm, n % 4 == 0, true, (n % 2 == 0) ? "Walks with a stick" : null,
						(n == 1) ? "Short-sighted: reads large print only; we read her the paper" : null,
						(n % 5 == 0) ? "Hard of hearing: knock loudly" : null, "Milk, bread, the Cambrian News",
						"Cambrian News", "Likes a chat about the garden. Daughter visits at weekends.",
						"Key safe by the back door, code with the owner"));
		String neighbour = WOMEN[random.nextInt(WOMEN.length)] + " " + SURNAMES[random.nextInt(SURNAMES.length)];
		this.missedVisitPlans.addContact(owner, id, neighbour, Contact.Relationship.NEIGHBOUR,
				String.format("01970 %06d", 610000 + random.nextInt(9999)), n % 2 == 0);
		this.missedVisitPlans.addContact(owner, id, MEN[random.nextInt(MEN.length)] + " (son)",
				Contact.Relationship.FAMILY, String.format("07700 9%05d", random.nextInt(99999)), false);
		if (n == 7) {
			LocalDate today = LocalDate.now(this.clock.withZone(ZONE));
			this.awayNotices.record(owner, id, AwayNotice.Reason.HOSPITAL, today.minusDays(2), today.plusDays(5), null);
		}
	}

	private static List<String> tagsFor(Rhythm rhythm) {
		return switch (rhythm) {
			case WEEKDAY_MORNINGS -> List.of("weekday mornings");
			case TWICE_WEEKLY -> List.of("pensioner");
			case WEEKLY_FAMILY -> List.of("family");
			case IRREGULAR -> List.of("visitor");
		};
	}

	private List<IncomingVisit> visitsFor(CustomerId id, Rhythm rhythm, LocalDate from, LocalDate to, Random random,
			int index) {
		List<IncomingVisit> result = new ArrayList<>();
		DayOfWeek[] days = switch (rhythm) {
			case WEEKDAY_MORNINGS -> new DayOfWeek[] { DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
					DayOfWeek.THURSDAY, DayOfWeek.FRIDAY };
			case TWICE_WEEKLY -> (index % 2 == 0) ? new DayOfWeek[] { DayOfWeek.TUESDAY, DayOfWeek.FRIDAY }
					: new DayOfWeek[] { DayOfWeek.MONDAY, DayOfWeek.THURSDAY };
			case WEEKLY_FAMILY -> new DayOfWeek[] { (index % 3 == 0) ? DayOfWeek.SATURDAY : DayOfWeek.FRIDAY };
			case IRREGULAR -> DayOfWeek.values();
		};
		double chance = switch (rhythm) {
			case WEEKDAY_MORNINGS -> 0.9;
			case TWICE_WEEKLY -> 0.88;
			case WEEKLY_FAMILY -> 0.8;
			case IRREGULAR -> 0.04;
		};
		LocalTime usual = switch (rhythm) {
			case WEEKDAY_MORNINGS -> LocalTime.of(7, 45).plusMinutes(random.nextInt(120));
			case TWICE_WEEKLY -> LocalTime.of(9, 30).plusMinutes(random.nextInt(150));
			case WEEKLY_FAMILY -> LocalTime.of(15, 0).plusMinutes(random.nextInt(150));
			case IRREGULAR -> LocalTime.of(10, 0);
		};
		Instant now = this.clock.instant();
		for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
			if (day.getDayOfWeek() == DayOfWeek.SUNDAY || (day.getMonthValue() == 12 && day.getDayOfMonth() == 25)) {
				continue; // the shop is closed
			}
			boolean summer = day.getMonthValue() >= 6 && day.getMonthValue() <= 8;
			double p = (rhythm == Rhythm.IRREGULAR && summer) ? chance * 3 : chance;
			if (List.of(days).contains(day.getDayOfWeek()) && random.nextDouble() < p) {
				LocalTime time = (rhythm == Rhythm.IRREGULAR) ? LocalTime.of(9, 0).plusMinutes(random.nextInt(480))
						: usual.plusMinutes(random.nextInt(41) - 20);
				Instant at = day.atTime(time).atZone(ZONE).toInstant();
				if (at.isBefore(now)) {
					result.add(new IncomingVisit("demo:" + id + ":" + at.getEpochSecond(), id, at,
							(long) (150 + random.nextInt(2500))));
				}
			}
		}
		return result;
	}

	private enum Rhythm {

		WEEKDAY_MORNINGS, TWICE_WEEKLY, WEEKLY_FAMILY, IRREGULAR

	}

}
