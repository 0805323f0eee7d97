package app.extramile.errands;

/** Where an errand stands. */
public enum ErrandStatus {

	OPEN, ACCEPTED, DONE, CANCELLED

}
