package app.extramile.absences;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts regulars as the backtest defines them (docs/backtest-real.md): customers with at
 * least three visit days whose median gap over their whole history is at most
 * {@link #REGULAR_MEDIAN_GAP_DAYS} days. A visit day is a day seen at least once; a gap
 * runs from the first visit of one visit day to the first of the next. Visits are fed
 * oldest first, in the shop's local time.
 *
 * @param <K> how customers are identified
 */
public final class Regulars<K> {

	/** A customer is a regular when their median gap is at most this many days. */
	public static final double REGULAR_MEDIAN_GAP_DAYS = 7;

	/**
	 * The one definition of a regular, for the backtest and the shop's own count: at
	 * least three visit days and a median gap, over their whole history, of at most
	 * {@link #REGULAR_MEDIAN_GAP_DAYS} days.
	 */
	public static boolean regular(int visitDays, double medianGapDays) {
		return visitDays >= 3 && medianGapDays <= REGULAR_MEDIAN_GAP_DAYS;
	}

	/** The {@code q} quantile of sorted values, interpolated; NaN when there are none. */
	public static double quantileOf(double[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		double position = q * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(sorted.length - 1, below + 1);
		return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
	}

	private final Map<K, Days> customers = new HashMap<>();

	private static final class Days {

		LocalDateTime last;

		int count;

		final List<Double> gaps = new ArrayList<>();

	}

	public void visit(K customer, LocalDateTime at) {
		Days days = this.customers.computeIfAbsent(customer, (c) -> new Days());
		if (days.last != null && days.last.toLocalDate().equals(at.toLocalDate())) {
			return;
		}
		if (days.last != null) {
			days.gaps.add(Duration.between(days.last, at).toMinutes() / (24.0 * 60));
		}
		days.last = at;
		days.count++;
	}

	public boolean regular(K customer) {
		Days days = this.customers.get(customer);
		if (days == null || days.count < 3) {
			return false;
		}
		double[] sorted = days.gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return regular(days.count, quantileOf(sorted, 0.5));
	}

	/** How many of {@code among} are regulars. */
	public int count(Collection<K> among) {
		int regulars = 0;
		for (K customer : among) {
			regulars += regular(customer) ? 1 : 0;
		}
		return regulars;
	}

	/** How many of everyone seen are regulars. */
	public int count() {
		return count(this.customers.keySet());
	}

}
