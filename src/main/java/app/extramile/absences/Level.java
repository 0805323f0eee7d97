package app.extramile.absences;

/**
 * How worried to be about an absence: from the chance that someone with this rhythm goes
 * unseen this long, against the shop's amber and red levels, and from how many of their
 * usual days they have missed.
 */
public enum Level {

	FINE, AMBER, RED;

	/**
	 * Missing this many usual days turns an absence red only when it is itself unusual
	 * for them: less than 1 time in 5. Someone who often skips a usual day or two is not
	 * red for it.
	 */
	static final double MISSED_DAYS_UNUSUAL_BELOW = 0.2;

	public static Level of(double chance, double amberBelow, double redBelow) {
		return of(chance, 0, amberBelow, redBelow, 0);
	}

	/**
	 * @param missedDays expected visit days gone by without a visit
	 * @param redAfterMissedDays red once this many are missed (0: only by chance)
	 */
	public static Level of(double chance, double missedDays, double amberBelow, double redBelow,
			int redAfterMissedDays) {
		return of(chance, missedDays, amberBelow, redBelow, redAfterMissedDays, MISSED_DAYS_UNUSUAL_BELOW);
	}

	/**
	 * @param missedDaysBelow the missed usual days make an absence red only below this
	 * chance (the shop's red budget sets it: {@link AbsenceSettings#missedDaysBelow()})
	 */
	public static Level of(double chance, double missedDays, double amberBelow, double redBelow, int redAfterMissedDays,
			double missedDaysBelow) {
		if (chance < redBelow || redByMissedDays(chance, missedDays, redAfterMissedDays, missedDaysBelow)) {
			return RED;
		}
		return (chance < amberBelow) ? AMBER : FINE;
	}

	/** Red for the usual days missed, whatever the red chance level. */
	public static boolean redByMissedDays(double chance, double missedDays, int redAfterMissedDays) {
		return redByMissedDays(chance, missedDays, redAfterMissedDays, MISSED_DAYS_UNUSUAL_BELOW);
	}

	public static boolean redByMissedDays(double chance, double missedDays, int redAfterMissedDays,
			double missedDaysBelow) {
		return redAfterMissedDays > 0 && missedDays >= redAfterMissedDays && chance < missedDaysBelow;
	}

}
