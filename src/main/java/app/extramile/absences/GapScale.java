package app.extramile.absences;

/**
 * Log-spaced bins for gap lengths measured in the model's own time: the expected number
 * of visits the customer would have made (the cumulative hazard). Under a perfectly
 * memoryless visitor these gaps are exponentially distributed; real regulars are more
 * regular.
 */
final class GapScale {

	static final int BINS = 24;

	private static final double FIRST = 0.05;

	private static final double RATIO = Math.pow(40.0 / FIRST, 1.0 / (BINS - 1));

	/** The last bin's survival falls as {@code u^-TAIL_POWER}. */
	static final double TAIL_POWER = 2;

	private GapScale() {
	}

	static double lower(int bin) {
		return (bin == 0) ? 0 : FIRST * Math.pow(RATIO, bin - 1);
	}

	static double upper(int bin) {
		return FIRST * Math.pow(RATIO, bin);
	}

	static int bin(double u) {
		if (u < FIRST) {
			return 0;
		}
		int bin = 1 + (int) Math.floor(Math.log(u / FIRST) / Math.log(RATIO));
		return Math.min(bin, BINS - 1);
	}

	/**
	 * Share of gaps at least {@code u} long in a histogram of gap weights, spreading each
	 * bin evenly over its width; the last bin is open-ended with a power tail. Zero when
	 * the histogram is empty.
	 */
	static double survival(double[] weights, double u) {
		double sum = 0;
		for (double w : weights) {
			sum += w;
		}
		if (sum <= 0) {
			return 0;
		}
		int bin = bin(u);
		double above = 0;
		for (int i = bin + 1; i < BINS; i++) {
			above += weights[i];
		}
		double fraction;
		if (bin == BINS - 1) {
			// A heavy tail: gaps beyond the scale are rare, not impossible (someone with
			// few visits, away for months). An exponential tail here gave chances of 1 in
			// 10^20 that no calibration could make sense of.
			fraction = Math.pow(lower(bin) / Math.max(u, lower(bin)), TAIL_POWER);
		}
		else {
			fraction = Math.min(1, Math.max(0, (upper(bin) - u) / (upper(bin) - lower(bin))));
		}
		return (above + weights[bin] * fraction) / sum;
	}

}
