package app.extramile.welfare;

import java.util.Arrays;
import java.util.List;

/**
 * What a step found. {@link #NO_ANSWER} moves the check to the next step; every other
 * outcome resolves it. {@link #CONSENT_WITHDRAWN} is never recorded by a person: the
 * system closes a check with it when the customer withdraws consent to welfare checks.
 */
public enum Outcome {

	ALL_WELL, AWAY, IN_HOSPITAL, NEEDS_HELP, NO_ANSWER, EMERGENCY_SERVICES_CALLED, CONSENT_WITHDRAWN;

	public boolean resolves() {
		return this != NO_ANSWER;
	}

	/** Whether a person may record it at a step. */
	public boolean recordable() {
		return this != CONSENT_WITHDRAWN;
	}

	/** The outcomes a person may record, in order. */
	public static List<Outcome> recordables() {
		return Arrays.stream(values()).filter(Outcome::recordable).toList();
	}

}
