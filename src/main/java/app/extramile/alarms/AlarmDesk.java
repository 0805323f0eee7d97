package app.extramile.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.alarms.AlarmEvents.AlarmAcknowledged;
import app.extramile.alarms.AlarmEvents.AlarmArrived;
import app.extramile.alarms.AlarmEvents.AlarmEscalated;
import app.extramile.alarms.AlarmEvents.AlarmRaised;
import app.extramile.alarms.AlarmEvents.AlarmResolved;
import app.extramile.alarms.AlarmSetup.Device;
import app.extramile.alarms.AlarmSetup.Provider;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.alarms.AlarmViews.Event;
import app.extramile.alarms.AlarmViews.Report;
import app.extramile.alarms.AlarmViews.Unmatched;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.notifications.MessageArgs;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alarms module's facade. An alarm is a row written in the same transaction as the
 * intake's answer and the first responder's notifications; its ladder is a deadline
 * ({@code next_at}) that the durable deadline task moves on. Every move is a conditional
 * update on the alarm's version, and every message has a dedup key, so two instances, or
 * a handler re-run after a crash, never ask anyone twice.
 */
@Service
public class AlarmDesk {

	private static final Logger log = LoggerFactory.getLogger(AlarmDesk.class);

	private final JdbcClient jdbc;

	private final AlarmSetup setup;

	private final Team team;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final AlarmNotices notices;

	private final ResponderLinks links;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration ackWithin;

	private final Duration allHandsAfter;

	private final Duration remindAfter;

	AlarmDesk(JdbcClient jdbc, AlarmSetup setup, Team team, CustomerDirectory customers, CareProfiles careProfiles,
			AlarmNotices notices, ResponderLinks links, Shops shops, ApplicationEventPublisher events, JsonMapper json,
			TransactionTemplate transactions, Clock clock,
			@Value("${extramile.alarms.acknowledge-within:PT60S}") Duration ackWithin,
			@Value("${extramile.alarms.all-hands-after:PT3M}") Duration allHandsAfter,
			@Value("${extramile.alarms.remind-after:PT10M}") Duration remindAfter) {
		this.jdbc = jdbc;
		this.setup = setup;
		this.team = team;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.notices = notices;
		this.links = links;
		this.shops = shops;
		this.events = events;
		this.json = json;
		this.transactions = transactions;
		this.clock = clock;
		this.ackWithin = ackWithin;
		this.allHandsAfter = allHandsAfter;
		this.remindAfter = remindAfter;
	}

	/** A checked, parsed alarm from a provider. */
	record Intake(String eventId, String deviceId, AlarmKind kind, Instant occurredAt) {
	}

	/** The HTTP answer to an intake, stored so that a repeated event id gets it again. */
	record Answer(int status, String body, boolean replay) {
	}

	// --- Intake
	// ---------------------------------------------------------------------------------

	/**
	 * Stores the alarm (or the unmatched entry) and asks the first responder, all in one
	 * transaction; the answer is returned only once that committed. A repeated event id
	 * returns the first answer and changes nothing.
	 */
	@Transactional
	Answer receive(Provider provider, Intake intake) {
		Instant now = this.clock.instant();
		UUID intakeId = UUID.randomUUID();
		int inserted = this.jdbc.sql("""
				insert into alarm_intake (id, provider_id, event_id, received_at, http_status, answer)
				values (?, ?, ?, ?, 0, '') on conflict do nothing""")
			.params(intakeId, provider.id(), intake.eventId(), Times.column(now))
			.update();
		if (inserted == 0) {
			return this.jdbc.sql("select http_status, answer from alarm_intake where provider_id = ? and event_id = ?")
				.params(provider.id(), intake.eventId())
				.query((rs, n) -> new Answer(rs.getInt("http_status"), rs.getString("answer"), true))
				.single();
		}
		Optional<Device> device = this.setup.device(provider.id(), intake.deviceId());
		Answer answer;
		if (device.isEmpty()) {
			this.jdbc.sql("""
					insert into alarm_unmatched (id, shop_id, provider_id, device_id, event_id, kind, received_at)
					values (?, ?, ?, ?, ?, ?, ?)""")
				.params(UUID.randomUUID(), provider.shopId().value(), provider.id(), intake.deviceId(),
						intake.eventId(), intake.kind().name(), Times.column(now))
				.update();
			log.warn("Alarm {} from {} for an unknown device: recorded as unmatched", intake.eventId(), provider);
			answer = problem(422, "Unprocessable Content", "No device with this deviceId is registered with "
					+ "this provider. The owner has been shown it as an unmatched alarm.", "deviceId");
		}
		else {
			UUID alarmId = raise(provider.shopId(), device.get(), intakeId, intake, now);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("alarmId", alarmId);
			body.put("eventId", intake.eventId());
			body.put("status", intake.kind().dispatches() ? "DISPATCHING" : "RECORDED");
			answer = new Answer(201, this.json.writeValueAsString(body), false);
		}
		this.jdbc.sql("update alarm_intake set http_status = ?, answer = ? where id = ?")
			.params(answer.status(), answer.body(), intakeId)
			.update();
		return answer;
	}

	Answer problem(int status, String title, String detail, String field) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		if (field != null) {
			body.put("field", field);
		}
		return new Answer(status, this.json.writeValueAsString(body), false);
	}

	private UUID raise(ShopId shop, Device device, UUID intakeId, Intake intake, Instant now) {
		UUID id = UUID.randomUUID();
		boolean dispatches = intake.kind().dispatches();
		this.jdbc.sql("""
				insert into alarm (id, shop_id, customer_id, device_row_id, intake_id, kind, occurred_at, received_at,
				  status, stage, version)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)""")
			.params(id, shop.value(), device.customerId().value(), device.id(), intakeId, intake.kind().name(),
					Times.column(intake.occurredAt()), Times.column(now), dispatches ? "OPEN" : "RECORDED")
			.update();
		event(id, now, "received", null);
		if (dispatches) {
			Customer customer = this.customers.get(shop, device.customerId());
			List<TeamMember> responders = this.team.onDutyNearest(shop, now, customer.latitude(), customer.longitude());
			int seq = 0;
			for (TeamMember responder : responders) {
				this.jdbc.sql("insert into alarm_responder (alarm_id, seq, member_id) values (?, ?, ?)")
					.params(id, seq++, responder.id())
					.update();
			}
			String first = MessageArgs.firstNameOf(customer.callName(), "them");
			if (responders.isEmpty()) {
				allHands(shop, id, device.customerId(), first, now);
			}
			else {
				Instant deadline = min(now.plus(this.ackWithin), now.plus(this.allHandsAfter));
				this.jdbc.sql("update alarm set next_at = ? where id = ?").params(Times.column(deadline), id).update();
				ask(shop, id, 0, responders.get(0), first, now);
			}
		}
		else if (intake.kind() == AlarmKind.LOW_BATTERY) {
			log.info("Alarm device {} reports a low battery", device.id());
		}
		this.events.publishEvent(new AlarmRaised(shop, device.customerId(), id, intake.kind(), now));
		log.info("Alarm {} ({}) received from device {}", id, intake.kind(), device.id());
		return id;
	}

	/** Records a heartbeat; false when the device is not registered with the provider. */
	@Transactional
	boolean heartbeat(Provider provider, String deviceId) {
		return this.jdbc
			.sql("""
					update alarm_device set last_heartbeat_at = ?, supervision_alerted_at = null where provider_id = ? and device_id = ? and active""")
			.params(Times.column(this.clock.instant()), provider.id(), deviceId)
			.update() == 1;
	}

	// --- The ladder
	// -----------------------------------------------------------------------------

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
			event(alarmId, now, "asked", member.id());
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
		event(alarmId, now, "all-hands", null);
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
				event(id, now, "reminded", row.ackedBy());
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
			event(id, now, "no-answer", responders.get(row.stage()).memberId());
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

	// --- The responder's phone page (token in the link, no login)
	// ------------------------------

	/** Who holds a link, for which alarm. */
	public record Responding(ShopId shopId, UUID alarmId, UUID memberId, String memberName) {
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
			event(who.alarmId(), now, "acknowledged", who.memberId());
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
			event(who.alarmId(), now, "arrived", who.memberId());
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
			event(alarmId, now, "resolved." + outcome.name().toLowerCase(), by);
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
		event(who.alarmId(), this.clock.instant(), "access-notes-shown", who.memberId());
		return this.careProfiles.revealAccessNotesToResponder(who.shopId(), alarm.customerId(), reader);
	}

	// --- Supervision
	// ----------------------------------------------------------------------------

	/**
	 * Devices silent for longer than their heartbeat period raise one alert per silence.
	 * @return how many alerts were raised
	 */
	@Transactional
	public int superviseDevices() {
		Instant now = this.clock.instant();
		int alerts = 0;
		List<Map.Entry<ShopId, Device>> devices = this.jdbc
			.sql(AlarmSetup.DEVICE_SELECT + " where d.active and d.last_heartbeat_at is not null")
			.query((rs, n) -> Map.entry(new ShopId(rs.getObject("shop_id", UUID.class)), AlarmSetup.device(rs)))
			.list();
		for (Map.Entry<ShopId, Device> entry : devices) {
			Device device = entry.getValue();
			if (!device.silent(now) || device.supervisionAlertedAt() != null) {
				continue;
			}
			int claimed = this.jdbc.sql("""
					update alarm_device set supervision_alerted_at = ?
					where id = ? and last_heartbeat_at = ? and supervision_alerted_at is null""")
				.params(Times.column(now), device.id(), Times.column(device.lastHeartbeatAt()))
				.update();
			if (claimed == 1) {
				this.customers.find(entry.getKey(), device.customerId())
					.ifPresent((c) -> this.notices.silent(entry.getKey(), device.id(),
							device.lastHeartbeatAt().getEpochSecond(), MessageArgs.firstNameOf(c.callName(), "them")));
				log.warn("Alarm device {} silent since {}", device.id(), device.lastHeartbeatAt());
				alerts++;
			}
		}
		return alerts;
	}

	/** The shop's devices that are silent now (their alert was raised). */
	@Transactional(readOnly = true)
	public List<Device> silentDevices(ShopId shop) {
		Instant now = this.clock.instant();
		return this.setup.devices(shop).stream().filter((d) -> d.silent(now)).toList();
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

	private Alarm alarm(ShopId shop, ResultSet rs, boolean withEvents) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		CustomerId customer = new CustomerId(rs.getObject("customer_id", UUID.class));
		String outcome = rs.getString("outcome");
		return new Alarm(id, customer, this.customers.find(shop, customer).map(Customer::sayName).orElse(""),
				rs.getString("device_id"), AlarmKind.valueOf(rs.getString("kind")), Times.instant(rs, "occurred_at"),
				Times.instant(rs, "received_at"), rs.getString("status"), rs.getInt("stage"),
				Times.instant(rs, "next_at"), Times.instant(rs, "all_hands_at"), Times.instant(rs, "acked_at"),
				rs.getObject("acked_by", UUID.class), Times.instant(rs, "arrived_at"), Times.instant(rs, "resolved_at"),
				(outcome != null) ? AlarmOutcome.valueOf(outcome) : null, withEvents ? events(id) : List.of());
	}

	private List<Event> events(UUID alarmId) {
		return this.jdbc.sql("select at, kind, member_id from alarm_event where alarm_id = ? order by at, n")
			.param(alarmId)
			.query((rs, n) -> new Event(Times.instant(rs, "at"), rs.getString("kind"),
					rs.getObject("member_id", UUID.class)))
			.list();
	}

	private void event(UUID alarmId, Instant at, String kind, UUID memberId) {
		this.jdbc.sql("""
				insert into alarm_event (id, alarm_id, at, kind, member_id, event_key) values (?, ?, ?, ?, ?, ?)
				on conflict do nothing""")
			.params(UUID.randomUUID(), alarmId, Times.column(at), kind, memberId,
					kind + ":" + ((memberId != null) ? memberId : "-"))
			.update();
	}

	private CustomerId customerOf(UUID alarmId) {
		return new CustomerId(
				this.jdbc.sql("select customer_id from alarm where id = ?").param(alarmId).query(UUID.class).single());
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
