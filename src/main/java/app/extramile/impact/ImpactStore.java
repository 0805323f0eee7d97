package app.extramile.impact;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.extramile.ledger.KindnessTotals;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.system.Shops;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The impact module's own store: one row per fact, keyed by (shop, kind, source id). A
 * fact seen again (an event redelivered after a crash, a listener retried) changes
 * nothing: its insert does nothing. A month's figures are counted from the facts when
 * read, so recording a fact is one insert and listeners never queue on a shared counter
 * row. What the ledger did (certificates issued, pay-it-forward given out) is not copied
 * here: it is asked of the ledger ({@link KindnessTotals}) when figures are read, so
 * those figures always agree with it.
 * <p>
 * A write here is one statement and reads need no transaction, so no method opens one
 * (and the class needs no transactional proxy): a fact is recorded in the listener's
 * transaction.
 */
@Service
public class ImpactStore {

	private final JdbcClient jdbc;

	private final Shops shops;

	private final Clock clock;

	private final KindnessTotals kindness;

	ImpactStore(JdbcClient jdbc, Shops shops, Clock clock, KindnessTotals kindness) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.clock = clock;
		this.kindness = kindness;
	}

	/** A month's figures: how many facts of each kind, and their money in pence. */
	public record Figures(Map<ImpactKind, Long> facts, Map<ImpactKind, Long> amountMinor) {

		public long facts(ImpactKind kind) {
			return this.facts.getOrDefault(kind, 0L);
		}

		public long amountMinor(ImpactKind kind) {
			return this.amountMinor.getOrDefault(kind, 0L);
		}

		public long welfareChecks() {
			return this.facts.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().group() == ImpactKind.Group.WELFARE)
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

	}

	/** A year of figures, month by month (index 0 is January). */
	public record Year(int year, List<Figures> months, Figures total) {
	}

	/**
	 * Counts a fact once. {@code at} decides its month, in the shop's time zone.
	 * @return false when this fact was counted before
	 */
	public boolean record(ShopId shop, ImpactKind kind, UUID sourceId, Instant at, long amountMinor) {
		return record(shop, kind, sourceId, LocalDate.ofInstant(at, zone(shop)), amountMinor, false);
	}

	/**
	 * Counts a fact on a given day; {@code demo} marks made-up history of the demo
	 * village, so it can be told apart from real facts.
	 */
	public boolean record(ShopId shop, ImpactKind kind, UUID sourceId, LocalDate on, long amountMinor, boolean demo) {
		int inserted = this.jdbc.sql("""
				insert into impact_fact (shop_id, kind, source_id, occurred_on, amount_minor, recorded_at, demo)
				values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(shop.value(), kind.name(), sourceId, on, amountMinor, Times.column(this.clock.instant()), demo)
			.update();
		return inserted > 0;
	}

	public Year year(ShopId shop, int year) {
		List<Figures> months = new java.util.ArrayList<>();
		for (int m = 0; m < 12; m++) {
			months.add(new Figures(new EnumMap<>(ImpactKind.class), new EnumMap<>(ImpactKind.class)));
		}
		Figures total = new Figures(new EnumMap<>(ImpactKind.class), new EnumMap<>(ImpactKind.class));
		this.jdbc.sql("""
				select extract(month from occurred_on) as month_of_year, kind, count(*) as facts,
				       sum(amount_minor) as amount_minor
				from impact_fact where shop_id = ? and occurred_on >= ? and occurred_on < ?
				group by extract(month from occurred_on), kind""")
			.params(shop.value(), LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
			.query((rs) -> {
				ImpactKind kind = kind(rs.getString("kind"));
				if (kind == null) {
					return;
				}
				Figures month = months.get(rs.getInt("month_of_year") - 1);
				month.facts().merge(kind, rs.getLong("facts"), Long::sum);
				month.amountMinor().merge(kind, rs.getLong("amount_minor"), Long::sum);
				total.facts().merge(kind, rs.getLong("facts"), Long::sum);
				total.amountMinor().merge(kind, rs.getLong("amount_minor"), Long::sum);
			});
		this.kindness.months(shop, YearMonth.of(year, 1), YearMonth.of(year, 12)).forEach((month, figures) -> {
			for (Figures counted : List.of(months.get(month.getMonthValue() - 1), total)) {
				add(counted, ImpactKind.GIFT_CERTIFICATE_ISSUED, figures.certificatesIssued(),
						figures.certificatesIssuedMinor());
				add(counted, ImpactKind.PAY_IT_FORWARD_GIVEN, figures.payItForwardGiven(),
						figures.payItForwardGivenMinor());
			}
		});
		return new Year(year, months, total);
	}

	/**
	 * The months of a year holding made-up history (the demo village's), so the page can
	 * say which figures are a sample and not what the shop did.
	 */
	public List<YearMonth> sampleMonths(ShopId shop, int year) {
		return this.jdbc.sql("""
				select distinct extract(month from occurred_on) as month_of_year from impact_fact
				where shop_id = ? and demo and occurred_on >= ? and occurred_on < ?
				order by month_of_year""")
			.params(shop.value(), LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1))
			.query((rs, n) -> YearMonth.of(year, rs.getInt("month_of_year")))
			.list();
	}

	public Figures month(ShopId shop, YearMonth month) {
		return year(shop, month.getYear()).months().get(month.getMonthValue() - 1);
	}

	/** Shops with anything counted in a month: the ones a digest is due for. */
	public List<ShopId> shopsWithFigures(YearMonth month) {
		Set<ShopId> shops = new LinkedHashSet<>(
				this.jdbc.sql("select distinct shop_id from impact_fact where occurred_on >= ? and occurred_on < ?")
					.params(month.atDay(1), month.plusMonths(1).atDay(1))
					.query((rs, n) -> new ShopId(rs.getObject("shop_id", UUID.class)))
					.list());
		shops.addAll(this.kindness.shops(month));
		return List.copyOf(shops);
	}

	private static void add(Figures figures, ImpactKind kind, long facts, long amountMinor) {
		if (facts > 0) {
			figures.facts().merge(kind, facts, Long::sum);
			figures.amountMinor().merge(kind, amountMinor, Long::sum);
		}
	}

	/** The shop's time zone: months are the shop's months. */
	public ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	private static ImpactKind kind(String name) {
		try {
			return ImpactKind.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			// a kind this version does not know (written by a newer one): not shown
			return null;
		}
	}

}
