package app.extramile.team;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A weekly slot of the rota in the shop's local time. A slot that ends at or before it
 * starts runs over midnight into the next day; {@code from == to} covers 24 hours from
 * {@code from}.
 */
record RotaSlot(UUID id, UUID memberId, Kind kind, DayOfWeek weekday, LocalTime from, LocalTime to) {

	/**
	 * On-duty responder cover (alarms are dispatched from it), a shift in the shop, or a
	 * time the member says they are available to help.
	 */
	public enum Kind {

		ON_DUTY, SHIFT, AVAILABLE

	}

	/** Whether this slot covers a local date-time. */
	public boolean covers(LocalDateTime local) {
		DayOfWeek day = local.getDayOfWeek();
		LocalTime time = local.toLocalTime();
		if (this.from.isBefore(this.to)) {
			return day == this.weekday && !time.isBefore(this.from) && time.isBefore(this.to);
		}
		if (day == this.weekday && !time.isBefore(this.from)) {
			return true;
		}
		return day == this.weekday.plus(1) && time.isBefore(this.to);
	}

}
