package app.extramile.visits.till;

/**
 * A line of the file that was not imported, and why. {@code detail} is the offending
 * value (cut short), shown to staff beside the reason; it is never logged.
 */
record Rejection(int line, Reason reason, String detail) {

	static final int DETAIL_LENGTH = 60;

	enum Reason {

		BROKEN_QUOTES, MISSING_COLUMN, MISSING_REFERENCE, UNKNOWN_CUSTOMER, MISSING_TIME, BAD_TIME, FUTURE_TIME,
		BAD_AMOUNT

	}

	static Rejection of(int line, Reason reason, String detail) {
		String shortDetail = (detail == null) ? null
				: (detail.length() > DETAIL_LENGTH) ? detail.substring(0, DETAIL_LENGTH) + "…" : detail;
		return new Rejection(line, reason, shortDetail);
	}

}
