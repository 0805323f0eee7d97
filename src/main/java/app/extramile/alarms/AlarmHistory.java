package app.extramile.alarms;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.extramile.alarms.AlarmViews.Event;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An alarm's history ({@code alarm_event}): received, asked, no answer, all hands,
 * acknowledged, arrived, resolved. Each entry has a key of its kind and member, so a step
 * run twice writes it once. Written in the caller's transaction.
 */
@Component
class AlarmHistory {

	private final JdbcClient jdbc;

	AlarmHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Event> of(UUID alarmId) {
		return this.jdbc.sql("select at, kind, member_id from alarm_event where alarm_id = ? order by at, n")
			.param(alarmId)
			.query((rs, n) -> new Event(Times.instant(rs, "at"), rs.getString("kind"),
					rs.getObject("member_id", UUID.class)))
			.list();
	}

	void add(UUID alarmId, Instant at, String kind, UUID memberId) {
		this.jdbc.sql("""
				insert into alarm_event (id, alarm_id, at, kind, member_id, event_key) values (?, ?, ?, ?, ?, ?)
				on conflict do nothing""")
			.params(UUID.randomUUID(), alarmId, Times.column(at), kind, memberId,
					kind + ":" + ((memberId != null) ? memberId : "-"))
			.update();
	}

}
