package app.extramile.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;
import java.util.UUID;

import app.extramile.impact.ImpactKind;
import app.extramile.impact.ImpactStore;
import app.extramile.shared.ShopId;
import app.extramile.system.Shop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Eleven months of made-up impact history for the demo village, so the charts are not
 * empty: recorded through {@link ImpactStore} with the demo flag, from a seeded random,
 * with source ids derived from the shop, kind, month and number, so seeding twice counts
 * nothing twice. The current month has no made-up facts: its figures are what the demo's
 * own ledger, checks, alarms, errands and board did, so they agree with their lists; the
 * impact page names the months that are sample history.
 */
@Component
class DemoImpact {

	private static final Logger log = LoggerFactory.getLogger(DemoImpact.class);

	private final ImpactStore store;

	private final Clock clock;

	private final long seed;

	DemoImpact(ImpactStore store, Clock clock, @Value("${extramile.demo.seed:20261124}") long seed) {
		this.store = store;
		this.clock = clock;
		this.seed = seed;
	}

	void seed(Shop shop) {
		Random random = new Random(this.seed);
		LocalDate today = LocalDate.now(this.clock.withZone(shop.timeZone()));
		YearMonth current = YearMonth.from(today);
		int count = 0;
		for (YearMonth month = current.minusMonths(11); month.isBefore(current); month = month.plusMonths(1)) {
			int days = month.lengthOfMonth();
			// Winter brings more checks (falls, flu, icy mornings).
			boolean winter = month.getMonthValue() <= 2 || month.getMonthValue() >= 11;
			count += some(shop.id(), month, days, random, ImpactKind.WELFARE_ALL_WELL, winter ? 6 : 3, 4, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.WELFARE_AWAY, 1, 2, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.WELFARE_IN_HOSPITAL, 0, winter ? 2 : 1, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.WELFARE_NEEDS_HELP, 0, 2, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.PAY_IT_FORWARD_GIVEN, 18, 20, 280, 0);
			count += some(shop.id(), month, days, random, ImpactKind.GIFT_CERTIFICATE_ISSUED,
					(month.getMonthValue() == 12) ? 8 : 1, 4, 1000, 2000);
			count += some(shop.id(), month, days, random, ImpactKind.GIFT_GIVEN, 0, 3, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.CHARITY_RAISED, 2, 4, 1500, 4000);
			// A pendant press or two a month, answered in 20 to 55 seconds; a few
			// thank-yous.
			count += some(shop.id(), month, days, random, ImpactKind.ALARM_ANSWERED, 0, 3, 20, 35);
			count += some(shop.id(), month, days, random, ImpactKind.THANK_YOU, 1, 4, 0, 0);
			count += some(shop.id(), month, days, random, ImpactKind.DELIVERY_DONE, 8, 6, 25, 20);
			count += some(shop.id(), month, days, random, ImpactKind.FAVOUR_DONE, 3, 5, 30, 60);
		}
		if (random.nextInt(3) == 0) {
			count += some(shop.id(), current.minusMonths(5), 28, random, ImpactKind.WELFARE_EMERGENCY_SERVICES, 1, 1, 0,
					0);
		}
		log.info("Demo impact history seeded for shop {}: {} facts", shop.id(), count);
	}

	/**
	 * {@code base + random(spread)} facts in the month, each of base amount +
	 * random(amountSpread).
	 */
	private int some(ShopId shop, YearMonth month, int days, Random random, ImpactKind kind, int base, int spread,
			long amount, int amountSpread) {
		int n = base + random.nextInt(spread + 1);
		int recorded = 0;
		for (int i = 0; i < n; i++) {
			UUID source = UUID.nameUUIDFromBytes(
					("demo-impact:" + shop + ":" + kind + ":" + month + ":" + i).getBytes(StandardCharsets.UTF_8));
			long money = amount + ((amountSpread > 0) ? random.nextInt(amountSpread + 1) : 0);
			LocalDate on = month.atDay(1 + random.nextInt(days));
			if (this.store.record(shop, kind, source, on, money, true)) {
				recorded++;
			}
		}
		return recorded;
	}

}
