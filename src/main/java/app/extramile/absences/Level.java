package app.extramile.absences;

/**
 * How worried to be about an absence: from the chance that someone with this rhythm goes
 * unseen this long, against the shop's amber and red levels.
 */
public enum Level {

	FINE, AMBER, RED;

	static Level of(double chance, double amberBelow, double redBelow) {
		return (chance < redBelow) ? RED : (chance < amberBelow) ? AMBER : FINE;
	}

}
