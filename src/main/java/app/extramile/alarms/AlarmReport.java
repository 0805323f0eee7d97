package app.extramile.alarms;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import app.extramile.alarms.AlarmViews.Report;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.system.Shops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly response report: how quickly responders acknowledged and arrived for the
 * alarms that dispatch, against the target (acknowledged within
 * {@code acknowledge-within} in 98.5% of alarms).
 */
@Service
public class AlarmReport {

	private final JdbcClient jdbc;

	private final Shops shops;

	private final Duration ackWithin;

	AlarmReport(JdbcClient jdbc, Shops shops,
			@Value("${extramile.alarms.acknowledge-within:PT60S}") Duration ackWithin) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.ackWithin = ackWithin;
	}

	/**
	 * Time to acknowledge and to arrive for the dispatched alarms received in a month (in
	 * the shop's time zone), against the target: acknowledged within
	 * {@code acknowledge-within} in 98.5% of alarms.
	 */
	@Transactional(readOnly = true)
	public Report report(ShopId shop, YearMonth month) {
		ZoneId zone = this.shops.zone(shop);
		Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
		Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
		List<Long> ack = new ArrayList<>();
		List<Long> arrive = new ArrayList<>();
		int[] count = { 0, 0 };
		this.jdbc
			.sql("""
					select received_at, acked_at, arrived_at from alarm
					where shop_id = ? and received_at >= ? and received_at < ? and kind in ('BUTTON', 'FALL', 'INACTIVITY')""")
			.params(shop.value(), Times.column(from), Times.column(to))
			.query((rs) -> {
				count[0]++;
				Instant received = Times.instant(rs, "received_at");
				Instant acked = Times.instant(rs, "acked_at");
				Instant arrived = Times.instant(rs, "arrived_at");
				if (acked != null) {
					long seconds = Duration.between(received, acked).toSeconds();
					ack.add(seconds);
					if (seconds <= this.ackWithin.toSeconds()) {
						count[1]++;
					}
				}
				if (arrived != null) {
					arrive.add(Duration.between(received, arrived).toSeconds());
				}
			});
		ack.sort(null);
		arrive.sort(null);
		double share = (count[0] == 0) ? 0 : (double) count[1] / count[0];
		return new Report(count[0], ack.size(), arrive.size(), Percentiles.of(ack, 50), Percentiles.of(ack, 90),
				Percentiles.of(ack, 98.5), Percentiles.of(arrive, 50), Percentiles.of(arrive, 90),
				Percentiles.of(arrive, 98.5), share, this.ackWithin.toSeconds(), 0.985);
	}

}
