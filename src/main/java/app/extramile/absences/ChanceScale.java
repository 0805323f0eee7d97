package app.extramile.absences;

/**
 * Log-spaced bins for the model's own chances, half a decade wide from 1 in 10,000 to
 * about 1 in 3. Each customer counts the chance the model gave each of their completed
 * gaps (before it ended, so with no look-ahead); pooled over the shop, the counts say how
 * often a gap really turns out as unusual as the model said, which calibrates the chances
 * and turns a budget of reds into a red level.
 */
final class ChanceScale {

	static final int BINS = 9;

	private static final double FIRST = 1e-4;

	private static final double RATIO = Math.sqrt(10);

	private ChanceScale() {
	}

	/** The lower edge of a bin (0 for the first). */
	static double lower(int bin) {
		return (bin == 0) ? 0 : FIRST * Math.pow(RATIO, bin - 1);
	}

	/** The upper edge of a bin (1 for the last). */
	static double upper(int bin) {
		return (bin == BINS - 1) ? 1 : FIRST * Math.pow(RATIO, bin);
	}

	static int bin(double chance) {
		if (chance < FIRST) {
			return 0;
		}
		int bin = 1 + (int) Math.floor(Math.log(chance / FIRST) / Math.log(RATIO) + 1e-12);
		return Math.min(bin, BINS - 1);
	}

	/**
	 * The weight of counted chances below {@code chance}: whole bins below it, and the
	 * share of its own bin below it (log-linear inside a bin, linear in the first and
	 * last).
	 */
	static double below(double[] counts, double chance) {
		if (chance <= 0) {
			return 0;
		}
		if (chance >= 1) {
			double total = 0;
			for (double count : counts) {
				total += count;
			}
			return total;
		}
		int bin = bin(chance);
		double total = 0;
		for (int i = 0; i < bin; i++) {
			total += counts[i];
		}
		double lower = lower(bin);
		double upper = upper(bin);
		double share = (bin == 0 || bin == BINS - 1) ? (chance - lower) / (upper - lower)
				: Math.log(chance / lower) / Math.log(upper / lower);
		return total + counts[bin] * Math.min(1, Math.max(0, share));
	}

}
