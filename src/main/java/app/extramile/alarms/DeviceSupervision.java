package app.extramile.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.alarms.AlarmSetup.Device;
import app.extramile.customers.CustomerDirectory;
import app.extramile.notifications.MessageArgs;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Device supervision: an alarm device that sends heartbeats and falls silent for longer
 * than its heartbeat period raises one alert to the shop per silence (the next heartbeat
 * ends it). Run by a durable task on one instance at a time; each alert is claimed with a
 * conditional update, so it is raised once.
 */
@Service
class DeviceSupervision {

	private static final Logger log = LoggerFactory.getLogger(DeviceSupervision.class);

	private final JdbcClient jdbc;

	private final AlarmSetup setup;

	private final CustomerDirectory customers;

	private final AlarmNotices notices;

	private final Clock clock;

	DeviceSupervision(JdbcClient jdbc, AlarmSetup setup, CustomerDirectory customers, AlarmNotices notices,
			Clock clock) {
		this.jdbc = jdbc;
		this.setup = setup;
		this.customers = customers;
		this.notices = notices;
		this.clock = clock;
	}

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

}
