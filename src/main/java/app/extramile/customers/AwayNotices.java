package app.extramile.customers;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerEvents.AwayNoticeRecorded;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Away notices: a customer said they will not be in (holiday, hospital, with family) from
 * one day to another, so their absence is expected. Scoped by shop.
 */
@Service
@Transactional
public class AwayNotices {

	private final JdbcClient jdbc;

	private final CustomerDirectory directory;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	AwayNotices(JdbcClient jdbc, CustomerDirectory directory, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
	}

	public UUID record(ShopUser writer, CustomerId id, AwayNotice.Reason reason, LocalDate from, LocalDate to,
			String note) {
		ShopId shop = writer.shopId();
		this.directory.get(shop, id);
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("away notice ends before it starts");
		}
		UUID noticeId = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc
			.sql("""
					insert into away_notice (id, shop_id, customer_id, reason, from_date, to_date, note, created_by, created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(noticeId, shop.value(), id.value(), reason.name(), from, to, CustomerData.blankToNull(note),
					writer.accountId(), Times.column(now))
			.update();
		this.events.publishEvent(new AwayNoticeRecorded(shop, id, reason, from, to, now));
		return noticeId;
	}

	public void cancel(ShopUser writer, CustomerId id, UUID noticeId) {
		this.jdbc.sql("update away_notice set cancelled_at = ? where shop_id = ? and customer_id = ? and id = ?")
			.params(Times.column(this.clock.instant()), writer.shopId().value(), id.value(), noticeId)
			.update();
	}

	/** Away notices that end on or after {@code since}, soonest first. */
	@Transactional(readOnly = true)
	public List<AwayNotice> of(ShopId shop, CustomerId id, LocalDate since) {
		return this.jdbc.sql("""
				select id, reason, from_date, to_date, note from away_notice
				where shop_id = ? and customer_id = ? and cancelled_at is null and to_date >= ?
				order by from_date""")
			.params(shop.value(), id.value(), since)
			.query((rs, n) -> new AwayNotice(rs.getObject("id", UUID.class),
					AwayNotice.Reason.valueOf(rs.getString("reason")), rs.getObject("from_date", LocalDate.class),
					rs.getObject("to_date", LocalDate.class), rs.getString("note")))
			.list();
	}

	/** Away notices of all the shop's customers that overlap the given days. */
	@Transactional(readOnly = true)
	public Map<CustomerId, List<AwayNotice>> between(ShopId shop, LocalDate from, LocalDate to) {
		Map<CustomerId, List<AwayNotice>> notices = new HashMap<>();
		this.jdbc.sql("""
				select customer_id, id, reason, from_date, to_date, note from away_notice
				where shop_id = ? and cancelled_at is null and to_date >= ? and from_date <= ?""")
			.params(shop.value(), from, to)
			.query((rs) -> {
				notices
					.computeIfAbsent(new CustomerId(rs.getObject("customer_id", UUID.class)), (k) -> new ArrayList<>())
					.add(new AwayNotice(rs.getObject("id", UUID.class),
							AwayNotice.Reason.valueOf(rs.getString("reason")),
							rs.getObject("from_date", LocalDate.class), rs.getObject("to_date", LocalDate.class),
							rs.getString("note")));
			});
		return notices;
	}

}
