package app.extramile.customers;

/**
 * Special-category data: stored only with recorded consent, shown only to owners and
 * staff. {@code careNotes} and {@code accessNotes} are revealed on request and every
 * reveal is logged; they never go into logs, SMS or email.
 */
public record CareProfile(boolean livesAlone, boolean personalAlarm, boolean vulnerable, boolean freeDelivery,
		String mobilityNotes, String sightNotes, String hearingNotes, String usualItems, String newspaper,
		String careNotes, String accessNotes) {

	public static CareProfile none() {
		return new CareProfile(false, false, false, false, null, null, null, null, null, null, null);
	}

	public boolean hasCareNotes() {
		return this.careNotes != null && !this.careNotes.isBlank();
	}

	public boolean hasAccessNotes() {
		return this.accessNotes != null && !this.accessNotes.isBlank();
	}

	/** The profile without the two notes that need a logged reveal. */
	public CareProfile withoutNotes() {
		return new CareProfile(this.livesAlone, this.personalAlarm, this.vulnerable, this.freeDelivery,
				this.mobilityNotes, this.sightNotes, this.hearingNotes, this.usualItems, this.newspaper, null, null);
	}

}
