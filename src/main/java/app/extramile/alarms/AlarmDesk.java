package app.extramile.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.alarms.AlarmEvents.AlarmAcknowledged;
import app.extramile.alarms.AlarmEvents.AlarmArrived;
import app.extramile.alarms.AlarmEvents.AlarmResolved;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.alarms.AlarmViews.Unmatched;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
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

/**
 * The alarm board and the responders' side. The board reads the live and recent alarms
 * (with their history) and the unmatched ones; staff close an alarm from it. A responder
 * acts through the link in their message (or answers from the app, which issues them
 * one): "I'm going" (the first to say so gets the alarm and the ladder stops asking),
 * arrived, how it ended, and the access notes while they are going. Receiving alarms is
 * {@link AlarmIntake}, the ladder {@link EscalationLadder}, silent devices
 * {@link DeviceSupervision} and the monthly response times {@link AlarmReport}.
 */
@Service
public class AlarmDesk {

	private static final Logger log = LoggerFactory.getLogger(AlarmDesk.class);

	private final JdbcClient jdbc;

	private final Team team;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final ResponderLinks links;

	private final AlarmHistory history;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Duration remindAfter;

	AlarmDesk(JdbcClient jdbc, Team team, CustomerDirectory customers, CareProfiles careProfiles, ResponderLinks links,
			AlarmHistory history, ApplicationEventPublisher events, Clock clock,
			@Value("${extramile.alarms.remind-after:PT10M}") Duration remindAfter) {
		this.jdbc = jdbc;
		this.team = team;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.links = links;
		this.history = history;
		this.events = events;
		this.clock = clock;
		this.remindAfter = remindAfter;
	}

	// --- The responder's phone page (token in the link, no login)
	// ------------------------------

	/** Who holds a link, for which alarm. */
	record Responding(ShopId shopId, UUID alarmId, UUID memberId, String memberName) {
	}

	/**
	 * Who holds this link, and for which alarm: empty unless the token is one issued to a
	 * responder (looked up by its SHA-256), unexpired and not revoked.
	 */
	@Transactional(readOnly = true)
	public Optional<Responding> responding(String token) {
		return this.links.find(token)
			.flatMap((link) -> this.jdbc.sql("""
					select r.member_id from alarm_responder r join alarm a on a.id = r.alarm_id
					where a.shop_id = ? and r.alarm_id = ? and r.seq = ?""")
				.params(link.shopId().value(), link.alarmId(), link.seq())
				.query(UUID.class)
				.optional()
				.map((member) -> new Responding(link.shopId(), link.alarmId(), member,
						this.team.member(link.shopId(), member).map(TeamMember::name).orElse(""))));
	}

	/**
	 * Revokes every responder link to an alarm at once; the board still works, and
	 * responders asked again later get new links.
	 * @return how many links were revoked
	 */
	@Transactional
	int revokeLinks(ShopId shop, UUID alarmId) {
		int revoked = this.links.revoke(shop, alarmId);
		log.info("Alarm {}: {} responder links revoked", alarmId, revoked);
		return revoked;
	}

	/**
	 * "I'm going": the first responder to say so gets the alarm; false when it was taken
	 * or over.
	 */
	@Transactional
	public boolean acknowledge(Responding who) {
		Instant now = this.clock.instant();
		int updated = this.jdbc.sql("""
				update alarm set status = 'ACKNOWLEDGED', acked_at = ?, acked_by = ?, next_at = ?,
				  version = version + 1
				where id = ? and status = 'OPEN'""")
			.params(Times.column(now), who.memberId(), Times.column(now.plus(this.remindAfter)), who.alarmId())
			.update();
		if (updated == 1) {
			this.history.add(who.alarmId(), now, "acknowledged", who.memberId());
			Instant received = this.jdbc.sql("select received_at from alarm where id = ?")
				.param(who.alarmId())
				.query((rs, n) -> Times.instant(rs, "received_at"))
				.single();
			this.events.publishEvent(
					new AlarmAcknowledged(who.shopId(), customerOf(who.alarmId()), who.alarmId(), received, now));
		}
		return updated == 1;
	}

	@Transactional
	public boolean arrived(Responding who) {
		Instant now = this.clock.instant();
		int updated = this.jdbc.sql("""
				update alarm set arrived_at = ? where id = ? and status = 'ACKNOWLEDGED' and acked_by = ?
				  and arrived_at is null""").params(Times.column(now), who.alarmId(), who.memberId()).update();
		if (updated == 1) {
			this.history.add(who.alarmId(), now, "arrived", who.memberId());
			this.events.publishEvent(new AlarmArrived(who.shopId(), customerOf(who.alarmId()), who.alarmId(), now));
		}
		return updated == 1;
	}

	/** The acknowledging responder records how it ended. */
	@Transactional
	public boolean resolve(Responding who, AlarmOutcome outcome) {
		return resolve(who.shopId(), who.alarmId(), who.memberId(), outcome, true);
	}

	/** Staff close an alarm from the board (e.g. a false alarm confirmed by phone). */
	@Transactional
	public boolean resolve(ShopUser staff, UUID alarmId, AlarmOutcome outcome) {
		AlarmSetup.requireStaff(staff);
		return resolve(staff.shopId(), alarmId, staff.accountId(), outcome, false);
	}

	private boolean resolve(ShopId shop, UUID alarmId, UUID by, AlarmOutcome outcome, boolean mustHaveAcked) {
		Instant now = this.clock.instant();
		int updated = this.jdbc
			.sql("update alarm set status = 'RESOLVED', resolved_at = ?, outcome = ?, next_at = null, "
					+ "version = version + 1 where shop_id = ? and id = ? and status in ('OPEN', 'ACKNOWLEDGED')"
					+ (mustHaveAcked ? " and acked_by = ?" : ""))
			.params(mustHaveAcked ? List.of(Times.column(now), outcome.name(), shop.value(), alarmId, by)
					: List.of(Times.column(now), outcome.name(), shop.value(), alarmId))
			.update();
		if (updated == 1) {
			this.links.resolved(alarmId, now);
			this.history.add(alarmId, now, "resolved." + outcome.name().toLowerCase(), by);
			this.events.publishEvent(new AlarmResolved(shop, customerOf(alarmId), alarmId, outcome, now));
		}
		return updated == 1;
	}

	/**
	 * The access notes, only for the responder who acknowledged, only while the alarm is
	 * not resolved; each reveal is written to the customers module's care access log.
	 */
	@Transactional
	public Optional<String> revealAccessNotes(Responding who) {
		Alarm alarm = alarm(who.shopId(), who.alarmId());
		if (!"ACKNOWLEDGED".equals(alarm.status()) || !who.memberId().equals(alarm.ackedBy())) {
			return Optional.empty();
		}
		UUID reader = this.team.member(who.shopId(), who.memberId())
			.map((m) -> (m.accountId() != null) ? m.accountId() : m.id())
			.orElse(who.memberId());
		this.history.add(who.alarmId(), this.clock.instant(), "access-notes-shown", who.memberId());
		return this.careProfiles.revealAccessNotesToResponder(who.shopId(), alarm.customerId(), reader);
	}

	// --- Reading
	// --------------------------------------------------------------------------------

	private static final String ALARM_SELECT = """
			select a.id, a.customer_id, d.device_id, a.kind, a.occurred_at, a.received_at, a.status, a.stage,
			  a.next_at, a.all_hands_at, a.acked_at, a.acked_by, a.arrived_at, a.resolved_at, a.outcome
			from alarm a join alarm_device d on d.id = a.device_row_id""";

	@Transactional(readOnly = true)
	public Alarm alarm(ShopId shop, UUID id) {
		return this.jdbc.sql(ALARM_SELECT + " where a.shop_id = ? and a.id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> alarm(shop, rs, true))
			.optional()
			.orElseThrow(() -> new NotFoundException("alarm"));
	}

	/** Alarms still needing someone (open or acknowledged), oldest first. */
	@Transactional(readOnly = true)
	public List<Alarm> live(ShopId shop) {
		return this.jdbc
			.sql(ALARM_SELECT + " where a.shop_id = ? and a.status in ('OPEN', 'ACKNOWLEDGED') order by a.received_at")
			.param(shop.value())
			.query((rs, n) -> alarm(shop, rs, true))
			.list();
	}

	/**
	 * The live alarms a signed-in team member may answer: every live alarm of the shop
	 * while they are on duty, otherwise the ones they were asked to go to. Empty for
	 * someone not on the team.
	 */
	@Transactional(readOnly = true)
	public List<Alarm> liveFor(ShopUser user) {
		Optional<TeamMember> me = this.team.memberForAccount(user.shopId(), user.accountId());
		if (me.isEmpty()) {
			return List.of();
		}
		if (onDuty(user.shopId(), me.get())) {
			return live(user.shopId());
		}
		return this.jdbc
			.sql(ALARM_SELECT
					+ """
							 where a.shop_id = ? and a.status in ('OPEN', 'ACKNOWLEDGED') and exists (
							  select 1 from alarm_responder r where r.alarm_id = a.id and r.member_id = ? and r.asked_at is not null)
							order by a.received_at""")
			.params(user.shopId().value(), me.get().id())
			.query((rs, n) -> alarm(user.shopId(), rs, false))
			.list();
	}

	/**
	 * A signed-in team member answers a live alarm from the app: a responder's link is
	 * issued to them (as if texted), so they act through the same phone page, "I'm going"
	 * first. Someone on duty who was not on the alarm's list (they came on duty later) is
	 * added at its end, as already asked, so the ladder does not ask them again;
	 * everyone's call, should it come, includes them.
	 * @return the path of their responder page, or empty when the alarm is over or they
	 * may not answer it
	 */
	@Transactional
	public Optional<String> answer(ShopUser user, UUID alarmId) {
		Optional<TeamMember> me = this.team.memberForAccount(user.shopId(), user.accountId());
		if (me.isEmpty()) {
			return Optional.empty();
		}
		Optional<String> status = this.jdbc.sql("select status from alarm where shop_id = ? and id = ?")
			.params(user.shopId().value(), alarmId)
			.query(String.class)
			.optional();
		if (status.isEmpty() || !("OPEN".equals(status.get()) || "ACKNOWLEDGED".equals(status.get()))) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		Optional<Integer> seq = this.jdbc
			.sql("select seq from alarm_responder where alarm_id = ? and member_id = ? order by seq")
			.params(alarmId, me.get().id())
			.query(Integer.class)
			.stream()
			.findFirst();
		if (seq.isEmpty()) {
			if (!onDuty(user.shopId(), me.get())) {
				return Optional.empty();
			}
			int next = this.jdbc.sql("select coalesce(max(seq), -1) + 1 from alarm_responder where alarm_id = ?")
				.param(alarmId)
				.query(Integer.class)
				.single();
			this.jdbc.sql("insert into alarm_responder (alarm_id, seq, member_id, asked_at) values (?, ?, ?, ?)")
				.params(alarmId, next, me.get().id(), Times.column(now))
				.update();
			seq = Optional.of(next);
		}
		log.info("Alarm {}: member {} answers from the app", alarmId, me.get().id());
		return Optional.of(this.links.issue(user.shopId(), alarmId, seq.get(), now));
	}

	private boolean onDuty(ShopId shop, TeamMember member) {
		return this.team.onDutyAt(shop, this.clock.instant()).stream().anyMatch((m) -> m.id().equals(member.id()));
	}

	/** The most recent alarms, newest first, optionally only since an instant. */
	@Transactional(readOnly = true)
	public List<Alarm> recent(ShopId shop, Instant since, int limit) {
		return this.jdbc
			.sql(ALARM_SELECT + " where a.shop_id = ? and a.received_at >= ? " + "order by a.received_at desc limit ?")
			.params(shop.value(), Times.column((since != null) ? since : Instant.EPOCH), limit)
			.query((rs, n) -> alarm(shop, rs, true))
			.list();
	}

	@Transactional(readOnly = true)
	public List<Unmatched> unmatched(ShopId shop, int limit) {
		return this.jdbc.sql("""
				select u.id, p.name, u.device_id, u.event_id, u.kind, u.received_at from alarm_unmatched u
				join alarm_provider p on p.id = u.provider_id
				where u.shop_id = ? order by u.received_at desc limit ?""")
			.params(shop.value(), limit)
			.query((rs, n) -> new Unmatched(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getString("device_id"), rs.getString("event_id"), rs.getString("kind"),
					Times.instant(rs, "received_at")))
			.list();
	}

	private Alarm alarm(ShopId shop, ResultSet rs, boolean withEvents) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		CustomerId customer = new CustomerId(rs.getObject("customer_id", UUID.class));
		String outcome = rs.getString("outcome");
		return new Alarm(id, customer, this.customers.find(shop, customer).map(Customer::sayName).orElse(""),
				rs.getString("device_id"), AlarmKind.valueOf(rs.getString("kind")), Times.instant(rs, "occurred_at"),
				Times.instant(rs, "received_at"), rs.getString("status"), rs.getInt("stage"),
				Times.instant(rs, "next_at"), Times.instant(rs, "all_hands_at"), Times.instant(rs, "acked_at"),
				rs.getObject("acked_by", UUID.class), Times.instant(rs, "arrived_at"), Times.instant(rs, "resolved_at"),
				(outcome != null) ? AlarmOutcome.valueOf(outcome) : null, withEvents ? this.history.of(id) : List.of());
	}

	private CustomerId customerOf(UUID alarmId) {
		return new CustomerId(
				this.jdbc.sql("select customer_id from alarm where id = ?").param(alarmId).query(UUID.class).single());
	}

}
