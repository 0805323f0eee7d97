package app.extramile.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.LedgerEvents.GiftGiven;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Birthdays (from customers' profiles) and other yearly occasions coming up, and the log
 * of gifts and free products given, each published as {@link GiftGiven} for the
 * customer's timeline.
 */
@Service
@Transactional
public class Occasions {

	private static final int PAGE = 500;

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final ApplicationEventPublisher events;

	private final ShopCalendar calendar;

	private final Clock clock;

	Occasions(JdbcClient jdbc, CustomerDirectory customers, ApplicationEventPublisher events, ShopCalendar calendar,
			Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.events = events;
		this.calendar = calendar;
		this.clock = clock;
	}

	/**
	 * An occasion on {@code on}; {@code years} is the age they turn or the years since,
	 * {@code label} null for a birthday.
	 */
	public record Upcoming(CustomerId customerId, String name, LocalDate on, int years, String label, long inDays) {

		public boolean birthday() {
			return this.label == null;
		}

	}

	public record Gift(UUID id, CustomerId customerId, String customerName, String what, String occasion,
			LocalDate givenOn) {
	}

	/** Birthdays and other occasions from today to {@code days} ahead, soonest first. */
	@Transactional(readOnly = true)
	public List<Upcoming> upcoming(ShopId shop, int days) {
		LocalDate today = this.calendar.today(shop);
		List<Upcoming> found = new ArrayList<>();
		for (int offset = 0;; offset += PAGE) {
			List<Customer> page = this.customers.list(shop, false, PAGE, offset);
			for (Customer customer : page) {
				if (customer.birthday() != null) {
					next(customer.birthday(), today, days).ifPresent((on) -> found.add(new Upcoming(customer.id(),
							customer.callName(), on, on.getYear() - customer.birthday().getYear(), null,
							ChronoUnit.DAYS.between(today, on))));
				}
			}
			if (page.size() < PAGE) {
				break;
			}
		}
		this.jdbc.sql("select customer_id, label, first_on from ledger_occasion where shop_id = ?")
			.param(shop.value())
			.query((rs) -> {
				LocalDate first = rs.getObject("first_on", LocalDate.class);
				CustomerId id = new CustomerId(rs.getObject("customer_id", UUID.class));
				String label = rs.getString("label");
				next(first, today, days).ifPresent((on) -> this.customers.find(shop, id)
					.filter((c) -> !c.archived())
					.ifPresent((c) -> found.add(new Upcoming(id, c.callName(), on, on.getYear() - first.getYear(),
							label, ChronoUnit.DAYS.between(today, on)))));
			});
		found.sort(Comparator.comparing(Upcoming::on).thenComparing(Upcoming::name));
		return found;
	}

	private static java.util.Optional<LocalDate> next(LocalDate first, LocalDate today, int days) {
		MonthDay day = MonthDay.from(first);
		LocalDate on = day.atYear(today.getYear());
		if (on.isBefore(today)) {
			on = day.atYear(today.getYear() + 1);
		}
		return (!on.isAfter(today.plusDays(days)) && on.isAfter(first)) ? java.util.Optional.of(on)
				: java.util.Optional.empty();
	}

	/** A yearly occasion other than a birthday, e.g. a wedding anniversary. */
	public UUID addOccasion(ShopUser actor, CustomerId customer, String label, LocalDate firstOn) {
		this.customers.get(actor.shopId(), customer);
		String text = GiftCertificates.text(label, 120, "label");
		if (text == null) {
			throw new LedgerRefusedException(Reason.REASON_REQUIRED, "label");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("insert into ledger_occasion (id, shop_id, customer_id, label, first_on) values (?, ?, ?, ?, ?)")
			.params(id, actor.shopId().value(), customer.value(), text, firstOn)
			.update();
		return id;
	}

	/** Records a gift or free product given to a customer, for their timeline. */
	public UUID recordGift(ShopUser actor, CustomerId customer, String what, String occasion) {
		ShopId shop = actor.shopId();
		this.customers.get(shop, customer);
		String gift = GiftCertificates.text(what, 200, "what");
		if (gift == null) {
			throw new LedgerRefusedException(Reason.REASON_REQUIRED, "what");
		}
		String why = GiftCertificates.text(occasion, 120, "occasion");
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into ledger_gift (id, shop_id, customer_id, what, occasion, given_on, given_by, recorded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, shop.value(), customer.value(), gift, why, this.calendar.today(shop), actor.accountId(),
					Times.column(now))
			.update();
		this.events
			.publishEvent(new GiftGiven(shop, customer, id, (why != null) ? gift + " (" + why + ")" : gift, now));
		return id;
	}

	@Transactional(readOnly = true)
	public List<Gift> recentGifts(ShopId shop, int limit) {
		List<Gift> gifts = new ArrayList<>();
		this.jdbc.sql("""
				select id, customer_id, what, occasion, given_on from ledger_gift
				where shop_id = ? order by recorded_at desc limit ?""").params(shop.value(), limit).query((rs) -> {
			CustomerId customer = new CustomerId(rs.getObject("customer_id", UUID.class));
			gifts.add(new Gift(rs.getObject("id", UUID.class), customer, null, rs.getString("what"),
					rs.getString("occasion"), rs.getObject("given_on", LocalDate.class)));
		});
		return gifts.stream()
			.map((g) -> new Gift(g.id(), g.customerId(),
					this.customers.find(shop, g.customerId()).map(Customer::callName).orElse(""), g.what(),
					g.occasion(), g.givenOn()))
			.toList();
	}

}
