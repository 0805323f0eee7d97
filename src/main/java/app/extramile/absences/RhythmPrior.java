package app.extramile.absences;

import java.util.Arrays;

/**
 * What the shop's customers have in common, used to borrow strength for customers with
 * few visits: the typical daily visit chance, time of day, and how regular gaps are (in
 * the model's own time units). Built from all customers' rhythms at each sweep.
 */
public final class RhythmPrior {

	/** With nothing known, a visit on any open day is this likely. */
	static final double DEFAULT_DAILY_RATE = 0.25;

	final double dailyRate;

	final double[] hourShare;

	/** Pooled share of gaps per bin, each customer weighted equally. */
	final double[] gapShare;

	RhythmPrior(double dailyRate, double[] hourShare, double[] gapShare) {
		this.dailyRate = dailyRate;
		this.hourShare = hourShare;
		this.gapShare = gapShare;
	}

	/** A prior that knows nothing yet: the shop's first customers. */
	public static RhythmPrior uninformed() {
		double[] hours = new double[UsualRhythm.HOUR_BINS];
		// Shops are busiest between 8am and 6pm.
		for (int bin = 0; bin < hours.length; bin++) {
			int hour = bin * UsualRhythm.HOURS_PER_BIN;
			hours[bin] = (hour >= 6 && hour < 18) ? 3 : (hour >= 18 && hour < 21) ? 1 : 0.1;
		}
		normalise(hours);
		double[] gaps = new double[GapScale.BINS];
		for (int bin = 0; bin < gaps.length; bin++) {
			gaps[bin] = Math.exp(-GapScale.lower(bin)) - Math.exp(-GapScale.upper(bin));
		}
		normalise(gaps);
		return new RhythmPrior(DEFAULT_DAILY_RATE, hours, gaps);
	}

	/** Pools the given rhythms into a prior, mixed with the uninformed one. */
	public static RhythmPrior pool(Iterable<UsualRhythm> rhythms) {
		RhythmPrior base = uninformed();
		double[] hours = Arrays.copyOf(base.hourShare, base.hourShare.length);
		double[] gaps = Arrays.copyOf(base.gapShare, base.gapShare.length);
		double rateSum = base.dailyRate;
		double rateCount = 1;
		for (UsualRhythm rhythm : rhythms) {
			float[] w = rhythm.weights;
			double hourTotal = UsualRhythm.sum(w, UsualRhythm.HOUR, UsualRhythm.HOUR_BINS);
			if (hourTotal > 0) {
				for (int i = 0; i < hours.length; i++) {
					hours[i] += w[UsualRhythm.HOUR + i] / hourTotal;
				}
			}
			double gapTotal = UsualRhythm.sum(w, UsualRhythm.GAP, GapScale.BINS);
			if (gapTotal > 0) {
				for (int i = 0; i < gaps.length; i++) {
					gaps[i] += w[UsualRhythm.GAP + i] / gapTotal;
				}
			}
			double open = UsualRhythm.sum(w, UsualRhythm.OPEN, 7);
			if (open >= 7) {
				rateSum += UsualRhythm.sum(w, UsualRhythm.VISIT, 7) / open;
				rateCount++;
			}
		}
		normalise(hours);
		normalise(gaps);
		return new RhythmPrior(rateSum / rateCount, hours, gaps);
	}

	/** Share of the prior's gaps at least {@code u} long. */
	double survival(double u) {
		return GapScale.survival(this.gapShare, u);
	}

	private static void normalise(double[] values) {
		double total = 0;
		for (double value : values) {
			total += value;
		}
		for (int i = 0; i < values.length; i++) {
			values[i] /= total;
		}
	}

}
