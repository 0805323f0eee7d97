package app.extramile.welfare;

/**
 * What a step found. {@link #NO_ANSWER} moves the check to the next step; every other
 * outcome resolves it.
 */
public enum Outcome {

	ALL_WELL, AWAY, IN_HOSPITAL, NEEDS_HELP, NO_ANSWER, EMERGENCY_SERVICES_CALLED;

	public boolean resolves() {
		return this != NO_ANSWER;
	}

}
