package app.extramile.rounds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import app.extramile.rounds.RoundPlan.Call;
import app.extramile.rounds.RoundPlan.Reason;
import app.extramile.rounds.RoundPlan.Route;
import app.extramile.rounds.RoundPlan.Unassigned;
import app.extramile.rounds.RoundProblem.Driver;
import app.extramile.rounds.RoundProblem.Stop;
import app.extramile.rounds.solver.Neighbours;
import app.extramile.rounds.solver.RuinRecreate;
import app.extramile.rounds.solver.Vehicle;
import app.extramile.rounds.solver.Visit;
import app.extramile.rounds.solver.VrpSolution;
import app.extramile.rounds.solver.VrpSolverConfig;

/**
 * Plans a day with Timefold Solver. Stops no driver could ever serve are screened out
 * first with their reason; the rest go to the solver, which serves every stop it can
 * without breaking a window or a vehicle's capacity, then minimises total travel. Thread
 * safe: each call builds its own solver from one shared factory.
 */
public final class RoundPlanner {

	/**
	 * Share of the time the ruin-and-recreate start gets; Timefold's local search gets
	 * the rest.
	 */
	private static final double SEARCH_SHARE = 0.85;

	private static final Duration MIN_POLISH = Duration.ofMillis(100);

	/**
	 * When to stop solving.
	 *
	 * @param spent the most time to spend
	 * @param unimproved stop earlier after this long without a better plan, or null
	 */
	public record Limits(Duration spent, Duration unimproved) {

		public static Limits seconds(double seconds) {
			return new Limits(Duration.ofMillis((long) (seconds * 1000)), null);
		}

		public static Limits until(Duration spent, Duration unimproved) {
			return new Limits(spent, unimproved);
		}

	}

	public RoundPlan plan(RoundProblem problem, Limits limits) {
		return plan(problem, limits, null);
	}

	/**
	 * Plans the day, starting from an earlier plan if given (re-planning after a change
	 * is then quick: the solver only repairs and improves it).
	 */
	public RoundPlan plan(RoundProblem problem, Limits limits, RoundPlan earlier) {
		long[][] travel = matrix(problem.travel());
		List<Unassigned> unassigned = new ArrayList<>();
		Map<String, Integer> driverIndex = new HashMap<>();
		for (int i = 0; i < problem.drivers().size(); i++) {
			driverIndex.put(problem.drivers().get(i).id(), i);
		}
		Set<String> fixedIds = new HashSet<>();
		Map<String, Integer> fixedTo = new HashMap<>();
		for (Driver driver : problem.drivers()) {
			for (String id : driver.fixedStops()) {
				fixedIds.add(id);
				fixedTo.put(id, driverIndex.get(driver.id()));
			}
		}
		List<Visit> visits = new ArrayList<>();
		Map<String, Visit> byId = new HashMap<>();
		for (Stop stop : problem.stops()) {
			Integer pinned = fixedTo.get(stop.id());
			if (pinned == null && stop.pinnedDriver() != null) {
				pinned = driverIndex.get(stop.pinnedDriver());
			}
			Reason reason = fixedIds.contains(stop.id()) ? null : screen(stop, problem, travel, pinned);
			if (reason != null) {
				unassigned.add(new Unassigned(stop.id(), reason));
				continue;
			}
			Visit visit = new Visit(visits.size(), stop.id(), stop.location(), stop.demand(), stop.ready(), stop.due(),
					stop.service(), (pinned != null) ? pinned : -1, travel);
			visits.add(visit);
			byId.put(stop.id(), visit);
		}
		List<Vehicle> vehicles = new ArrayList<>();
		Set<Visit> placed = new HashSet<>();
		for (Driver driver : problem.drivers()) {
			Vehicle vehicle = new Vehicle(vehicles.size(), driver.id(), driver.capacity(), driver.start(),
					driver.end());
			for (String id : driver.fixedStops()) {
				Visit visit = byId.get(id);
				if (visit != null && placed.add(visit)) {
					vehicle.getVisits().add(visit);
				}
			}
			vehicle.setFixedCount(vehicle.getVisits().size());
			vehicles.add(vehicle);
		}
		if (earlier != null) {
			for (Route route : earlier.routes()) {
				Integer index = driverIndex.get(route.driverId());
				if (index == null) {
					continue;
				}
				for (Call call : route.calls()) {
					Visit visit = byId.get(call.stopId());
					if (visit != null && placed.add(visit)) {
						vehicles.get(index).getVisits().add(visit);
					}
				}
			}
		}
		Neighbours neighbours = new Neighbours(visits, travel);
		VrpSolution solution = new VrpSolution(vehicles, visits, neighbours);
		if (!visits.isEmpty() && !vehicles.isEmpty()) {
			long started = System.nanoTime();
			long budget = limits.spent().toNanos();
			long unimproved = (limits.unimproved() != null) ? limits.unimproved().toNanos() : 0;
			int[][] routes = new RuinRecreate(visits, vehicles, travel, neighbours, 1).improve(vehicles,
					started + (long) (budget * SEARCH_SHARE), unimproved);
			for (Vehicle vehicle : vehicles) {
				vehicle.getVisits().clear();
				for (int index : routes[vehicle.getIndex()]) {
					vehicle.getVisits().add(visits.get(index));
				}
			}
			long left = Math.max(MIN_POLISH.toNanos(), budget - (System.nanoTime() - started));
			Limits polish = new Limits(Duration.ofMillis(left / 1_000_000), limits.unimproved());
			solution = Solvers.FACTORY
				.buildSolver(new SolverConfigOverride<VrpSolution>().withTerminationConfig(termination(polish)))
				.solve(solution);
		}
		return toPlan(solution, unassigned, travel);
	}

	private static TerminationConfig termination(Limits limits) {
		TerminationConfig config = new TerminationConfig().withSpentLimit(limits.spent());
		if (limits.unimproved() != null) {
			config.setUnimprovedSpentLimit(limits.unimproved());
		}
		return config;
	}

	private static Reason screen(Stop stop, RoundProblem problem, long[][] travel, Integer pinned) {
		if (problem.drivers().isEmpty()) {
			return Reason.NO_DRIVERS;
		}
		if (stop.pinnedDriver() != null && pinned == null) {
			return Reason.PINNED_DRIVER_MISSING;
		}
		List<Driver> eligible = (pinned != null) ? List.of(problem.drivers().get(pinned)) : problem.drivers();
		if (eligible.stream().allMatch((driver) -> stop.demand() > driver.capacity())) {
			return Reason.TOO_BIG_FOR_ANY_VEHICLE;
		}
		boolean reachable = eligible.stream().anyMatch((driver) -> {
			long arrival = driver.start() + travel[0][stop.location()];
			long back = Math.max(arrival, stop.ready()) + stop.service() + travel[stop.location()][0];
			return arrival <= stop.due() && back <= driver.end() && stop.demand() <= driver.capacity();
		});
		return reachable ? null : Reason.WINDOW_UNREACHABLE;
	}

	private static RoundPlan toPlan(VrpSolution solution, List<Unassigned> screened, long[][] travel) {
		List<Route> routes = new ArrayList<>();
		boolean feasible = true;
		long total = 0;
		Set<Visit> assigned = new HashSet<>();
		for (Vehicle vehicle : solution.getVehicles()) {
			List<Call> calls = new ArrayList<>();
			long time = vehicle.getStart();
			int at = 0;
			int load = 0;
			long routeTravel = 0;
			for (int i = 0; i < vehicle.getVisits().size(); i++) {
				Visit visit = vehicle.getVisits().get(i);
				assigned.add(visit);
				long leg = travel[at][visit.getLocation()];
				routeTravel += leg;
				long arrival = time + leg;
				long start = Math.max(arrival, visit.getReady());
				feasible &= start <= visit.getDue();
				calls.add(new Call(visit.getId(), arrival, start, i < vehicle.getFixedCount()));
				time = start + visit.getService();
				at = visit.getLocation();
				load += visit.getDemand();
			}
			if (!calls.isEmpty()) {
				routeTravel += travel[at][0];
				time += travel[at][0];
			}
			feasible &= load <= vehicle.getCapacity() && (calls.isEmpty() || time <= vehicle.getEnd());
			for (Visit visit : vehicle.getVisits()) {
				feasible &= visit.getPinnedVehicle() < 0 || visit.getPinnedVehicle() == vehicle.getIndex();
			}
			total += routeTravel;
			routes
				.add(new Route(vehicle.getId(), calls, load, routeTravel, calls.isEmpty() ? vehicle.getStart() : time));
		}
		List<Unassigned> unassigned = new ArrayList<>(screened);
		for (Visit visit : solution.getVisits()) {
			if (!assigned.contains(visit)) {
				unassigned.add(new Unassigned(visit.getId(), Reason.NO_ROOM_IN_ROUNDS));
			}
		}
		return new RoundPlan(routes, unassigned, total, feasible);
	}

	private static long[][] matrix(RoundProblem.TravelMatrix matrix) {
		int n = matrix.size();
		long[][] travel = new long[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				travel[i][j] = matrix.time(i, j);
			}
		}
		return travel;
	}

	/**
	 * The solver factory, made at the first round planned rather than when the planner is
	 * (a fifth of a second of every start, for a page most shops open once a week).
	 */
	private static final class Solvers {

		static final SolverFactory<VrpSolution> FACTORY = SolverFactory.create(VrpSolverConfig.create());

	}

}
