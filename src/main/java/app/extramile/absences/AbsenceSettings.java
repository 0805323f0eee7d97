package app.extramile.absences;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When a shop is open and when an absence turns amber or red: amber below the owner's
 * chance, red within the owner's red budget (reds a week per 100 regulars), which each
 * sweep turns into the red level {@code redBelow} from the shop's own calibrated chances,
 * and red after how many missed usual days (0: only by chance), spent from the same
 * budget.
 *
 * @param redBudget reds a week the shop can follow up, per 100 regulars
 * @param redBelow the red level (a calibrated chance) the latest sweep used
 * @param missedDaysBelow the missed usual days make an absence red only below this
 * chance: the level that would spend the whole budget by chance alone, so that reds for
 * missed days are taken from the budget's absences, not added to them
 */
record AbsenceSettings(boolean[] openWeekdays, LocalTime opensAt, LocalTime closesAt, double amberBelow,
		double redBudget, int redAfterMissedDays, double redBelow, double missedDaysBelow) {

	/** The fewest reds a week per 100 regulars an owner can set. */
	public static final double MIN_RED_BUDGET = 0.5;

	/** The most reds a week per 100 regulars an owner can set. */
	public static final double MAX_RED_BUDGET = 20;

	static AbsenceSettings parse(String weekdays, LocalTime opensAt, LocalTime closesAt, double amber, double redBudget,
			int redAfterMissedDays, double redBelow) {
		boolean[] open = new boolean[7];
		for (int d = 0; d < 7; d++) {
			open[d] = weekdays.length() > d && weekdays.charAt(d) == '1';
		}
		return new AbsenceSettings(open, opensAt, closesAt, amber, redBudget, redAfterMissedDays, redBelow,
				Math.max(redBelow, Level.MISSED_DAYS_UNUSUAL_BELOW));
	}

	AbsenceSettings withRedLevels(double redBelow, double missedDaysBelow) {
		return new AbsenceSettings(this.openWeekdays, this.opensAt, this.closesAt, this.amberBelow, this.redBudget,
				this.redAfterMissedDays, redBelow, Math.max(redBelow, missedDaysBelow));
	}

	Level level(double chance, double missedDays) {
		return Level.of(chance, missedDays, this.amberBelow, this.redBelow, this.redAfterMissedDays,
				this.missedDaysBelow);
	}

	/**
	 * Which rule made an absence red: its chance (rarer than the red level) or the usual
	 * days missed. Null unless red.
	 */
	RedBy redBy(double chance, double missedDays) {
		if (level(chance, missedDays) != Level.RED) {
			return null;
		}
		return (chance < this.redBelow) ? RedBy.CHANCE : RedBy.MISSED_DAYS;
	}

	/** The rule that made an absence red. */
	public enum RedBy {

		CHANCE, MISSED_DAYS

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
