package app.extramile.errands;

/**
 * What an errand is. Deliveries and lifts need a driver by default; anything inside a
 * home needs a DBS-checked helper.
 */
public enum ErrandKind {

	DELIVERY(true, false), PRESCRIPTION(false, false), READ_POST(false, true), LETTERS_FORMS(false, true),
	LAWN(false, false), DOG_WALK(false, false), ODD_JOBS(false, true), LIFT(true, false), OTHER(false, false);

	private final boolean driver;

	private final boolean dbs;

	ErrandKind(boolean driver, boolean dbs) {
		this.driver = driver;
		this.dbs = dbs;
	}

	/** Whether it needs a driver unless staff say otherwise. */
	public boolean needsDriverByDefault() {
		return this.driver;
	}

	/** Whether it needs a DBS-checked helper unless staff say otherwise. */
	public boolean needsDbsByDefault() {
		return this.dbs;
	}

}
