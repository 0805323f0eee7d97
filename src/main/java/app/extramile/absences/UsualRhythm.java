package app.extramile.absences;

import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One customer's usual rhythm, learned online from their visits, and how unusual their
 * current absence is.
 *
 * <p>
 * The model has two layers. First, a day-by-day chance of coming in: per weekday, from
 * exponentially decayed counts of the days they came in against the days the shop was
 * open (closed days and away days are not chances missed), shrunk towards their own
 * overall rate and that towards the shop's, plus a time-of-day profile for the day in
 * progress. Summing {@code -ln(1 - chance)} over the open days of an absence gives its
 * length in "expected visits" ({@code u}); there the chance is half the long-run one and
 * half the same from the last few weeks' counts ({@link #paceOn}), so an absence is
 * measured against the pace they keep now as well as their usual one. Second,
 * calibration: real regulars are more regular (or burstier) than independent days would
 * suggest, so each completed gap's {@code u}, measured with the model as it stood before
 * the gap ended (no look-ahead), goes into a decayed histogram. The chance that someone
 * with this rhythm goes unseen this long is the share of their past gaps at least as
 * long, mixed with a few pseudo-gaps of what their rate alone says: a visitor whose daily
 * chances are only as sure as their visit days tell (a gamma-Poisson visitor, the law
 * behind BG/NBD) goes {@code u} expected visits unseen with chance
 * {@code (1 + u / n)^-n}, {@code n} being one plus their (decayed) visit days. With few
 * visits that tail is heavy (little is known, so a long gap is not so surprising); with
 * many it falls as {@code e^-u}, so a regular's tail follows their own evidence instead
 * of the whole shop's mixture of rhythms. The chances are then calibrated on the shop's
 * completed gaps ({@link RhythmPrior}).
 *
 * <p>
 * State is under 300 bytes; recording a visit is a few dozen arithmetic operations per
 * day of the gap. Not thread-safe: one rhythm belongs to one customer.
 */
public final class UsualRhythm {

	static final int HOUR_BINS = 8;

	static final int HOURS_PER_BIN = 24 / HOUR_BINS;

	/**
	 * Recent behaviour weighs more: a day's evidence halves in weight every this many
	 * days.
	 */
	static final double HALF_LIFE_DAYS = 90;

	private static final double DAILY_DECAY = Math.pow(0.5, 1.0 / HALF_LIFE_DAYS);

	/** Pseudo-days of the shop-wide rate mixed into a customer's overall rate. */
	private static final double K_OVERALL = 7;

	/** Pseudo-days of the customer's overall rate mixed into each weekday's rate. */
	private static final double K_WEEKDAY = 4;

	/** Pseudo-visits of the shop-wide time of day. */
	private static final double K_HOUR = 3;

	/** Pseudo-gaps of what their visit rate alone says. */
	private static final double K_GAP = 4;

	/** Pseudo visit days of certainty about the rate before any is seen. */
	private static final double RATE_SHAPE = 1;

	private static final double MIN_CHANCE = 0.002;

	private static final double MAX_CHANCE = 0.98;

	/** Days of a very long gap older than this have decayed to nothing worth counting. */
	private static final int MAX_DAYS_SCANNED = 400;

	private static final int NONE = Integer.MIN_VALUE;

	static final int VISIT = 0;

	static final int OPEN = 7;

	static final int HOUR = 14;

	static final int GAP = HOUR + HOUR_BINS;

	/**
	 * Decayed sum of visit times (minutes after midnight) and its weight, for "around
	 * 9am".
	 */
	static final int MINUTES = GAP + GapScale.BINS;

	/**
	 * The same visit and open-day counts per weekday as {@link #VISIT} and {@link #OPEN},
	 * but forgetting fast: a usual day only counts as missed while they still come on it,
	 * so a changed habit stops raising alarms within weeks, not months.
	 */
	static final int RECENT_VISIT = MINUTES + 2;

	static final int RECENT_OPEN = RECENT_VISIT + 7;

	/**
	 * Decayed counts of the chances the model gave this customer's completed gaps (before
	 * each ended), per {@link ChanceScale} bin: pooled over the shop, they calibrate the
	 * chances and turn the red budget into a red level ({@link RhythmPrior}).
	 */
	static final int CHANCE = RECENT_OPEN + 7;

	static final int LENGTH = CHANCE + ChanceScale.BINS;

	/** Rhythms stored before the recent counts existed. */
	private static final int OLD_LENGTH = RECENT_VISIT;

	static final double RECENT_HALF_LIFE_DAYS = 28;

	/** The extra daily decay of the recent counts on top of {@link #DAILY_DECAY}. */
	private static final double RECENT_EXTRA_DECAY = Math.pow(0.5, 1.0 / RECENT_HALF_LIFE_DAYS) / DAILY_DECAY;

	/**
	 * Decayed counts: visit days and open days per weekday, visits per time of day, gaps.
	 */
	final float[] weights;

	private int lastVisitDay = NONE;

	private int lastVisitMinute;

	private int visitDays;

	public UsualRhythm() {
		this.weights = new float[LENGTH];
	}

	/**
	 * Learns from a visit. Visits must come in time order; a second visit on the same day
	 * adds nothing (the model counts days seen) and an earlier one is ignored.
	 * @return whether the visit was new information
	 */
	public boolean recordVisit(LocalDateTime at, OpenDays openDays, RhythmPrior prior) {
		int day = (int) at.toLocalDate().toEpochDay();
		int minute = at.getHour() * 60 + at.getMinute();
		if (this.lastVisitDay == NONE) {
			this.weights[OPEN + weekday(day)] += 1;
			this.weights[RECENT_OPEN + weekday(day)] += 1;
			// The first visit is not a day they chose to come among days they could
			// have: counting it would make everyone look like a daily visitor after one
			// visit, and their first gap an alarm.
			addVisit(day, minute, false);
			return true;
		}
		if (day <= this.lastVisitDay) {
			return false;
		}
		double u = expectedVisits(this.lastVisitDay, day, minute, openDays, prior);
		double chance = uncalibratedChance(u, prior);
		double decay = Math.pow(DAILY_DECAY, day - this.lastVisitDay);
		double recentDecay = Math.pow(RECENT_EXTRA_DECAY, day - this.lastVisitDay);
		for (int i = 0; i < LENGTH; i++) {
			this.weights[i] *= (float) ((i >= RECENT_VISIT && i < CHANCE) ? decay * recentDecay : decay);
		}
		int from = Math.max(this.lastVisitDay + 1, day - MAX_DAYS_SCANNED);
		double weight = Math.pow(DAILY_DECAY, day - from);
		double recentWeight = Math.pow(DAILY_DECAY * RECENT_EXTRA_DECAY, day - from);
		for (int d = from; d <= day; d++) {
			if (openDays.isOpen(LocalDate.ofEpochDay(d)) || d == day) {
				this.weights[OPEN + weekday(d)] += (float) weight;
				this.weights[RECENT_OPEN + weekday(d)] += (float) recentWeight;
			}
			weight /= DAILY_DECAY;
			recentWeight /= DAILY_DECAY * RECENT_EXTRA_DECAY;
		}
		this.weights[GAP + GapScale.bin(u)] += 1;
		this.weights[CHANCE + ChanceScale.bin(chance)] += 1;
		addVisit(day, minute, true);
		return true;
	}

	private void addVisit(int day, int minute, boolean countDay) {
		if (countDay) {
			this.weights[VISIT + weekday(day)] += 1;
			this.weights[RECENT_VISIT + weekday(day)] += 1;
		}
		this.weights[HOUR + Math.min(HOUR_BINS - 1, minute / (HOURS_PER_BIN * 60))] += 1;
		this.weights[MINUTES] += minute;
		this.weights[MINUTES + 1] += 1;
		this.lastVisitDay = day;
		this.lastVisitMinute = minute;
		this.visitDays++;
	}

	/**
	 * The chance that someone with this rhythm goes unseen from {@code lastSeen} until
	 * {@code now}: 1 means nothing unusual, 0.01 means such an absence happens about once
	 * in a hundred gaps.
	 */
	public double chanceOfAbsence(LocalDateTime lastSeen, LocalDateTime now, OpenDays openDays, RhythmPrior prior) {
		double u = expectedVisits(lastSeen, now, openDays, prior);
		return chanceOfGapAtLeast(u, prior);
	}

	/**
	 * The chance of a gap at least {@code u} expected visits long for this customer,
	 * calibrated on how the shop's gaps turned out against what the model said.
	 */
	double chanceOfGapAtLeast(double u, RhythmPrior prior) {
		return prior.calibrated(uncalibratedChance(u, prior));
	}

	/**
	 * The share of gaps at least {@code u} expected visits long, for this customer: their
	 * own past gaps, with {@link #K_GAP} pseudo-gaps of {@link #rateTail}.
	 */
	public double uncalibratedChance(double u, RhythmPrior prior) {
		if (u <= 0) {
			return 1;
		}
		double gaps = 0;
		for (int i = 0; i < GapScale.BINS; i++) {
			gaps += this.weights[GAP + i];
		}
		double own = (gaps > 0) ? survival(u) : 0;
		return (gaps * own + K_GAP * rateTail(u)) / (gaps + K_GAP);
	}

	/**
	 * The chance of going {@code u} expected visits unseen for a visitor who comes in at
	 * random at their rate, the rate known only as well as their visit days tell: a gamma
	 * posterior of shape {@code n} (one plus their decayed visit days) makes the gap's
	 * survival {@code (1 + u / n)^-n}.
	 */
	double rateTail(double u) {
		double n = RATE_SHAPE + sum(VISIT, 7);
		return Math.exp(-n * Math.log1p(u / n));
	}

	private double survival(double u) {
		double[] gaps = new double[GapScale.BINS];
		for (int i = 0; i < gaps.length; i++) {
			gaps[i] = this.weights[GAP + i];
		}
		return GapScale.survival(gaps, u);
	}

	/**
	 * Of a day's visits, at least this share usually happens before "now" for today to
	 * count as a missed usual day.
	 */
	static final double MOST_OF_THE_DAY = 0.97;

	/**
	 * How many of their expected visit days have gone by without a visit since
	 * {@code lastSeen}: their usual weekdays (a visit at least as likely as not) that
	 * were open, today included once most of their visits on a day would have happened by
	 * {@code now}. For someone with no usual weekdays, the visits they would have been
	 * expected to make instead (the sum of the day's chances).
	 */
	public double missedExpectedVisitDays(LocalDateTime lastSeen, LocalDateTime now, OpenDays openDays,
			RhythmPrior prior) {
		int from = (int) lastSeen.toLocalDate().toEpochDay();
		int to = (int) now.toLocalDate().toEpochDay();
		if (to <= from) {
			return 0;
		}
		boolean[] usual = usualDays(prior);
		boolean anyUsual = false;
		for (int d = 0; d < 7; d++) {
			anyUsual |= usual[d];
			usual[d] &= stillUsual(d);
		}
		double todayShare = shareOfDayBefore(now.getHour() * 60 + now.getMinute(), prior);
		double missed = 0;
		for (int d = Math.max(from + 1, to - MAX_DAYS_SCANNED); d <= to; d++) {
			if (!openDays.isOpen(LocalDate.ofEpochDay(d))) {
				continue;
			}
			int weekday = weekday(d);
			if (anyUsual) {
				missed += (usual[weekday] && (d < to || todayShare >= MOST_OF_THE_DAY)) ? 1 : 0;
			}
			else {
				missed += chanceOn(weekday, prior) * ((d < to) ? 1 : todayShare);
			}
		}
		return missed;
	}

	/** How many visits this customer would have been expected to make in the absence. */
	public double expectedVisits(LocalDateTime lastSeen, LocalDateTime now, OpenDays openDays, RhythmPrior prior) {
		int from = (int) lastSeen.toLocalDate().toEpochDay();
		int to = (int) now.toLocalDate().toEpochDay();
		return expectedVisits(from, to, now.getHour() * 60 + now.getMinute(), openDays, prior);
	}

	private double expectedVisits(int fromDay, int toDay, int toMinute, OpenDays openDays, RhythmPrior prior) {
		if (toDay <= fromDay) {
			return 0;
		}
		double[] hazard = new double[7];
		double overall = overallChance(prior);
		double recentOverall = recentOverallChance(prior);
		for (int w = 0; w < 7; w++) {
			hazard[w] = -Math.log1p(-paceOn(w, overall, recentOverall));
		}
		double u = 0;
		int start = Math.max(fromDay + 1, toDay - MAX_DAYS_SCANNED);
		for (int d = start; d < toDay; d++) {
			if (openDays.isOpen(LocalDate.ofEpochDay(d))) {
				u += hazard[weekday(d)];
			}
		}
		if (openDays.isOpen(LocalDate.ofEpochDay(toDay))) {
			u -= Math.log1p(-paceOn(weekday(toDay), overall, recentOverall) * shareOfDayBefore(toMinute, prior));
		}
		return u;
	}

	/**
	 * The share of the recent pace in the chance of a visit that measures an absence.
	 */
	static final double RECENT_PACE_SHARE = 0.5;

	/**
	 * The chance of a visit on an open day of this weekday by which an absence is
	 * measured: the long-run chance ({@link #chanceOn}, 90-day half-life) mixed half and
	 * half with the same from the last few weeks' counts (28-day half-life), so that an
	 * absence is measured against the pace they keep now as well as their usual one.
	 */
	double paceOn(int weekday, RhythmPrior prior) {
		return paceOn(weekday, overallChance(prior), recentOverallChance(prior));
	}

	private double paceOn(int weekday, double overall, double recentOverall) {
		double chance = chanceOn(weekday, overall);
		double recent = (this.weights[RECENT_VISIT + weekday] + K_WEEKDAY * recentOverall)
				/ (this.weights[RECENT_OPEN + weekday] + K_WEEKDAY);
		recent = Math.max(MIN_CHANCE, Math.min(MAX_CHANCE, recent));
		return (1 - RECENT_PACE_SHARE) * chance + RECENT_PACE_SHARE * recent;
	}

	private double recentOverallChance(RhythmPrior prior) {
		return (sum(RECENT_VISIT, 7) + K_OVERALL * prior.dailyRate) / (sum(RECENT_OPEN, 7) + K_OVERALL);
	}

	/** The chance of coming in on an open day of this weekday (0 = Monday). */
	public double chanceOn(int weekday, RhythmPrior prior) {
		return chanceOn(weekday, overallChance(prior));
	}

	private double chanceOn(int weekday, double overall) {
		double chance = (this.weights[VISIT + weekday] + K_WEEKDAY * overall)
				/ (this.weights[OPEN + weekday] + K_WEEKDAY);
		return Math.max(MIN_CHANCE, Math.min(MAX_CHANCE, chance));
	}

	private double overallChance(RhythmPrior prior) {
		return (sum(VISIT, 7) + K_OVERALL * prior.dailyRate) / (sum(OPEN, 7) + K_OVERALL);
	}

	/**
	 * Of a day's visits, the share that usually happens before this minute of the day.
	 */
	double shareOfDayBefore(int minute, RhythmPrior prior) {
		double total = sum(HOUR, HOUR_BINS) + K_HOUR;
		int bin = Math.min(HOUR_BINS - 1, minute / (HOURS_PER_BIN * 60));
		double share = 0;
		for (int b = 0; b < bin; b++) {
			share += hourShare(b, total, prior);
		}
		double intoBin = (minute - bin * HOURS_PER_BIN * 60) / (double) (HOURS_PER_BIN * 60);
		return Math.min(1, share + hourShare(bin, total, prior) * intoBin);
	}

	private double hourShare(int bin, double total, RhythmPrior prior) {
		return (this.weights[HOUR + bin] + K_HOUR * prior.hourShare[bin]) / total;
	}

	/**
	 * Expected visit days in a week, counting the weekdays the shop has been open for
	 * them.
	 */
	public double visitsPerWeek(RhythmPrior prior) {
		double perWeek = 0;
		for (int d = 0; d < 7; d++) {
			if (this.weights[OPEN + d] >= 1) {
				perWeek += chanceOn(d, prior);
			}
		}
		return perWeek;
	}

	/**
	 * Whether they still come in on this weekday: at least as often as not in the last
	 * few weeks' counts.
	 */
	boolean stillUsual(int weekday) {
		float open = this.weights[RECENT_OPEN + weekday];
		return open > 0 && this.weights[RECENT_VISIT + weekday] / open >= 0.5;
	}

	/** The weekdays on which they usually come in (chance at least one half). */
	public boolean[] usualDays(RhythmPrior prior) {
		boolean[] days = new boolean[7];
		for (int d = 0; d < 7; d++) {
			// A day the shop was never open for them is not a usual day, whatever the
			// prior says.
			days[d] = this.weights[OPEN + d] >= 1 && chanceOn(d, prior) >= 0.5;
		}
		return days;
	}

	/**
	 * The hour they usually come in (recent visits weigh more), or -1 before any visit.
	 */
	public int usualHour() {
		if (this.visitDays == 0 || this.weights[MINUTES + 1] <= 0) {
			return -1;
		}
		return (int) Math.round(this.weights[MINUTES] / this.weights[MINUTES + 1] / 60.0) % 24;
	}

	/**
	 * A picture of their usual week: visit chance per weekday (0 = Monday) and time bin.
	 */
	public double[][] usualWeek(RhythmPrior prior) {
		double[][] week = new double[7][HOUR_BINS];
		double total = sum(HOUR, HOUR_BINS) + K_HOUR;
		for (int d = 0; d < 7; d++) {
			double chance = (this.weights[OPEN + d] >= 1) ? chanceOn(d, prior) : 0;
			for (int b = 0; b < HOUR_BINS; b++) {
				week[d][b] = chance * hourShare(b, total, prior);
			}
		}
		return week;
	}

	/**
	 * How much this rhythm's counts have faded by {@code epochDay}: they were last
	 * decayed at the last visit.
	 */
	double fadeBy(int epochDay) {
		return (this.lastVisitDay == NONE || epochDay <= this.lastVisitDay) ? 1
				: Math.pow(DAILY_DECAY, epochDay - this.lastVisitDay);
	}

	int lastVisitEpochDay() {
		return this.lastVisitDay;
	}

	public int visitDays() {
		return this.visitDays;
	}

	public LocalDate lastVisitDay() {
		return (this.lastVisitDay == NONE) ? null : LocalDate.ofEpochDay(this.lastVisitDay);
	}

	public LocalDateTime lastVisit() {
		return (this.lastVisitDay == NONE) ? null
				: LocalDate.ofEpochDay(this.lastVisitDay).atStartOfDay().plusMinutes(this.lastVisitMinute);
	}

	// --- Storage: a compact byte form for the database
	// --------------------------------------

	/**
	 * The chance counts are stored in 16 bits each, in 1/256ths: decayed counts stay far
	 * below 256, and a 256th of a gap is finer than calibration needs.
	 */
	static final int BYTES = 4 + 4 + 4 + CHANCE * 4 + ChanceScale.BINS * 2;

	private static final float CHANCE_UNIT = 256;

	public byte[] toBytes() {
		ByteBuffer buffer = ByteBuffer.allocate(BYTES);
		buffer.putInt(this.lastVisitDay).putInt(this.lastVisitMinute).putInt(this.visitDays);
		for (int i = 0; i < CHANCE; i++) {
			buffer.putFloat(this.weights[i]);
		}
		for (int i = CHANCE; i < LENGTH; i++) {
			buffer.putShort((short) Math.min(0xFFFF, Math.round(this.weights[i] * CHANCE_UNIT)));
		}
		return buffer.array();
	}

	public static UsualRhythm fromBytes(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		UsualRhythm rhythm = new UsualRhythm();
		rhythm.lastVisitDay = buffer.getInt();
		rhythm.lastVisitMinute = buffer.getInt();
		rhythm.visitDays = buffer.getInt();
		int stored = (bytes.length == BYTES) ? CHANCE : (bytes.length - 12) / 4;
		for (int i = 0; i < Math.min(stored, CHANCE); i++) {
			rhythm.weights[i] = buffer.getFloat();
		}
		if (bytes.length == BYTES) {
			for (int i = CHANCE; i < LENGTH; i++) {
				rhythm.weights[i] = (buffer.getShort() & 0xFFFF) / CHANCE_UNIT;
			}
		}
		if (stored == OLD_LENGTH) {
			// Stored before the recent counts: start them from the long-run ones.
			System.arraycopy(rhythm.weights, VISIT, rhythm.weights, RECENT_VISIT, 7);
			System.arraycopy(rhythm.weights, OPEN, rhythm.weights, RECENT_OPEN, 7);
		}
		return rhythm;
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	double sum(int offset, int length) {
		double total = 0;
		for (int i = offset; i < offset + length; i++) {
			total += this.weights[i];
		}
		return total;
	}

	static double sum(float[] weights, int offset, int length) {
		double total = 0;
		for (int i = offset; i < offset + length; i++) {
			total += weights[i];
		}
		return total;
	}

	private static int weekday(int epochDay) {
		// 1970-01-01 was a Thursday.
		return Math.floorMod(epochDay + 3, 7);
	}

	public static int weekday(DayOfWeek day) {
		return day.getValue() - 1;
	}

}
