package app.extramile.absences;

import java.time.Instant;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory.CareFlags;

/**
 * One line of the morning list: who, how unusual, why, and how much to worry.
 */
public record MissingCustomer(Customer customer, CareFlags care, Level level, double chance, Instant lastSeenAt,
		boolean[] usualDays, int usualHour, double concern, Instant snoozedUntil) {

	/** "About 1 time in N": rounded so it reads naturally. */
	public long oneIn() {
		double n = 1 / Math.max(this.chance, 1e-6);
		if (n < 20) {
			return Math.round(n);
		}
		double magnitude = Math.pow(10, Math.floor(Math.log10(n)));
		return Math.round(n / magnitude * 2) * (long) magnitude / 2;
	}

}
