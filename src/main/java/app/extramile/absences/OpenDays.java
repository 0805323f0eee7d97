package app.extramile.absences;

import java.time.LocalDate;

/**
 * Which days could a customer have come in: the shop was open and they were not known to
 * be away. A closed day is not a missed visit.
 */
@FunctionalInterface
public interface OpenDays {

	/** Every day counts (used by the backtest, where no shop calendar is known). */
	OpenDays ALWAYS = (day) -> true;

	boolean isOpen(LocalDate day);

}
