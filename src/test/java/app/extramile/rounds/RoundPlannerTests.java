package app.extramile.rounds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import app.extramile.rounds.RoundPlan.Reason;
import app.extramile.rounds.RoundProblem.Driver;
import app.extramile.rounds.RoundProblem.Stop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner on small rounds against an exact solver, and its rules: windows, capacity,
 * fixed and pinned stops, and why a stop was left out.
 */
class RoundPlannerTests {

	private static final RoundPlanner.Limits QUICK = RoundPlanner.Limits.until(Duration.ofSeconds(3),
			Duration.ofMillis(150));

	private final RoundPlanner planner = new RoundPlanner();

	/** A random small round: grid coordinates, travel = distance x 10, windows, bags. */
	static RoundProblem randomRound(long seed, int stops, int drivers) {
		Random random = new Random(seed);
		int n = stops + 1;
		int[] x = new int[n];
		int[] y = new int[n];
		x[0] = 50;
		y[0] = 50;
		for (int i = 1; i < n; i++) {
			x[i] = random.nextInt(101);
			y[i] = random.nextInt(101);
		}
		long[][] travel = new long[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				travel[i][j] = Math.round(Math.hypot(x[i] - x[j], y[i] - y[j]) * 10);
			}
		}
		List<Stop> list = new ArrayList<>();
		for (int i = 1; i < n; i++) {
			long ready = random.nextInt(3000);
			long width = 400 + random.nextInt(2500);
			list.add(new Stop("s" + i, i, 1 + random.nextInt(4), ready, ready + width, 50 + random.nextInt(100)));
		}
		int capacity = 4 + (stops * 5 / 2) / drivers;
		List<Driver> fleet = new ArrayList<>();
		for (int d = 1; d <= drivers; d++) {
			fleet.add(new Driver("d" + d, capacity, 0, 6000));
		}
		return new RoundProblem(list, fleet, RoundProblem.TravelMatrix.of(travel));
	}

	@Test
	void smallRoundsMatchTheExactOptimum() {
		int compared = 0;
		for (long seed = 1; compared < 24 && seed < 200; seed++) {
			int stops = 5 + (int) (seed % 8);
			int drivers = 1 + (int) (seed % 3);
			RoundProblem problem = randomRound(seed, stops, drivers);
			long optimum = ExactRounds.optimum(problem, drivers);
			if (optimum == ExactRounds.INFEASIBLE) {
				continue;
			}
			RoundPlan plan = this.planner.plan(problem, QUICK);
			assertThat(plan.unassigned()).as("seed %d", seed).isEmpty();
			assertFeasible(problem, plan, "seed " + seed);
			assertThat(plan.totalTravel()).as("seed %d: %d stops, %d drivers", seed, stops, drivers).isEqualTo(optimum);
			compared++;
		}
		assertThat(compared).isEqualTo(24);
	}

	@Test
	void twelveStopRoundsMatchTheExactOptimum() {
		int compared = 0;
		for (long seed = 500; compared < 4 && seed < 600; seed++) {
			int drivers = 2 + (int) (seed % 2);
			RoundProblem problem = randomRound(seed, 12, drivers);
			long optimum = ExactRounds.optimum(problem, drivers);
			if (optimum == ExactRounds.INFEASIBLE) {
				continue;
			}
			RoundPlan plan = this.planner.plan(problem, QUICK);
			assertFeasible(problem, plan, "seed " + seed);
			assertThat(plan.totalTravel()).as("seed %d", seed).isEqualTo(optimum);
			compared++;
		}
		assertThat(compared).isEqualTo(4);
	}

	@Test
	void theExactSolverKnowsATinyCaseByHand() {
		// depot 0, two stops on a line at 10 and 20: one vehicle goes 0-10-20-0 = 40
		long[][] travel = { { 0, 10, 20 }, { 10, 0, 10 }, { 20, 10, 0 } };
		RoundProblem problem = new RoundProblem(List.of(new Stop("a", 1, 1, 0, 100, 0), new Stop("b", 2, 1, 0, 100, 0)),
				List.of(new Driver("d", 5, 0, 100)), RoundProblem.TravelMatrix.of(travel));
		assertThat(ExactRounds.optimum(problem, 1)).isEqualTo(40);
		// b must be served by 25 and a from 25 on: only 0-b-a-0 (20 + 10 + 10) works
		RoundProblem windows = new RoundProblem(List.of(new Stop("a", 1, 1, 25, 100, 0), new Stop("b", 2, 1, 0, 25, 0)),
				List.of(new Driver("d", 5, 0, 100)), RoundProblem.TravelMatrix.of(travel));
		assertThat(ExactRounds.optimum(windows, 1)).isEqualTo(40);
		RoundPlan plan = this.planner.plan(windows, QUICK);
		assertThat(plan.routes().get(0).calls()).extracting(RoundPlan.Call::stopId).containsExactly("b", "a");
		assertThat(plan.routes().get(0).calls().get(1).start()).isEqualTo(30);
		// capacity 1: two vehicles needed, 20 + 40
		RoundProblem small = new RoundProblem(problem.stops(), List.of(new Driver("d", 1, 0, 100)), problem.travel());
		assertThat(ExactRounds.optimum(small, 1)).isEqualTo(ExactRounds.INFEASIBLE);
		assertThat(ExactRounds.optimum(small, 2)).isEqualTo(60);
	}

	@Test
	void stopsThatCannotBeServedAreExplained() {
		long[][] travel = { { 0, 10, 20, 30, 10 }, { 10, 0, 10, 20, 20 }, { 20, 10, 0, 10, 30 }, { 30, 20, 10, 0, 40 },
				{ 10, 20, 30, 40, 0 } };
		List<Stop> stops = List.of(new Stop("ok", 1, 1, 0, 500, 5), new Stop("closed-window", 2, 1, 0, 5, 5),
				new Stop("too-big", 3, 50, 0, 500, 5), new Stop("pinned-to-nobody", 4, 1, 0, 500, 5, "ghost"));
		RoundPlan plan = this.planner.plan(
				new RoundProblem(stops, List.of(new Driver("d", 10, 0, 1000)), RoundProblem.TravelMatrix.of(travel)),
				QUICK);
		assertThat(reasons(plan)).containsEntry("closed-window", Reason.WINDOW_UNREACHABLE)
			.containsEntry("too-big", Reason.TOO_BIG_FOR_ANY_VEHICLE)
			.containsEntry("pinned-to-nobody", Reason.PINNED_DRIVER_MISSING)
			.doesNotContainKey("ok");
		assertThat(plan.feasible()).isTrue();

		RoundPlan nobody = this.planner.plan(new RoundProblem(stops, List.of(), RoundProblem.TravelMatrix.of(travel)),
				QUICK);
		assertThat(nobody.unassigned()).hasSize(4).allMatch((u) -> u.reason() == Reason.NO_DRIVERS);
	}

	@Test
	void anOverfullDayLeavesTheLeastOutAndSaysThereWasNoRoom() {
		RoundProblem problem = randomRound(7, 10, 1);
		// one driver with room for 6 bags: each stop fits alone, not all together
		RoundProblem tight = new RoundProblem(problem.stops(), List.of(new Driver("d1", 6, 0, 6000)), problem.travel());
		RoundPlan plan = this.planner.plan(tight, QUICK);
		assertThat(plan.unassigned()).isNotEmpty().allMatch((u) -> u.reason() == Reason.NO_ROOM_IN_ROUNDS);
		assertThat(plan.routes().get(0).load()).isLessThanOrEqualTo(6);
		assertFeasible(tight, plan, "tight");
		// no stop left out would still fit anywhere in the route
		Map<String, Stop> byId = new HashMap<>();
		tight.stops().forEach((s) -> byId.put(s.id(), s));
		List<Stop> route = plan.routes().get(0).calls().stream().map((c) -> byId.get(c.stopId())).toList();
		for (RoundPlan.Unassigned left : plan.unassigned()) {
			Stop stop = byId.get(left.stopId());
			for (int at = 0; at <= route.size(); at++) {
				List<Stop> tried = new ArrayList<>(route);
				tried.add(at, stop);
				assertThat(feasibleRoute(tight, tight.drivers().get(0), tried)).as("%s fits at %d", stop.id(), at)
					.isFalse();
			}
		}
	}

	private static boolean feasibleRoute(RoundProblem problem, Driver driver, List<Stop> route) {
		long time = driver.start();
		int at = 0;
		int load = 0;
		for (Stop stop : route) {
			time = Math.max(time + problem.travel().time(at, stop.location()), stop.ready());
			if (time > stop.due()) {
				return false;
			}
			time += stop.service();
			load += stop.demand();
			at = stop.location();
		}
		return load <= driver.capacity() && time + problem.travel().time(at, 0) <= driver.end();
	}

	@Test
	void fixedStopsKeepTheirOrderAndPinnedStopsTheirDriver() {
		RoundProblem problem = randomRound(11, 10, 2);
		RoundPlan free = this.planner.plan(problem, QUICK);
		// staff put s9, s1 first for d2 (in that order) and pin s5 to d1
		List<Driver> drivers = List.of(problem.drivers().get(0),
				new Driver("d2", problem.drivers().get(1).capacity(), 0, 6000, List.of("s9", "s1")));
		List<Stop> stops = new ArrayList<>(problem.stops());
		Stop s5 = stops.get(4);
		stops.set(4, new Stop(s5.id(), s5.location(), s5.demand(), s5.ready(), s5.due(), s5.service(), "d1"));
		RoundProblem pinned = new RoundProblem(stops, drivers, problem.travel());
		RoundPlan plan = this.planner.plan(pinned, QUICK, free);
		RoundPlan.Route d2 = plan.routes().get(1);
		assertThat(d2.calls().subList(0, 2)).extracting(RoundPlan.Call::stopId).containsExactly("s9", "s1");
		assertThat(d2.calls().subList(0, 2)).allMatch(RoundPlan.Call::fixed);
		assertThat(plan.routes().get(0).calls()).extracting(RoundPlan.Call::stopId).contains("s5");
	}

	@Test
	void replanningFromAnEarlierPlanIsQuickAndFeasible() {
		RoundProblem problem = randomRound(21, 12, 3);
		RoundPlan first = this.planner.plan(problem, QUICK);
		List<Stop> stops = new ArrayList<>(problem.stops());
		Stop changed = stops.get(3);
		stops.set(3, new Stop(changed.id(), changed.location(), changed.demand(), changed.ready() + 600,
				changed.due() + 600, changed.service()));
		RoundProblem after = new RoundProblem(stops, problem.drivers(), problem.travel());
		long started = System.nanoTime();
		RoundPlan again = this.planner.plan(after,
				RoundPlanner.Limits.until(Duration.ofSeconds(2), Duration.ofMillis(100)), first);
		assertThat((System.nanoTime() - started) / 1e9).isLessThan(2.5);
		assertFeasible(after, again, "re-plan");
		long optimum = ExactRounds.optimum(after, 3);
		if (optimum != ExactRounds.INFEASIBLE) {
			assertThat(again.unassigned()).isEmpty();
			assertThat(again.totalTravel()).isEqualTo(optimum);
		}
	}

	private static Map<String, Reason> reasons(RoundPlan plan) {
		Map<String, Reason> reasons = new HashMap<>();
		plan.unassigned().forEach((u) -> reasons.put(u.stopId(), u.reason()));
		return reasons;
	}

	/** Checks the plan by walking it, independent of the planner's own bookkeeping. */
	static void assertFeasible(RoundProblem problem, RoundPlan plan, String what) {
		Map<String, Stop> byId = new HashMap<>();
		problem.stops().forEach((s) -> byId.put(s.id(), s));
		Set<String> seen = new HashSet<>();
		long total = 0;
		for (int d = 0; d < plan.routes().size(); d++) {
			RoundPlan.Route route = plan.routes().get(d);
			Driver driver = problem.drivers().get(d);
			assertThat(route.driverId()).isEqualTo(driver.id());
			long time = driver.start();
			int at = 0;
			int load = 0;
			for (RoundPlan.Call call : route.calls()) {
				Stop stop = byId.get(call.stopId());
				assertThat(seen.add(stop.id())).as("%s: %s served once", what, stop.id()).isTrue();
				total += problem.travel().time(at, stop.location());
				time = Math.max(time + problem.travel().time(at, stop.location()), stop.ready());
				assertThat(time).as("%s: %s served by its due time", what, stop.id()).isLessThanOrEqualTo(stop.due());
				assertThat(call.start()).isEqualTo(time);
				time += stop.service();
				load += stop.demand();
				at = stop.location();
				if (stop.pinnedDriver() != null) {
					assertThat(driver.id()).isEqualTo(stop.pinnedDriver());
				}
			}
			if (!route.calls().isEmpty()) {
				total += problem.travel().time(at, 0);
				time += problem.travel().time(at, 0);
				assertThat(time).as("%s: %s back in time", what, driver.id()).isLessThanOrEqualTo(driver.end());
			}
			assertThat(load).as("%s: %s within capacity", what, driver.id()).isLessThanOrEqualTo(driver.capacity());
		}
		plan.unassigned().forEach((u) -> assertThat(seen).doesNotContain(u.stopId()));
		assertThat(seen.size() + plan.unassigned().size()).isEqualTo(problem.stops().size());
		assertThat(plan.totalTravel()).isEqualTo(total);
		assertThat(plan.feasible()).isTrue();
	}

}
