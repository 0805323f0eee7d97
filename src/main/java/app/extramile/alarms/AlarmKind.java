package app.extramile.alarms;

import java.util.Locale;
import java.util.Optional;

/**
 * What the device reported. Test and low-battery are recorded but never dispatched.
 */
public enum AlarmKind {

	BUTTON, FALL, INACTIVITY, LOW_BATTERY, TEST;

	/** Whether someone must go. */
	public boolean dispatches() {
		return this == BUTTON || this == FALL || this == INACTIVITY;
	}

	/** As the providers write it: {@code button}, {@code low-battery}, ... */
	public String wire() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static Optional<AlarmKind> fromWire(String value) {
		for (AlarmKind kind : values()) {
			if (kind.wire().equals(value)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

}
