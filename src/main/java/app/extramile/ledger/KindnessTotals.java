package app.extramile.ledger;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;

import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the ledger did for the village, month by month in the shop's own time zone: gift
 * certificates issued (with their first load) and pay-it-forward given out. Read from the
 * ledger itself when asked, so these figures always agree with it (nothing to count twice
 * or to miss), and a write pays nothing for being counted.
 */
@Component
public class KindnessTotals {

	private final JdbcClient jdbc;

	private final ShopCalendar calendar;

	KindnessTotals(JdbcClient jdbc, ShopCalendar calendar) {
		this.jdbc = jdbc;
		this.calendar = calendar;
	}

	/** One month: how many, and how much in pence. */
	public record Month(long certificatesIssued, long certificatesIssuedMinor, long payItForwardGiven,
			long payItForwardGivenMinor) {

		static final Month NONE = new Month(0, 0, 0, 0);

		boolean any() {
			return this.certificatesIssued > 0 || this.payItForwardGiven > 0;
		}

	}

	/**
	 * The months from {@code first} to {@code last}; months with nothing are left out.
	 */
	public Map<YearMonth, Month> months(ShopId shop, YearMonth first, YearMonth last) {
		ZoneId zone = this.calendar.zone(shop);
		Instant from = first.atDay(1).atStartOfDay(zone).toInstant();
		Instant to = last.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
		Map<YearMonth, long[]> sums = new TreeMap<>();
		BiConsumer<Instant, long[]> add = (at, figures) -> {
			long[] month = sums.computeIfAbsent(YearMonth.from(at.atZone(zone)), (m) -> new long[4]);
			for (int i = 0; i < 4; i++) {
				month[i] += figures[i];
			}
		};
		// The issuing request holds the first load: its balance after.
		this.jdbc.sql("""
				select c.issued_at, r.balance_after_minor from gift_certificate c
				join ledger_request r on r.subject_id = c.id and r.subject_version = 1 and r.operation = 'ISSUE'
				where c.shop_id = ? and c.issued_at >= ? and c.issued_at < ?""")
			.params(shop.value(), Times.column(from), Times.column(to))
			.query((RowCallbackHandler) (rs) -> add.accept(Times.instant(rs, "issued_at"),
					new long[] { 1, rs.getLong("balance_after_minor"), 0, 0 }));
		this.jdbc.sql("""
				select at, amount_minor from pay_it_forward_entry
				where shop_id = ? and kind = 'GIVEN' and at >= ? and at < ?""")
			.params(shop.value(), Times.column(from), Times.column(to))
			.query((RowCallbackHandler) (rs) -> add.accept(Times.instant(rs, "at"),
					new long[] { 0, 0, 1, rs.getLong("amount_minor") }));
		Map<YearMonth, Month> months = new TreeMap<>();
		sums.forEach((month, s) -> months.put(month, new Month(s[0], s[1], s[2], s[3])));
		return months;
	}

	public Month month(ShopId shop, YearMonth month) {
		return months(shop, month, month).getOrDefault(month, Month.NONE);
	}

	/** Shops that issued a certificate or gave something out in their own month. */
	public List<ShopId> shops(YearMonth month) {
		// Candidates a day either side of the month, whatever their zone; then each
		// shop's own month.
		Instant from = month.atDay(1).minusDays(1).atStartOfDay(ZoneId.of("UTC")).toInstant();
		Instant to = month.plusMonths(1).atDay(2).atStartOfDay(ZoneId.of("UTC")).toInstant();
		List<ShopId> shops = new ArrayList<>();
		for (UUID candidate : this.jdbc.sql("""
				select shop_id from gift_certificate where issued_at >= ? and issued_at < ?
				union
				select shop_id from pay_it_forward_entry where kind = 'GIVEN' and at >= ? and at < ?""")
			.params(Times.column(from), Times.column(to), Times.column(from), Times.column(to))
			.query(UUID.class)
			.list()) {
			ShopId shop = new ShopId(candidate);
			if (month(shop, month).any()) {
				shops.add(shop);
			}
		}
		return shops;
	}

}
