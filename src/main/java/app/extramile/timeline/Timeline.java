package app.extramile.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.ContactRecorded;
import app.extramile.absences.AbsenceEvents.ContactUndone;
import app.extramile.alarms.AlarmEvents.AlarmAcknowledged;
import app.extramile.alarms.AlarmEvents.AlarmArrived;
import app.extramile.alarms.AlarmEvents.AlarmEscalated;
import app.extramile.alarms.AlarmEvents.AlarmRaised;
import app.extramile.alarms.AlarmEvents.AlarmResolved;
import app.extramile.customers.CustomerEvents.AwayNoticeRecorded;
import app.extramile.customers.CustomerEvents.CareProfileUpdated;
import app.extramile.customers.CustomerEvents.ConsentRecorded;
import app.extramile.customers.CustomerEvents.ConsentRevoked;
import app.extramile.customers.CustomerEvents.CustomerArchived;
import app.extramile.customers.CustomerEvents.CustomerDataExported;
import app.extramile.customers.CustomerEvents.CustomerRegistered;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandEvents.DoorstepRecorded;
import app.extramile.errands.ErrandEvents.ErrandAccepted;
import app.extramile.errands.ErrandEvents.ErrandCancelled;
import app.extramile.errands.ErrandEvents.ErrandDone;
import app.extramile.errands.ErrandEvents.ErrandRequested;
import app.extramile.errands.ErrandKind;
import app.extramile.ledger.LedgerEvents.GiftGiven;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitLog;
import app.extramile.welfare.WelfareEvents.WelfareCheckOpened;
import app.extramile.welfare.WelfareEvents.WelfareCheckResolved;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

/**
 * Keeps each customer's timeline. Entries come from other modules' events (each stored
 * once, keyed by its source, so a redelivered event adds nothing); visits are read from
 * the visit log when the timeline is shown, because a year of till history would flood
 * it.
 */
@Service
public class Timeline {

	private final JdbcClient jdbc;

	private final VisitLog visits;

	Timeline(JdbcClient jdbc, VisitLog visits) {
		this.jdbc = jdbc;
		this.visits = visits;
	}

	public List<TimelineItem> of(ShopId shop, CustomerId customer, int limit) {
		List<TimelineItem> items = new ArrayList<>(this.jdbc.sql("""
				select at, kind, detail from timeline_entry
				where shop_id = ? and customer_id = ? order by at desc limit ?""")
			.params(shop.value(), customer.value(), limit)
			.query((rs, n) -> new TimelineItem(Times.instant(rs, "at"), rs.getString("kind"), rs.getString("detail")))
			.list());
		for (Visit visit : this.visits.visitsOf(shop, customer, limit)) {
			items.add(new TimelineItem(visit.seenAt(), "visit." + visit.source().name().toLowerCase(), null));
		}
		items.sort(Comparator.comparing(TimelineItem::at).reversed());
		return (items.size() > limit) ? items.subList(0, limit) : items;
	}

	/**
	 * For other modules that add to the timeline by a direct call within their
	 * transaction.
	 */
	public void add(ShopId shop, CustomerId customer, Instant at, String kind, String detail, String sourceKey) {
		try {
			this.jdbc.sql("""
					insert into timeline_entry (id, shop_id, customer_id, at, kind, detail, source_key)
					values (?, ?, ?, ?, ?, ?, ?)""")
				.params(UUID.randomUUID(), shop.value(), customer.value(), Times.column(at), kind, detail, sourceKey)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Already recorded: events may be delivered more than once.
		}
	}

	@ApplicationModuleListener
	void on(WelfareCheckOpened event) {
		add(event.shopId(), event.customerId(), event.at(), "welfare.opened", null,
				"welfare-opened:" + event.checkId());
	}

	@ApplicationModuleListener
	void on(WelfareCheckResolved event) {
		add(event.shopId(), event.customerId(), event.at(),
				"welfare.resolved." + event.outcome().name().toLowerCase(Locale.ROOT), null,
				"welfare-resolved:" + event.checkId());
	}

	@ApplicationModuleListener
	void on(ContactRecorded event) {
		add(event.shopId(), event.customerId(), event.at(), "contact." + event.how().toLowerCase(), null,
				"contact:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	/** A contact taken back moments after it was tapped leaves the timeline too. */
	@ApplicationModuleListener
	void on(ContactUndone event) {
		this.jdbc.sql("delete from timeline_entry where shop_id = ? and customer_id = ? and source_key = ?")
			.params(event.shopId().value(), event.customerId().value(),
					"contact:" + event.customerId() + ":" + event.at().toEpochMilli())
			.update();
	}

	@ApplicationModuleListener
	void on(CustomerRegistered event) {
		add(event.shopId(), event.customerId(), event.at(), "customer.registered", null,
				"registered:" + event.customerId());
	}

	@ApplicationModuleListener
	void on(CustomerArchived event) {
		add(event.shopId(), event.customerId(), event.at(), "customer.archived", null,
				"archived:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(CareProfileUpdated event) {
		add(event.shopId(), event.customerId(), event.at(), "care.updated", null,
				"care:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(ConsentRecorded event) {
		add(event.shopId(), event.customerId(), event.at(), "consent.recorded", null,
				"consent:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(ConsentRevoked event) {
		add(event.shopId(), event.customerId(), event.at(), "consent.revoked", null,
				"consent-revoked:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(CustomerDataExported event) {
		add(event.shopId(), event.customerId(), event.at(), "rights.exported", null,
				"rights-exported:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(AwayNoticeRecorded event) {
		add(event.shopId(), event.customerId(), event.at(), "away." + event.reason().name().toLowerCase(),
				event.from() + " – " + event.to(), "away:" + event.customerId() + ":" + event.at().toEpochMilli());
	}

	@ApplicationModuleListener
	void on(GiftGiven event) {
		add(event.shopId(), event.customerId(), event.at(), "gift.given", event.what(), "gift:" + event.giftId());
	}

	@ApplicationModuleListener
	void on(AlarmRaised event) {
		add(event.shopId(), event.customerId(), event.at(), "alarm.raised." + event.kind().wire(), null,
				"alarm-raised:" + event.alarmId());
	}

	@ApplicationModuleListener
	void on(AlarmAcknowledged event) {
		add(event.shopId(), event.customerId(), event.at(), "alarm.acknowledged", null,
				"alarm-acknowledged:" + event.alarmId());
	}

	@ApplicationModuleListener
	void on(AlarmEscalated event) {
		add(event.shopId(), event.customerId(), event.at(), "alarm.escalated", null,
				"alarm-escalated:" + event.alarmId());
	}

	@ApplicationModuleListener
	void on(AlarmArrived event) {
		add(event.shopId(), event.customerId(), event.at(), "alarm.arrived", null, "alarm-arrived:" + event.alarmId());
	}

	@ApplicationModuleListener
	void on(AlarmResolved event) {
		add(event.shopId(), event.customerId(), event.at(),
				"alarm.resolved." + event.outcome().name().toLowerCase(Locale.ROOT), null,
				"alarm-resolved:" + event.alarmId());
	}

	@ApplicationModuleListener
	void on(ErrandRequested event) {
		if (event.customerId() == null) {
			return; // a colleague's request: no customer's timeline to add it to
		}
		add(event.shopId(), event.customerId(), event.at(), "errand.requested." + kind(event.kind()), null,
				"errand-requested:" + event.errandId());
	}

	@ApplicationModuleListener
	void on(ErrandAccepted event) {
		if (event.customerId() == null) {
			return; // a colleague's request: no customer's timeline to add it to
		}
		add(event.shopId(), event.customerId(), event.at(), "errand.accepted." + kind(event.kind()), null,
				"errand-accepted:" + event.errandId());
	}

	@ApplicationModuleListener
	void on(ErrandDone event) {
		if (event.customerId() == null) {
			return; // a colleague's request: no customer's timeline to add it to
		}
		add(event.shopId(), event.customerId(), event.at(), "errand.done." + kind(event.kind()), null,
				"errand-done:" + event.errandId());
	}

	@ApplicationModuleListener
	void on(ErrandCancelled event) {
		if (event.customerId() == null) {
			return; // a colleague's request: no customer's timeline to add it to
		}
		add(event.shopId(), event.customerId(), event.at(), "errand.cancelled." + kind(event.kind()), null,
				"errand-cancelled:" + event.errandId());
	}

	@ApplicationModuleListener
	void on(DoorstepRecorded event) {
		add(event.shopId(), event.customerId(), event.at(),
				"errand.door." + event.outcome().name().toLowerCase(Locale.ROOT), null,
				"errand-door:" + event.errandId() + ":" + event.at().toEpochMilli());
	}

	private static String kind(ErrandKind kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
