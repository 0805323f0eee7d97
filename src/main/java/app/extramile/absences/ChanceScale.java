package app.extramile.absences;

/**
 * Log-spaced bins for the model's own chances: a decade wide from 1 in 100 million to 1
 * in 10,000 (where a customer with few visits can land), then half a decade wide to about
 * 1 in 3. Each customer counts the chance the model gave each of their completed gaps
 * (before it ended, so with no look-ahead); pooled over the shop, the counts say how
 * often a gap really turns out as unusual as the model said, which calibrates the chances
 * and turns a budget of reds into a red level.
 */
final class ChanceScale {

	static final int BINS = 13;

	private static final double[] EDGES = { 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, Math.pow(10, -3.5), 1e-3, Math.pow(10, -2.5),
			1e-2, Math.pow(10, -1.5), 1e-1, Math.pow(10, -0.5) };

	private ChanceScale() {
	}

	/** The lower edge of a bin (0 for the first). */
	static double lower(int bin) {
		return (bin == 0) ? 0 : EDGES[bin - 1];
	}

	/** The upper edge of a bin (1 for the last). */
	static double upper(int bin) {
		return (bin == BINS - 1) ? 1 : EDGES[bin];
	}

	static int bin(double chance) {
		int bin = 0;
		while (bin < EDGES.length && chance >= EDGES[bin]) {
			bin++;
		}
		return bin;
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
