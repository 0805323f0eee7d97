package app.extramile.shared;

import org.springframework.core.Ordered;

/**
 * The demo village, named once: its shop, and the order in which each module seeds its
 * part once the application is ready (the village itself, its customers and a year of
 * visits, is seeded first, before the application is ready). A module's seeder listens
 * for the application being ready with {@code @Order(Demo.ITS_PART)}, finds the shop by
 * {@link #SLUG} and seeds only what is not there yet.
 */
public final class Demo {

	/** The demo shop's address on the public pages: {@code /p/siop-y-llan}. */
	public static final String SLUG = "siop-y-llan";

	/** The demo shop's name. */
	public static final String NAME = "Siop y Llan";

	/** The team and their skills: everything after them asks someone on it. */
	public static final int TEAM = 10;

	/** Alarm providers and responders, call-outs and thanks: they need the team. */
	public static final int ALARMS = 20;

	public static final int CALL_OUTS = 20;

	public static final int RECOGNITION = 20;

	/** Errands and delivery rounds: they need the team's drivers. */
	public static final int ERRANDS = 30;

	/** The getting-started list, put away: the demo is already set up. */
	public static final int GETTING_STARTED = 90;

	/**
	 * The community board, the ledger and the impact figures: last, from what is there.
	 */
	public static final int COMMUNITY = Ordered.LOWEST_PRECEDENCE;

	public static final int LEDGER = Ordered.LOWEST_PRECEDENCE;

	public static final int IMPACT = Ordered.LOWEST_PRECEDENCE;

	private Demo() {
	}

}
