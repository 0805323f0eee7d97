package app.extramile.customers;

/**
 * Special-category data: stored only with recorded consent, shown only to owners and
 * staff. {@code careNotes} and {@code accessNotes} are revealed on request and every
 * reveal is logged; showing the rest is logged too. None of it goes into logs, SMS or
 * email.
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

	/**
	 * Whether the profile without its two notes has anything to show: a flag, or any of
	 * the shorter notes.
	 */
	public boolean showsAnything() {
		return this.livesAlone || this.personalAlarm || this.vulnerable || this.freeDelivery
				|| present(this.mobilityNotes) || present(this.sightNotes) || present(this.hearingNotes)
				|| present(this.usualItems) || present(this.newspaper);
	}

	private static boolean present(String text) {
		return text != null && !text.isBlank();
	}

	/** The profile without the two notes that need a logged reveal. */
	public CareProfile withoutNotes() {
		return new CareProfile(this.livesAlone, this.personalAlarm, this.vulnerable, this.freeDelivery,
				this.mobilityNotes, this.sightNotes, this.hearingNotes, this.usualItems, this.newspaper, null, null);
	}

}
