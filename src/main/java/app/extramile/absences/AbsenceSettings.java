package app.extramile.absences;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When a shop is open and when an absence turns amber or red: below which chances, and
 * after how many missed usual days (0: only by chance).
 */
public record AbsenceSettings(boolean[] openWeekdays, LocalTime opensAt, LocalTime closesAt, double amberBelow,
		double redBelow, int redAfterMissedDays) {

	static AbsenceSettings parse(String weekdays, LocalTime opensAt, LocalTime closesAt, double amber, double red,
			int redAfterMissedDays) {
		boolean[] open = new boolean[7];
		for (int d = 0; d < 7; d++) {
			open[d] = weekdays.length() > d && weekdays.charAt(d) == '1';
		}
		return new AbsenceSettings(open, opensAt, closesAt, amber, red, redAfterMissedDays);
	}

	Level level(double chance, double missedDays) {
		return Level.of(chance, missedDays, this.amberBelow, this.redBelow, this.redAfterMissedDays);
	}

	String weekdaysText() {
		StringBuilder text = new StringBuilder();
		for (boolean open : this.openWeekdays) {
			text.append(open ? '1' : '0');
		}
		return text.toString();
	}

	boolean openOn(LocalDate day) {
		return this.openWeekdays[day.getDayOfWeek().getValue() - 1];
	}

	boolean openAt(DayOfWeek day, LocalTime time) {
		return this.openWeekdays[day.getValue() - 1] && !time.isBefore(this.opensAt) && time.isBefore(this.closesAt);
	}

}
