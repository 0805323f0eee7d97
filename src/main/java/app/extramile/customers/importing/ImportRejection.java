package app.extramile.customers.importing;

/**
 * A row of the file that was not imported, and why. {@code detail} is the offending value
 * (cut short), shown to the owner beside the reason; it is never logged.
 */
record ImportRejection(int line, Reason reason, String detail) {

	static final int DETAIL_LENGTH = 60;

	/** Why a row was not imported; each has a message {@code customerImport.reason.*}. */
	public enum Reason {

		BROKEN_QUOTES, MISSING_COLUMN, MISSING_NAME, TOO_LONG, BAD_PHONE, BAD_BIRTHDAY, FUTURE_BIRTHDAY

	}

	static ImportRejection of(int line, Reason reason, String detail) {
		String shortDetail = (detail == null) ? null
				: (detail.length() > DETAIL_LENGTH) ? detail.substring(0, DETAIL_LENGTH) + "…" : detail;
		return new ImportRejection(line, reason, shortDetail);
	}

}
