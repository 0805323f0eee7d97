package app.extramile.absences;

import java.util.Arrays;

/**
 * What the shop's customers have in common, used to borrow strength for customers with
 * few visits: the typical daily visit chance and time of day; and how the model's chances
 * turned out on the shop's completed gaps, which calibrates them and turns the red budget
 * into a red level. Built from all customers' rhythms at each sweep.
 */
public final class RhythmPrior {

	/** With nothing known, a visit on any open day is this likely. */
	static final double DEFAULT_DAILY_RATE = 0.25;

	final double dailyRate;

	final double[] hourShare;

	/**
	 * Pseudo-gaps of a perfectly calibrated model mixed into the shop's calibration, so a
	 * new shop's chances are taken as they are until a few hundred gaps have ended.
	 */
	static final double K_CALIBRATION = 200;

	/**
	 * A customer counts as a regular for the red budget when they come in at least this
	 * often a week (by their own recent counts).
	 */
	static final double REGULAR_VISITS_PER_WEEK = 1;

	/**
	 * Below this many regular-weeks of evidence the red budget cannot be turned into a
	 * level yet: the default red level is used.
	 */
	static final double MIN_REGULAR_WEEKS = 20;

	/**
	 * Nor while the regulars have been watched for fewer weeks than this on average: a
	 * customer's chances only settle as their visits accumulate (the first gaps are the
	 * least predictable), so a level learnt from a new shop's first weeks would be spent
	 * on gaps that have become more predictable since. Without it the simulated village,
	 * every customer new on the first day, spent 2.9 false reds per 100 regulars per week
	 * instead of 2, most of them in the first two months.
	 */
	static final double MIN_WEEKS_PER_REGULAR = 6;

	/** The red level with no evidence to spend a budget by: 1 in 1,000. */
	static final double DEFAULT_RED_BELOW = 0.001;

	/**
	 * The default red budget: reds a week the shop can follow up, per 100 regulars.
	 */
	public static final double DEFAULT_RED_BUDGET = 2;

	/** The red level never goes above this, whatever the budget. */
	static final double MAX_RED_BELOW = 0.05;

	/** All customers' completed gaps per {@link ChanceScale} bin of their chance. */
	final double[] chanceCounts;

	/** The same for the regulars only. */
	final double[] regularChanceCounts;

	/** The regulars' weeks those gaps took, decayed as the counts are. */
	final double regularWeeks;

	/** How many regulars those weeks are of, faded as the weeks are. */
	final double regulars;

	RhythmPrior(double dailyRate, double[] hourShare) {
		this(dailyRate, hourShare, new double[ChanceScale.BINS], new double[ChanceScale.BINS], 0, 0);
	}

	RhythmPrior(double dailyRate, double[] hourShare, double[] chanceCounts, double[] regularChanceCounts,
			double regularWeeks, double regulars) {
		this.dailyRate = dailyRate;
		this.hourShare = hourShare;
		this.chanceCounts = chanceCounts;
		this.regularChanceCounts = regularChanceCounts;
		this.regularWeeks = regularWeeks;
		this.regulars = regulars;
	}

	/**
	 * The calibrated chance for one the model gave: the share of the shop's completed
	 * gaps that the model had called at least this unusual (mixed with the chance itself
	 * while the shop has few gaps). Monotone, so the order of absences is kept.
	 */
	public double calibrated(double chance) {
		if (chance <= 0 || chance >= 1) {
			return Math.max(0, Math.min(1, chance));
		}
		double total = 0;
		for (double count : this.chanceCounts) {
			total += count;
		}
		return (ChanceScale.below(this.chanceCounts, chance) + K_CALIBRATION * chance) / (total + K_CALIBRATION);
	}

	/**
	 * The red level (a calibrated chance) that spends the budget: about
	 * {@code redsPer100RegularsPerWeek} reds a week per 100 regulars from normal
	 * absences, going by how often the regulars' gaps reached each chance. The default
	 * level while there is too little history.
	 */
	public double redBelowFor(double redsPer100RegularsPerWeek) {
		if (this.regularWeeks < MIN_REGULAR_WEEKS || this.regularWeeks < MIN_WEEKS_PER_REGULAR * this.regulars
				|| redsPer100RegularsPerWeek <= 0) {
			return DEFAULT_RED_BELOW;
		}
		double wanted = redsPer100RegularsPerWeek / 100 * this.regularWeeks;
		double low = Math.log(1e-9);
		double high = Math.log(1);
		for (int i = 0; i < 60; i++) {
			double mid = (low + high) / 2;
			if (ChanceScale.below(this.regularChanceCounts, Math.exp(mid)) < wanted) {
				low = mid;
			}
			else {
				high = mid;
			}
		}
		return Math.min(MAX_RED_BELOW, calibrated(Math.exp(low)));
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
		return new RhythmPrior(DEFAULT_DAILY_RATE, hours);
	}

	/** Pools the given rhythms into a prior, mixed with the uninformed one. */
	public static RhythmPrior pool(Iterable<UsualRhythm> rhythms) {
		RhythmPrior base = uninformed();
		double[] hours = Arrays.copyOf(base.hourShare, base.hourShare.length);
		double rateSum = base.dailyRate;
		double rateCount = 1;
		double[] chances = new double[ChanceScale.BINS];
		double[] regularChances = new double[ChanceScale.BINS];
		double regularWeeks = 0;
		double regulars = 0;
		// The chance counts fade with time to the latest visit, as the model and its
		// prior change: a chance given a year ago says little about one given today.
		int latest = Integer.MIN_VALUE;
		for (UsualRhythm rhythm : rhythms) {
			latest = Math.max(latest, rhythm.lastVisitEpochDay());
		}
		for (UsualRhythm rhythm : rhythms) {
			float[] w = rhythm.weights;
			double fade = rhythm.fadeBy(latest);
			double openDays = UsualRhythm.sum(w, UsualRhythm.OPEN, 7);
			boolean regular = openDays >= 7
					&& 7 * UsualRhythm.sum(w, UsualRhythm.VISIT, 7) / openDays >= REGULAR_VISITS_PER_WEEK;
			for (int i = 0; i < ChanceScale.BINS; i++) {
				chances[i] += fade * w[UsualRhythm.CHANCE + i];
				if (regular) {
					regularChances[i] += fade * w[UsualRhythm.CHANCE + i];
				}
			}
			if (regular) {
				regularWeeks += fade * openDays / 7;
				regulars += fade;
			}
			double hourTotal = UsualRhythm.sum(w, UsualRhythm.HOUR, UsualRhythm.HOUR_BINS);
			if (hourTotal > 0) {
				for (int i = 0; i < hours.length; i++) {
					hours[i] += w[UsualRhythm.HOUR + i] / hourTotal;
				}
			}
			double open = UsualRhythm.sum(w, UsualRhythm.OPEN, 7);
			if (open >= 7) {
				rateSum += UsualRhythm.sum(w, UsualRhythm.VISIT, 7) / open;
				rateCount++;
			}
		}
		normalise(hours);
		return new RhythmPrior(rateSum / rateCount, hours, chances, regularChances, regularWeeks, regulars);
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
