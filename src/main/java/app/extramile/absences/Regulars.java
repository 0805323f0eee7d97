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
 * {@link Backtest#REGULAR_MEDIAN_GAP_DAYS} days. A visit day is a day seen at least once;
 * a gap runs from the first visit of one visit day to the first of the next. Visits are
 * fed oldest first, in the shop's local time.
 *
 * @param <K> how customers are identified
 */
final class Regulars<K> {

	private final Map<K, Days> customers = new HashMap<>();

	private static final class Days {

		LocalDateTime last;

		int count;

		final List<Double> gaps = new ArrayList<>();

	}

	void visit(K customer, LocalDateTime at) {
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

	boolean regular(K customer) {
		Days days = this.customers.get(customer);
		if (days == null || days.count < 3) {
			return false;
		}
		double[] sorted = days.gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return Backtest.regular(days.count, Backtest.quantileOf(sorted, 0.5));
	}

	/** How many of {@code among} are regulars. */
	int count(Collection<K> among) {
		int regulars = 0;
		for (K customer : among) {
			regulars += regular(customer) ? 1 : 0;
		}
		return regulars;
	}

	/** How many of everyone seen are regulars. */
	int count() {
		return count(this.customers.keySet());
	}

}
