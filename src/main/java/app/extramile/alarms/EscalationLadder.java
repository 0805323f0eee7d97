package app.extramile.alarms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.extramile.alarms.AlarmEvents.AlarmEscalated;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.notifications.MessageArgs;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alarm's escalation: the on-duty responders nearest the customer are asked one at a
 * time, each given {@code acknowledge-within} to say "I'm going"; after
 * {@code all-hands-after}, or when the list runs out, everyone on duty and the owners are
 * called in; whoever is going is reminded after {@code remind-after}. The ladder is a
 * deadline ({@code alarm.next_at}) that the durable deadline task moves on. Every move is
 * a conditional update on the alarm's version, and every message has a dedup key, so two
 * instances, or a handler re-run after a crash, never ask anyone twice.
 */
@Service
class EscalationLadder {

	private static final Logger log = LoggerFactory.getLogger(EscalationLadder.class);

	private final JdbcClient jdbc;

	private final Team team;

	private final CustomerDirectory customers;

	private final AlarmNotices notices;

	private final ResponderLinks links;

	private final AlarmHistory history;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration ackWithin;

	private final Duration allHandsAfter;

	EscalationLadder(JdbcClient jdbc, Team team, CustomerDirectory customers, AlarmNotices notices,
			ResponderLinks links, AlarmHistory history, ApplicationEventPublisher events,
			TransactionTemplate transactions, Clock clock,
			@Value("${extramile.alarms.acknowledge-within:PT60S}") Duration ackWithin,
			@Value("${extramile.alarms.all-hands-after:PT3M}") Duration allHandsAfter) {
		this.jdbc = jdbc;
		this.team = team;
		this.customers = customers;
		this.notices = notices;
		this.links = links;
		this.history = history;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
		this.ackWithin = ackWithin;
		this.allHandsAfter = allHandsAfter;
	}

	/**
	 * Starts the ladder of an alarm that dispatches, in the intake's transaction: the
	 * on-duty responders nearest the customer, in order, and the first of them asked (or
	 * everyone at once when nobody is on duty).
	 */
	@Transactional
	void start(ShopId shop, UUID id, CustomerId customerId, Instant now) {
		Customer customer = this.customers.get(shop, customerId);
		List<TeamMember> responders = this.team.onDutyNearest(shop, now, customer.latitude(), customer.longitude());
		int seq = 0;
		for (TeamMember responder : responders) {
			this.jdbc.sql("insert into alarm_responder (alarm_id, seq, member_id) values (?, ?, ?)")
				.params(id, seq++, responder.id())
				.update();
		}
		String first = MessageArgs.firstNameOf(customer.callName(), "them");
		if (responders.isEmpty()) {
			allHands(shop, id, customerId, first, now);
		}
		else {
			Instant deadline = min(now.plus(this.ackWithin), now.plus(this.allHandsAfter));
			this.jdbc.sql("update alarm set next_at = ? where id = ?").params(Times.column(deadline), id).update();
			ask(shop, id, 0, responders.get(0), first, now);
		}
	}

	/*
	 * Each message to a responder carries a link issued for it (the token exists only in
	 * that message). Every step below issues links only after its conditional update
	 * claimed the step, in the same transaction as the notification rows, so a step run
	 * twice issues nothing twice; should a notification's dedup key ever have been used
	 * already, the link issued for it is simply never sent, and nobody can know it.
	 */

	private void ask(ShopId shop, UUID alarmId, int seq, TeamMember member, String firstName, Instant now) {
		int marked = this.jdbc.sql("""
				update alarm_responder set asked_at = ?
				where alarm_id = ? and seq = ? and asked_at is null""")
			.params(Times.column(now), alarmId, seq)
			.update();
		if (marked == 1) {
			this.notices.ask(shop, alarmId, seq, member, firstName, this.links.issue(shop, alarmId, seq, now));
			this.history.add(alarmId, now, "asked", member.id());
		}
	}

	private void allHands(ShopId shop, UUID alarmId, CustomerId customer, String firstName, Instant now) {
		int moved = this.jdbc.sql("""
				update alarm set stage = -1, all_hands_at = ?, next_at = null, version = version + 1
				where id = ? and status = 'OPEN' and all_hands_at is null""")
			.params(Times.column(now), alarmId)
			.update();
		if (moved == 0) {
			return;
		}
		for (Responder responder : responders(alarmId)) {
			this.jdbc.sql("""
					update alarm_responder set asked_at = ?
					where alarm_id = ? and seq = ? and asked_at is null""")
				.params(Times.column(now), alarmId, responder.seq())
				.update();
			this.team.member(shop, responder.memberId())
				.ifPresent((member) -> this.notices.allHands(shop, alarmId, responder.seq(), member, firstName,
						this.links.issue(shop, alarmId, responder.seq(), now)));
		}
		this.notices.owners(shop, alarmId, firstName);
		this.history.add(alarmId, now, "all-hands", null);
		this.events.publishEvent(new AlarmEscalated(shop, customer, alarmId, now));
		log.info("Alarm {}: nobody answered in time; everyone on duty and the owners called in", alarmId);
	}

	/**
	 * Moves every ladder whose deadline has passed: the next responder, everyone, or a
	 * reminder. Run by the durable deadline task on one instance at a time; each alarm
	 * moves in its own transaction with a conditional update, so running it twice, or on
	 * two instances at once, changes nothing twice.
	 * @return how many alarms moved
	 */
	public int processDeadlines() {
		Instant now = this.clock.instant();
		List<UUID> due = this.jdbc.sql("""
				select id from alarm where status in ('OPEN', 'ACKNOWLEDGED') and next_at <= ?
				order by next_at limit 500""").param(Times.column(now)).query(UUID.class).list();
		int moved = 0;
		for (UUID id : due) {
			Boolean done = this.transactions.execute((tx) -> step(id, this.clock.instant()));
			if (Boolean.TRUE.equals(done)) {
				moved++;
			}
		}
		return moved;
	}

	private boolean step(UUID id, Instant now) {
		Row row = this.jdbc.sql("""
				select shop_id, customer_id, status, stage, version, next_at, received_at, acked_by
				from alarm where id = ?""")
			.param(id)
			.query((rs, n) -> new Row(new ShopId(rs.getObject("shop_id", UUID.class)),
					new CustomerId(rs.getObject("customer_id", UUID.class)), rs.getString("status"), rs.getInt("stage"),
					rs.getInt("version"), Times.instant(rs, "next_at"), Times.instant(rs, "received_at"),
					rs.getObject("acked_by", UUID.class)))
			.single();
		if (row.nextAt() == null || row.nextAt().isAfter(now)) {
			return false;
		}
		String first = MessageArgs.firstNameOf(this.customers.get(row.shop(), row.customer()).callName(), "them");
		if ("ACKNOWLEDGED".equals(row.status())) {
			int claimed = this.jdbc.sql("""
					update alarm set reminded_at = ?, next_at = null, version = version + 1
					where id = ? and version = ? and status = 'ACKNOWLEDGED'""")
				.params(Times.column(now), id, row.version())
				.update();
			if (claimed == 1) {
				int seq = responders(id).stream()
					.filter((r) -> r.memberId().equals(row.ackedBy()))
					.findFirst()
					.map(Responder::seq)
					.orElse(0);
				this.team.member(row.shop(), row.ackedBy())
					.ifPresent((member) -> this.notices.reminder(row.shop(), id, member, first,
							this.links.issue(row.shop(), id, seq, now)));
				this.history.add(id, now, "reminded", row.ackedBy());
			}
			return claimed == 1;
		}
		if (!"OPEN".equals(row.status())) {
			return false;
		}
		List<Responder> responders = responders(id);
		Instant allHandsAt = row.receivedAt().plus(this.allHandsAfter);
		int next = row.stage() + 1;
		if (row.stage() < 0 || !now.isBefore(allHandsAt) || next >= responders.size()) {
			allHands(row.shop(), id, row.customer(), first, now);
			return true;
		}
		int claimed = this.jdbc.sql("""
				update alarm set stage = ?, next_at = ?, version = version + 1
				where id = ? and version = ? and status = 'OPEN'""")
			.params(next, Times.column(min(now.plus(this.ackWithin), allHandsAt)), id, row.version())
			.update();
		if (claimed == 1) {
			this.history.add(id, now, "no-answer", responders.get(row.stage()).memberId());
			this.team.member(row.shop(), responders.get(next).memberId())
				.ifPresent((member) -> ask(row.shop(), id, next, member, first, now));
		}
		return claimed == 1;
	}

	private record Row(ShopId shop, CustomerId customer, String status, int stage, int version, Instant nextAt,
			Instant receivedAt, UUID ackedBy) {
	}

	record Responder(int seq, UUID memberId, Instant askedAt) {
	}

	private List<Responder> responders(UUID alarmId) {
		return this.jdbc.sql("select seq, member_id, asked_at from alarm_responder where alarm_id = ? order by seq")
			.param(alarmId)
			.query((rs, n) -> new Responder(rs.getInt("seq"), rs.getObject("member_id", UUID.class),
					Times.instant(rs, "asked_at")))
			.list();
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
