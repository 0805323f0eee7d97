package app.extramile.impact;

/**
 * A kind of fact the impact page counts. Adding one is an enum constant here (with its
 * {@code impact.kind.*} label) and one listener method in {@link ImpactListeners}.
 * {@link #PAY_IT_FORWARD_GIVEN} and {@link #GIFT_CERTIFICATE_ISSUED} are the exception:
 * they are asked of the ledger when read ({@link app.extramile.ledger.KindnessTotals}).
 */
public enum ImpactKind {

	WELFARE_ALL_WELL(Group.WELFARE), WELFARE_AWAY(Group.WELFARE), WELFARE_IN_HOSPITAL(Group.WELFARE),
	WELFARE_NEEDS_HELP(Group.WELFARE), WELFARE_EMERGENCY_SERVICES(Group.WELFARE),

	/** Pay-it-forward given out and certificates issued; their amount is pence. */
	PAY_IT_FORWARD_GIVEN(Group.KINDNESS, Measure.PENCE), GIFT_CERTIFICATE_ISSUED(Group.KINDNESS, Measure.PENCE),
	GIFT_GIVEN(Group.KINDNESS),

	CHARITY_RAISED(Group.MONEY_RAISED, Measure.PENCE),

	/** A personal alarm answered ("I'm going"); its amount is the seconds it took. */
	ALARM_ANSWERED(Group.TEAM, Measure.SECONDS), THANK_YOU(Group.TEAM),

	/**
	 * A colleague helped a colleague who asked the team (a shift covered, a lift); its
	 * amount is the minutes spent.
	 */
	COLLEAGUE_HELPED(Group.TEAM, Measure.MINUTES),

	/** A delivery or a favour done; its amount is the minutes the helper spent. */
	DELIVERY_DONE(Group.ERRANDS, Measure.MINUTES), FAVOUR_DONE(Group.ERRANDS, Measure.MINUTES);

	/** What a fact's amount is: nothing (only counted), money, or time. */
	public enum Measure {

		COUNT, PENCE, MINUTES, SECONDS

	}

	/** Which chart a kind belongs to. */
	public enum Group {

		WELFARE, KINDNESS, MONEY_RAISED, TEAM, ERRANDS

	}

	private final Group group;

	private final Measure measure;

	ImpactKind(Group group) {
		this(group, Measure.COUNT);
	}

	ImpactKind(Group group, Measure measure) {
		this.group = group;
		this.measure = measure;
	}

	public Measure measure() {
		return this.measure;
	}

	public Group group() {
		return this.group;
	}

	/** Its label in {@code messages/impact.properties}. */
	public String messageKey() {
		return "impact.kind." + name();
	}

}
