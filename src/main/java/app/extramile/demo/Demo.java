package app.extramile.demo;

/**
 * The demo village, named once: its shop's address and name. Everything else about the
 * demo (who lives there, what happened this year, the order it is seeded in) is kept in
 * this module; see {@link DemoSeeding}.
 */
public final class Demo {

	/** The demo shop's address on the public pages: {@code /p/siop-y-llan}. */
	public static final String SLUG = "siop-y-llan";

	/** The demo shop's name. */
	public static final String NAME = "Siop y Llan";

	private Demo() {
	}

}
