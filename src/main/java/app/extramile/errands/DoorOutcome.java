package app.extramile.errands;

/**
 * What happened at the door: delivered, nobody answered, or the helper noticed something
 * (the free text stays in the errands module).
 */
public enum DoorOutcome {

	DELIVERED, NO_ANSWER, OBSERVED

}
