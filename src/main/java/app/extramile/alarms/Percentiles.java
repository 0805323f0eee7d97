package app.extramile.alarms;

import java.util.List;

/**
 * Nearest-rank percentiles (the smallest value with at least p% of values at or below
 * it): no interpolation, so a reported figure is always a real alarm's time.
 */
final class Percentiles {

	private Percentiles() {
	}

	static Long of(List<Long> sorted, double percent) {
		if (sorted.isEmpty()) {
			return null;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
	}

}
