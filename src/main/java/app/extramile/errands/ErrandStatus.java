package app.extramile.errands;

/**
 * Where an errand stands. {@code NOT_DELIVERED}: nobody answered at the door, so nothing
 * was delivered or done; the errand says what happens next.
 */
public enum ErrandStatus {

	OPEN, ACCEPTED, DONE, NOT_DELIVERED, CANCELLED

}
