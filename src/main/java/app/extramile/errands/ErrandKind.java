package app.extramile.errands;

import java.util.Arrays;
import java.util.List;

/**
 * What an errand is. Deliveries and lifts need a driver by default; anything inside a
 * home needs a DBS-checked helper. Some kinds are for customers, some for a colleague who
 * asks the team for help for themselves (a lift and "other" serve both).
 */
public enum ErrandKind {

	DELIVERY(true, false, true, false), PRESCRIPTION(false, false, true, false), READ_POST(false, true, true, false),
	LETTERS_FORMS(false, true, true, false), LAWN(false, false, true, false), DOG_WALK(false, false, true, false),
	ODD_JOBS(false, true, true, false), LIFT(true, false, true, true), OTHER(false, false, true, true),

	/** A colleague asks someone to cover (part of) their shift in the shop. */
	COVER_SHIFT(false, false, false, true),

	/** A colleague asks for a hand with stock (a delivery to unpack, a stocktake). */
	STOCK_HAND(false, false, false, true);

	private final boolean driver;

	private final boolean dbs;

	private final boolean forCustomers;

	private final boolean forColleagues;

	ErrandKind(boolean driver, boolean dbs, boolean forCustomers, boolean forColleagues) {
		this.driver = driver;
		this.dbs = dbs;
		this.forCustomers = forCustomers;
		this.forColleagues = forColleagues;
	}

	/** Whether it needs a driver unless staff say otherwise. */
	public boolean needsDriverByDefault() {
		return this.driver;
	}

	/** Whether it needs a DBS-checked helper unless staff say otherwise. */
	public boolean needsDbsByDefault() {
		return this.dbs;
	}

	/** Whether staff may ask for it for a customer. */
	public boolean forCustomers() {
		return this.forCustomers;
	}

	/** Whether a team member may ask the team for it for themselves. */
	public boolean forColleagues() {
		return this.forColleagues;
	}

	/** Whether it brings the customer something (shopping, a prescription). */
	public boolean delivers() {
		return this == DELIVERY || this == PRESCRIPTION;
	}

	/** The kinds staff may ask for for a customer, in order. */
	public static List<ErrandKind> customerKinds() {
		return Arrays.stream(values()).filter(ErrandKind::forCustomers).toList();
	}

	/** The kinds a colleague may ask the team for, in order. */
	public static List<ErrandKind> colleagueKinds() {
		return List.of(COVER_SHIFT, STOCK_HAND, LIFT, OTHER);
	}

}
