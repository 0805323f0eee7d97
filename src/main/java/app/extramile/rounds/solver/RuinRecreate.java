package app.extramile.rounds.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fast start for the solver: slack induction by string removals (Christiaens and Vanden
 * Berghe, 2020) with simulated annealing, on plain arrays. Each step removes a few
 * strings of neighbouring stops from nearby routes and re-inserts them greedily at their
 * cheapest feasible place; routes stay feasible throughout (windows, capacity, back in
 * time, pinned driver), and stops fixed by staff are never moved. Timefold's local search
 * then carries on from the best plan found.
 */
public final class RuinRecreate {

	private static final long LEFT_OUT = 1L << 40;

	private static final long NONE = Long.MAX_VALUE;

	private final int n;

	private final int m;

	private final int[] loc;

	private final int[] demand;

	private final int[] pinned;

	private final long[] ready;

	private final long[] due;

	private final long[] service;

	private final int[] cap;

	private final long[] vStart;

	private final long[] vEnd;

	private final int[] fixedLen;

	private final long[][] t;

	private final int[][] near;

	private final SplittableRandom random;

	private final double averageLeg;

	private final int averageStringCap;

	/** Working state of a plan. */
	private final class State {

		final int[][] seq = new int[RuinRecreate.this.m][];

		final int[] len = new int[RuinRecreate.this.m];

		final long[][] start = new long[RuinRecreate.this.m][];

		final long[][] latest = new long[RuinRecreate.this.m][];

		final int[] load = new int[RuinRecreate.this.m];

		final long[] cost = new long[RuinRecreate.this.m];

		final int[] routeOf = new int[RuinRecreate.this.n];

		final int[] posOf = new int[RuinRecreate.this.n];

		int leftOut;

		final int[] out = new int[RuinRecreate.this.n];

		State() {
			int size = RuinRecreate.this.n + 1;
			for (int k = 0; k < RuinRecreate.this.m; k++) {
				this.seq[k] = new int[size];
				this.start[k] = new long[size];
				this.latest[k] = new long[size];
			}
			Arrays.fill(this.routeOf, -1);
		}

		void copyFrom(State other) {
			for (int k = 0; k < RuinRecreate.this.m; k++) {
				int l = other.len[k];
				System.arraycopy(other.seq[k], 0, this.seq[k], 0, l);
				System.arraycopy(other.start[k], 0, this.start[k], 0, l);
				System.arraycopy(other.latest[k], 0, this.latest[k], 0, l);
				this.len[k] = l;
				this.load[k] = other.load[k];
				this.cost[k] = other.cost[k];
			}
			System.arraycopy(other.routeOf, 0, this.routeOf, 0, RuinRecreate.this.n);
			System.arraycopy(other.posOf, 0, this.posOf, 0, RuinRecreate.this.n);
			this.leftOut = other.leftOut;
			System.arraycopy(other.out, 0, this.out, 0, other.leftOut);
		}

		long objective() {
			long total = this.leftOut * LEFT_OUT;
			for (int k = 0; k < RuinRecreate.this.m; k++) {
				total += this.cost[k];
			}
			return total;
		}

		void recompute(int k) {
			int[] s = this.seq[k];
			int l = this.len[k];
			long time = RuinRecreate.this.vStart[k];
			int at = 0;
			long c = 0;
			int ld = 0;
			for (int i = 0; i < l; i++) {
				int v = s[i];
				int to = RuinRecreate.this.loc[v];
				long arrival = time + RuinRecreate.this.t[at][to];
				long st = Math.max(arrival, RuinRecreate.this.ready[v]);
				this.start[k][i] = st;
				time = st + RuinRecreate.this.service[v];
				c += RuinRecreate.this.t[at][to];
				at = to;
				ld += RuinRecreate.this.demand[v];
				this.routeOf[v] = k;
				this.posOf[v] = i;
			}
			if (l > 0) {
				c += RuinRecreate.this.t[at][0];
			}
			this.cost[k] = c;
			this.load[k] = ld;
			long lat = RuinRecreate.this.vEnd[k];
			int next = 0;
			for (int i = l - 1; i >= 0; i--) {
				int v = s[i];
				long latestStart = Math.min(RuinRecreate.this.due[v],
						lat - RuinRecreate.this.t[RuinRecreate.this.loc[v]][next] - RuinRecreate.this.service[v]);
				this.latest[k][i] = latestStart;
				lat = latestStart;
				next = RuinRecreate.this.loc[v];
			}
		}

		/**
		 * Added travel for putting v before position p of route k, or NONE if infeasible.
		 */
		long insertion(int k, int v, int p) {
			int[] s = this.seq[k];
			int l = this.len[k];
			int prevLoc = (p == 0) ? 0 : RuinRecreate.this.loc[s[p - 1]];
			long depart = (p == 0) ? RuinRecreate.this.vStart[k]
					: this.start[k][p - 1] + RuinRecreate.this.service[s[p - 1]];
			int here = RuinRecreate.this.loc[v];
			long st = Math.max(depart + RuinRecreate.this.t[prevLoc][here], RuinRecreate.this.ready[v]);
			if (st > RuinRecreate.this.due[v]) {
				return NONE;
			}
			int nextLoc = (p == l) ? 0 : RuinRecreate.this.loc[s[p]];
			long arriveNext = st + RuinRecreate.this.service[v] + RuinRecreate.this.t[here][nextLoc];
			if (p == l) {
				if (arriveNext > RuinRecreate.this.vEnd[k]) {
					return NONE;
				}
			}
			else if (Math.max(arriveNext, RuinRecreate.this.ready[s[p]]) > this.latest[k][p]) {
				return NONE;
			}
			return RuinRecreate.this.t[prevLoc][here] + RuinRecreate.this.t[here][nextLoc]
					- RuinRecreate.this.t[prevLoc][nextLoc];
		}

		void insert(int k, int v, int p) {
			int[] s = this.seq[k];
			System.arraycopy(s, p, s, p + 1, this.len[k] - p);
			s[p] = v;
			this.len[k]++;
			recompute(k);
		}

		/**
		 * Removes the stops from position {@code from} up to but not including {@code to}
		 * of route k into {@code out}.
		 */
		void removeRange(int k, int from, int to, List<Integer> out) {
			int[] s = this.seq[k];
			for (int i = from; i < to; i++) {
				out.add(s[i]);
				this.routeOf[s[i]] = -1;
			}
			System.arraycopy(s, to, s, from, this.len[k] - to);
			this.len[k] -= (to - from);
			recompute(k);
		}

	}

	/**
	 * @param visits the stops, in the order the solver numbers them
	 * @param vehicles the vehicles with their fixed prefixes already in their lists
	 * @param travel travel between locations
	 * @param neighbours nearest stops of each stop
	 * @param seed random seed
	 */
	public RuinRecreate(List<Visit> visits, List<Vehicle> vehicles, long[][] travel, Neighbours neighbours, long seed) {
		this.n = visits.size();
		this.m = vehicles.size();
		this.loc = new int[this.n];
		this.demand = new int[this.n];
		this.pinned = new int[this.n];
		this.ready = new long[this.n];
		this.due = new long[this.n];
		this.service = new long[this.n];
		for (Visit visit : visits) {
			int i = visit.getIndex();
			this.loc[i] = visit.getLocation();
			this.demand[i] = visit.getDemand();
			this.pinned[i] = visit.getPinnedVehicle();
			this.ready[i] = visit.getReady();
			this.due[i] = visit.getDue();
			this.service[i] = visit.getService();
		}
		this.cap = new int[this.m];
		this.vStart = new long[this.m];
		this.vEnd = new long[this.m];
		this.fixedLen = new int[this.m];
		for (Vehicle vehicle : vehicles) {
			int k = vehicle.getIndex();
			this.cap[k] = vehicle.getCapacity();
			this.vStart[k] = vehicle.getStart();
			this.vEnd[k] = vehicle.getEnd();
			this.fixedLen[k] = vehicle.getFixedCount();
		}
		this.t = travel;
		this.near = new int[this.n][];
		for (int i = 0; i < this.n; i++) {
			this.near[i] = neighbours.of(i);
		}
		this.random = new SplittableRandom(seed);
		double sum = 0;
		for (int i = 0; i < this.n; i++) {
			sum += travel[0][this.loc[i]];
		}
		this.averageLeg = Math.max(1, sum / Math.max(1, this.n));
		this.averageStringCap = 10;
	}

	/**
	 * Improves the vehicles' current lists until the deadline (or until no better plan
	 * was found for {@code unimprovedNanos}) and returns the best plan found: per vehicle
	 * the visit indexes in order, fixed stops first; stops left out are in no route.
	 */
	public int[][] improve(List<Vehicle> vehicles, long deadlineNanos, long unimprovedNanos) {
		State current = new State();
		boolean[] placed = new boolean[this.n];
		for (Vehicle vehicle : vehicles) {
			int k = vehicle.getIndex();
			for (Visit visit : vehicle.getVisits()) {
				current.seq[k][current.len[k]++] = visit.getIndex();
				placed[visit.getIndex()] = true;
			}
			current.recompute(k);
		}
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < this.n; i++) {
			if (!placed[i]) {
				missing.add(i);
			}
		}
		// Earlier plans may have become infeasible; start clean from their feasible part.
		for (int k = 0; k < this.m; k++) {
			dropInfeasibleTail(current, k, missing);
		}
		current.leftOut = 0;
		recreate(current, missing);
		State best = new State();
		best.copyFrom(current);
		State candidate = new State();
		long started = System.nanoTime();
		long lastImproved = started;
		double t0 = 0.3 * this.averageLeg;
		double tf = 0.005 * this.averageLeg;
		List<Integer> removed = new ArrayList<>();
		long bestObjective = best.objective();
		long currentObjective = current.objective();
		int iteration = 0;
		while (true) {
			if ((iteration++ & 15) == 0) {
				long now = System.nanoTime();
				if (now >= deadlineNanos || (unimprovedNanos > 0 && now - lastImproved > unimprovedNanos)) {
					break;
				}
			}
			double progress = Math.min(1.0,
					(System.nanoTime() - started) / (double) Math.max(1, deadlineNanos - started));
			double temperature = t0 * Math.pow(tf / t0, progress);
			candidate.copyFrom(current);
			removed.clear();
			ruin(candidate, removed);
			recreate(candidate, removed);
			long objective = candidate.objective();
			if (objective < currentObjective - temperature * Math.log(this.random.nextDouble())) {
				State swap = current;
				current = candidate;
				candidate = swap;
				currentObjective = objective;
				if (objective < bestObjective) {
					best.copyFrom(current);
					bestObjective = objective;
					lastImproved = System.nanoTime();
				}
			}
		}
		int[][] routes = new int[this.m][];
		for (int k = 0; k < this.m; k++) {
			routes[k] = Arrays.copyOf(best.seq[k], best.len[k]);
		}
		return routes;
	}

	private void dropInfeasibleTail(State state, int k, List<Integer> missing) {
		int l = state.len[k];
		int fixed = Math.min(this.fixedLen[k], l);
		for (int i = fixed; i < l; i++) {
			int v = state.seq[k][i];
			boolean late = state.start[k][i] > this.due[v];
			if (late || (this.pinned[v] >= 0 && this.pinned[v] != k)) {
				List<Integer> out = new ArrayList<>();
				state.removeRange(k, i, l, out);
				missing.addAll(out);
				return;
			}
		}
		if (state.load[k] > this.cap[k] || (l > fixed && backTime(state, k) > this.vEnd[k])) {
			List<Integer> out = new ArrayList<>();
			state.removeRange(k, fixed, l, out);
			missing.addAll(out);
		}
	}

	private long backTime(State state, int k) {
		int l = state.len[k];
		if (l == 0) {
			return this.vStart[k];
		}
		int v = state.seq[k][l - 1];
		return state.start[k][l - 1] + this.service[v] + this.t[this.loc[v]][0];
	}

	private void ruin(State state, List<Integer> removed) {
		int assignedRoutes = 0;
		int assigned = 0;
		for (int k = 0; k < this.m; k++) {
			int free = state.len[k] - Math.min(this.fixedLen[k], state.len[k]);
			if (free > 0) {
				assignedRoutes++;
				assigned += free;
			}
		}
		if (assigned == 0) {
			return;
		}
		double averageLength = assigned / (double) assignedRoutes;
		double maxString = Math.min(this.averageStringCap, averageLength);
		double maxStrings = 4.0 * 10 / (1 + maxString) - 1;
		int strings = (int) Math.floor(this.random.nextDouble() * maxStrings) + 1;
		int seed = this.random.nextInt(this.n);
		boolean[] ruined = new boolean[this.m];
		int done = 0;
		for (int j = -1; j < this.near[seed].length && done < strings; j++) {
			int v = (j < 0) ? seed : this.near[seed][j];
			int k = state.routeOf[v];
			if (k < 0 || ruined[k]) {
				continue;
			}
			int pos = state.posOf[v];
			int fixed = this.fixedLen[k];
			if (pos < fixed) {
				continue;
			}
			int free = state.len[k] - fixed;
			int length = 1 + this.random.nextInt((int) Math.max(1, Math.min(free, Math.floor(maxString))));
			int lo = Math.max(fixed, pos - length + 1);
			int hi = Math.min(pos, state.len[k] - length);
			int from = (hi > lo) ? lo + this.random.nextInt(hi - lo + 1) : lo;
			int to = Math.min(state.len[k], from + length);
			state.removeRange(k, from, to, removed);
			ruined[k] = true;
			done++;
		}
	}

	private void recreate(State state, List<Integer> removed) {
		for (int i = 0; i < state.leftOut; i++) {
			removed.add(state.out[i]);
		}
		state.leftOut = 0;
		int order = this.random.nextInt(11);
		if (order < 4) {
			for (int i = removed.size() - 1; i > 0; i--) {
				int j = this.random.nextInt(i + 1);
				int swap = removed.get(i);
				removed.set(i, removed.get(j));
				removed.set(j, swap);
			}
		}
		else if (order < 8) {
			removed.sort((a, b) -> Integer.compare(this.demand[b], this.demand[a]));
		}
		else if (order < 10) {
			removed.sort((a, b) -> Long.compare(this.t[0][this.loc[b]], this.t[0][this.loc[a]]));
		}
		else {
			removed.sort((a, b) -> Long.compare(this.due[a], this.due[b]));
		}
		for (int v : removed) {
			long bestCost = NONE;
			int bestRoute = -1;
			int bestPos = -1;
			boolean triedEmpty = false;
			for (int k = 0; k < this.m; k++) {
				if (this.pinned[v] >= 0 && this.pinned[v] != k) {
					continue;
				}
				if (state.load[k] + this.demand[v] > this.cap[k]) {
					continue;
				}
				if (state.len[k] == 0) {
					// identical empty vehicles: trying one is enough
					if (triedEmpty && this.pinned[v] < 0 && sameAsEarlierEmpty(state, k)) {
						continue;
					}
					triedEmpty = true;
				}
				for (int p = this.fixedLen[k]; p <= state.len[k]; p++) {
					if (this.random.nextInt(100) == 0) {
						continue;
					}
					long cost = state.insertion(k, v, p);
					if (cost < bestCost) {
						bestCost = cost;
						bestRoute = k;
						bestPos = p;
					}
				}
			}
			if (bestRoute >= 0) {
				state.insert(bestRoute, v, bestPos);
			}
			else {
				state.out[state.leftOut++] = v;
			}
		}
	}

	private boolean sameAsEarlierEmpty(State state, int k) {
		for (int j = 0; j < k; j++) {
			if (state.len[j] == 0 && this.cap[j] == this.cap[k] && this.vStart[j] == this.vStart[k]
					&& this.vEnd[j] == this.vEnd[k] && this.fixedLen[j] == 0) {
				return true;
			}
		}
		return false;
	}

}
