package app.extramile.absences;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.ContactRecorded;
import app.extramile.absences.AbsenceEvents.ContactUndone;
import app.extramile.absences.AbsenceStore.Learned;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.CareProfiles.CareFlags;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.visits.VisitEvents.VisitRecorded;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who's missing, the list: amber and red absences for the morning, snoozes, a customer's
 * usual week, and contacts that count as being seen (recorded by other modules, or "Seen
 * or spoke to them" on the list, which can be undone for {@link #CONTACT_UNDO_WINDOW}).
 * Publishes {@link ContactRecorded} and {@link ContactUndone}.
 */
@Service
public class WhosMissing {

	/** How long "Seen or spoke to them" can be taken back. */
	public static final Duration CONTACT_UNDO_WINDOW = Duration.ofSeconds(30);

	/** A little slack over the window shown on screen, for a slow tablet or network. */
	private static final Duration CONTACT_UNDO_GRACE = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final AbsenceStore store;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	WhosMissing(JdbcClient jdbc, CustomerDirectory customers, CareProfiles careProfiles, AbsenceStore store,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.store = store;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The morning list: amber and red absences, red before amber and each most worrying
	 * first, snoozed ones last.
	 */
	@Transactional(readOnly = true)
	public List<MissingCustomer> missing(ShopId shop) {
		Map<CustomerId, Customer> active = this.customers.active(shop);
		Map<CustomerId, CareFlags> care = this.careProfiles.careFlags(shop);
		Map<CustomerId, Learned> rhythms = this.store.rhythms(shop);
		RhythmPrior prior = RhythmPrior.pool(rhythms.values().stream().map(Learned::rhythm).toList());
		Instant now = this.clock.instant();
		List<MissingCustomer> list = new ArrayList<>();
		this.jdbc.sql("""
				select customer_id, last_seen_at, chance, missed_days, level, red_by, snoozed_until from absence
				where shop_id = ? and level <> 'FINE'""").param(shop.value()).query((rs) -> {
			CustomerId id = new CustomerId(rs.getObject("customer_id", UUID.class));
			Customer customer = active.get(id);
			Learned learned = rhythms.get(id);
			if (customer == null || learned == null) {
				return;
			}
			CareFlags flags = care.getOrDefault(id, CareFlags.NONE);
			double chance = rs.getDouble("chance");
			Instant snoozed = Times.instant(rs, "snoozed_until");
			String redBy = rs.getString("red_by");
			list.add(new MissingCustomer(customer, flags, Level.valueOf(rs.getString("level")),
					(redBy != null) ? AbsenceSettings.RedBy.valueOf(redBy) : null, chance, rs.getDouble("missed_days"),
					Times.instant(rs, "last_seen_at"), learned.rhythm().usualDays(prior), learned.rhythm().usualHour(),
					concern(chance, flags), (snoozed != null && snoozed.isAfter(now)) ? snoozed : null));
		});
		list.sort(Comparator.comparing((MissingCustomer m) -> m.snoozedUntil() != null)
			.thenComparing(MissingCustomer::level, Comparator.reverseOrder())
			.thenComparing(Comparator.comparingDouble(MissingCustomer::concern).reversed()));
		return list;
	}

	/**
	 * How much to worry: how unusual, weighted up for those living alone, with an alarm,
	 * or vulnerable.
	 */
	static double concern(double chance, CareFlags care) {
		double weight = 1 + (care.livesAlone() ? 0.5 : 0) + (care.personalAlarm() ? 0.3 : 0)
				+ (care.vulnerable() ? 0.5 : 0);
		return -Math.log(Math.max(chance, 1e-12)) * weight;
	}

	/**
	 * A customer's usual week for the heat strip on their page, or empty before two
	 * visits.
	 */
	@Transactional(readOnly = true)
	public Optional<double[][]> usualWeek(ShopId shop, CustomerId customer) {
		Map<CustomerId, Learned> rhythms = this.store.rhythms(shop);
		Learned learned = rhythms.get(customer);
		if (learned == null || learned.rhythm().visitDays() < AbsenceSweep.MIN_VISIT_DAYS) {
			return Optional.empty();
		}
		RhythmPrior prior = RhythmPrior.pool(rhythms.values().stream().map(Learned::rhythm).toList());
		return Optional.of(learned.rhythm().usualWeek(prior));
	}

	@Transactional
	public void snooze(ShopId shop, CustomerId customer, Instant until) {
		this.jdbc.sql("update absence set snoozed_until = ? where shop_id = ? and customer_id = ?")
			.params(Times.column(until), shop.value(), customer.value())
			.update();
	}

	/**
	 * Any contact counts as being seen (a call, a delivery, a welfare check): the absence
	 * ends and the customer leaves the list until the next sweep judges them again.
	 */
	@Transactional
	public void seen(ShopId shop, CustomerId customer, Instant at, String how) {
		int updated = this.jdbc.sql("""
				update customer_seen set last_seen_at = ?, how = ?
				where shop_id = ? and customer_id = ? and last_seen_at < ?""")
			.params(Times.column(at), how, shop.value(), customer.value(), Times.column(at))
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into customer_seen (customer_id, shop_id, last_seen_at, how)
					values (?, ?, ?, ?) on conflict do nothing""")
				.params(customer.value(), shop.value(), Times.column(at), how)
				.update();
		}
		this.store.clear(shop, customer);
		this.events.publishEvent(new ContactRecorded(shop, customer, at, how));
	}

	/**
	 * "Seen or spoke to them", tapped on the list: records the contact as {@link #seen}
	 * does, keeping what it replaced so that {@link #undoSeen} can put it back for
	 * {@link #CONTACT_UNDO_WINDOW}.
	 * @return what to undo it with
	 */
	@Transactional
	public UUID seenByHand(ShopId shop, CustomerId customer, Instant at, String how) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into absence_contact_undo (id, shop_id, customer_id, contact_at, contact_how, created_at,
				  previous_seen_at, previous_how, absence_last_seen_at, absence_chance, absence_level,
				  absence_computed_at, absence_snoozed_until, absence_missed_days, absence_red_by)
				select ?, ?, ?, ?, ?, ?,
				  (select s.last_seen_at from customer_seen s where s.shop_id = ? and s.customer_id = ?),
				  (select s.how from customer_seen s where s.shop_id = ? and s.customer_id = ?),
				  a.last_seen_at, a.chance, a.level, a.computed_at, a.snoozed_until, a.missed_days, a.red_by
				from (select 1 as one) x
				left join absence a on a.shop_id = ? and a.customer_id = ?""")
			.params(id, shop.value(), customer.value(), Times.column(at), how, Times.column(this.clock.instant()),
					shop.value(), customer.value(), shop.value(), customer.value(), shop.value(), customer.value())
			.update();
		seen(shop, customer, at, how);
		return id;
	}

	/**
	 * Takes back "Seen or spoke to them" tapped moments ago: the contact no longer counts
	 * and the customer is back on the list as they were. Empty when it is too late, was
	 * undone already, or a newer contact has been recorded since.
	 * @return the customer it was about
	 */
	@Transactional
	public Optional<CustomerId> undoSeen(ShopId shop, UUID undoId) {
		Instant cutoff = this.clock.instant().minus(CONTACT_UNDO_WINDOW).minus(CONTACT_UNDO_GRACE);
		Optional<Map<String, Object>> kept = this.jdbc
			.sql("select * from absence_contact_undo where shop_id = ? and id = ? and created_at >= ?")
			.params(shop.value(), undoId, Times.column(cutoff))
			.query()
			.listOfRows()
			.stream()
			.findFirst();
		if (kept.isEmpty() || this.jdbc.sql("delete from absence_contact_undo where shop_id = ? and id = ?")
			.params(shop.value(), undoId)
			.update() == 0) {
			return Optional.empty();
		}
		Map<String, Object> row = kept.get();
		CustomerId customer = new CustomerId((UUID) row.get("customer_id"));
		Instant at = instant(row.get("contact_at"));
		String how = (String) row.get("contact_how");
		boolean stillTheLatest = this.jdbc.sql("""
				select count(*) from customer_seen
				where shop_id = ? and customer_id = ? and last_seen_at = ? and how = ?""")
			.params(shop.value(), customer.value(), Times.column(at), how)
			.query(Integer.class)
			.single() > 0;
		if (!stillTheLatest) {
			return Optional.empty();
		}
		if (row.get("previous_seen_at") == null) {
			this.jdbc.sql("delete from customer_seen where shop_id = ? and customer_id = ?")
				.params(shop.value(), customer.value())
				.update();
		}
		else {
			this.jdbc.sql("update customer_seen set last_seen_at = ?, how = ? where shop_id = ? and customer_id = ?")
				.params(Times.column(instant(row.get("previous_seen_at"))), row.get("previous_how"), shop.value(),
						customer.value())
				.update();
		}
		if (row.get("absence_level") != null) {
			this.store.clear(shop, customer);
			this.jdbc.sql("""
					insert into absence (customer_id, shop_id, last_seen_at, chance, level, computed_at, snoozed_until,
					  missed_days, red_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(customer.value(), shop.value(), Times.column(instant(row.get("absence_last_seen_at"))),
						row.get("absence_chance"), row.get("absence_level"),
						Times.column(instant(row.get("absence_computed_at"))),
						Times.column(instant(row.get("absence_snoozed_until"))),
						(row.get("absence_missed_days") != null) ? row.get("absence_missed_days") : 0,
						row.get("absence_red_by"))
				.update();
		}
		this.events.publishEvent(new ContactUndone(shop, customer, at, how));
		return Optional.of(customer);
	}

	private static Instant instant(Object column) {
		if (column == null) {
			return null;
		}
		if (column instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		if (column instanceof Timestamp timestamp) {
			return timestamp.toInstant();
		}
		if (column instanceof Instant instant) {
			return instant;
		}
		throw new IllegalStateException("not a time: " + column.getClass());
	}

	@ApplicationModuleListener
	void on(VisitRecorded event) {
		this.store.clear(event.shopId(), event.customerId());
	}

}
