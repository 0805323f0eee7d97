package app.extramile.rounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An exact solver for small rounds, independent of the planner: dynamic programming over
 * subsets with Pareto labels (travel, time) per (visited set, last stop), then an optimal
 * split of the stops over at most k identical vehicles. Every stop must be served.
 */
final class ExactRounds {

	static final long INFEASIBLE = Long.MAX_VALUE;

	private ExactRounds() {
	}

	/**
	 * Least total travel serving every stop with at most {@code vehicles} vehicles of the
	 * first driver's kind, or {@link #INFEASIBLE}.
	 */
	static long optimum(RoundProblem problem, int vehicles) {
		List<RoundProblem.Stop> stops = problem.stops();
		RoundProblem.Driver driver = problem.drivers().get(0);
		int n = stops.size();
		int full = (1 << n) - 1;
		long[] route = singleRoutes(problem, driver);
		long[] previous = new long[full + 1];
		Arrays.fill(previous, INFEASIBLE);
		previous[0] = 0;
		for (int k = 1; k <= vehicles; k++) {
			long[] current = previous.clone();
			for (int set = 1; set <= full; set++) {
				int low = set & -set;
				// the route that serves the lowest stop of the set, and the rest by k-1
				for (int sub = set; sub > 0; sub = (sub - 1) & set) {
					if ((sub & low) == 0 || route[sub] == INFEASIBLE || previous[set ^ sub] == INFEASIBLE) {
						continue;
					}
					current[set] = Math.min(current[set], route[sub] + previous[set ^ sub]);
				}
			}
			previous = current;
		}
		return previous[full];
	}

	/**
	 * For every set of stops, the least travel of one feasible route serving exactly
	 * them.
	 */
	private static long[] singleRoutes(RoundProblem problem, RoundProblem.Driver driver) {
		List<RoundProblem.Stop> stops = problem.stops();
		RoundProblem.TravelMatrix t = problem.travel();
		int n = stops.size();
		int full = (1 << n) - 1;
		// labels[set][last] = list of {travel, time after service}, Pareto-minimal
		@SuppressWarnings("unchecked")
		List<long[]>[][] labels = new List[full + 1][n];
		for (int j = 0; j < n; j++) {
			RoundProblem.Stop s = stops.get(j);
			long start = Math.max(driver.start() + t.time(0, s.location()), s.ready());
			if (start <= s.due() && s.demand() <= driver.capacity()) {
				labels[1 << j][j] = new ArrayList<>();
				labels[1 << j][j].add(new long[] { t.time(0, s.location()), start + s.service() });
			}
		}
		long[] best = new long[full + 1];
		Arrays.fill(best, INFEASIBLE);
		best[0] = 0;
		for (int set = 1; set <= full; set++) {
			int load = 0;
			for (int j = 0; j < n; j++) {
				if ((set & (1 << j)) != 0) {
					load += stops.get(j).demand();
				}
			}
			if (load > driver.capacity()) {
				continue;
			}
			for (int j = 0; j < n; j++) {
				List<long[]> here = labels[set][j];
				if (here == null) {
					continue;
				}
				RoundProblem.Stop last = stops.get(j);
				for (long[] label : here) {
					long back = label[1] + t.time(last.location(), 0);
					if (back <= driver.end()) {
						best[set] = Math.min(best[set], label[0] + t.time(last.location(), 0));
					}
					for (int k = 0; k < n; k++) {
						if ((set & (1 << k)) != 0) {
							continue;
						}
						RoundProblem.Stop next = stops.get(k);
						long start = Math.max(label[1] + t.time(last.location(), next.location()), next.ready());
						if (start > next.due()) {
							continue;
						}
						int to = set | (1 << k);
						long[] extended = { label[0] + t.time(last.location(), next.location()),
								start + next.service() };
						if (labels[to][k] == null) {
							labels[to][k] = new ArrayList<>();
						}
						addPareto(labels[to][k], extended);
					}
				}
			}
		}
		return best;
	}

	private static void addPareto(List<long[]> labels, long[] label) {
		for (long[] other : labels) {
			if (other[0] <= label[0] && other[1] <= label[1]) {
				return;
			}
		}
		labels.removeIf((other) -> label[0] <= other[0] && label[1] <= other[1]);
		labels.add(label);
	}

}
