package app.extramile.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.alarms.AlarmEvents.AlarmRaised;
import app.extramile.alarms.AlarmSetup.Device;
import app.extramile.alarms.AlarmSetup.Provider;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Receiving alarms and heartbeats from providers. An alarm is a row written in the same
 * transaction as the intake's answer and the first responder's notifications (the
 * {@link EscalationLadder} starts there); the answer is stored with the provider's event
 * id, so a repeated event gets the first answer and changes nothing. An alarm from a
 * device nobody registered is kept as unmatched for the owner.
 */
@Service
class AlarmIntake {

	private static final Logger log = LoggerFactory.getLogger(AlarmIntake.class);

	private final JdbcClient jdbc;

	private final AlarmSetup setup;

	private final EscalationLadder ladder;

	private final AlarmHistory history;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	AlarmIntake(JdbcClient jdbc, AlarmSetup setup, EscalationLadder ladder, AlarmHistory history,
			ApplicationEventPublisher events, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.setup = setup;
		this.ladder = ladder;
		this.history = history;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	/** A checked, parsed alarm from a provider. */
	record Intake(String eventId, String deviceId, AlarmKind kind, Instant occurredAt) {
	}

	/** The HTTP answer to an intake, stored so that a repeated event id gets it again. */
	record Answer(int status, String body, boolean replay) {
	}

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
		this.history.add(id, now, "received", null);
		if (dispatches) {
			this.ladder.start(shop, id, device.customerId(), now);
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

}
