package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.CareProfiles.CareFlags;
import app.extramile.customers.Customer;

/**
 * One line of the morning list: who, how unusual, why, and how much to worry.
 *
 * @param redBy which rule made them red (null unless red)
 * @param missedDays their expected visit days gone by since they were last seen
 */
public record MissingCustomer(Customer customer, CareFlags care, Level level, AbsenceSettings.RedBy redBy,
		double chance, double missedDays, Instant lastSeenAt, boolean[] usualDays, int usualHour, double concern,
		Instant snoozedUntil) {

	public boolean hasUsualDays() {
		for (boolean usual : this.usualDays) {
			if (usual) {
				return true;
			}
		}
		return false;
	}

	/** Whole usual days missed, when they have usual days. */
	public int missedUsualDays() {
		return hasUsualDays() ? (int) Math.floor(this.missedDays) : 0;
	}

	/**
	 * For someone with no usual days: how many times they would have been expected to
	 * come in since, rounded.
	 */
	public int missedVisits() {
		return hasUsualDays() ? 0 : (int) Math.round(this.missedDays);
	}

	/** "About 1 time in N": rounded so it reads naturally. */
	public long oneIn() {
		return oneIn(this.chance);
	}

	/**
	 * "About 1 time in N" for a chance: rounded so it reads naturally, and never down
	 * past a rarer chance's (a rarer chance never reads as more common).
	 */
	static long oneIn(double chance) {
		double n = 1 / Math.max(chance, 1e-6);
		if (n < 20) {
			return Math.round(n);
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(n)));
		return Math.round(n / magnitude * 2) * (long) magnitude / 2;
	}

}
