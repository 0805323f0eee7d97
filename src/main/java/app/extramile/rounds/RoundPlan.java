package app.extramile.rounds;

import java.util.List;

/**
 * A planned day: one route per driver (possibly empty), what could not be planned and
 * why.
 *
 * @param routes one per driver, in the problem's driver order
 * @param unassigned stops left out, each with the reason
 * @param totalTravel sum of every route's travel, depot legs included
 * @param feasible true when no window or capacity is broken in the routes
 */
public record RoundPlan(List<Route> routes, List<Unassigned> unassigned, long totalTravel, boolean feasible) {

	public RoundPlan {
		routes = List.copyOf(routes);
		unassigned = List.copyOf(unassigned);
	}

	public int vehiclesUsed() {
		return (int) this.routes.stream().filter((route) -> !route.calls().isEmpty()).count();
	}

	/**
	 * A driver's route.
	 *
	 * @param driverId the driver
	 * @param calls the stops in order with their times
	 * @param load bags carried
	 * @param travel travel including the legs from and back to the depot
	 * @param back when the driver is back at the depot
	 */
	public record Route(String driverId, List<Call> calls, int load, long travel, long back) {

		public Route {
			calls = List.copyOf(calls);
		}

	}

	/**
	 * A stop on a route.
	 *
	 * @param stopId the stop
	 * @param arrival when the driver arrives
	 * @param start when service starts (after waiting for the window to open)
	 * @param fixed whether staff fixed this stop's place in the route
	 */
	public record Call(String stopId, long arrival, long start, boolean fixed) {

	}

	/**
	 * A stop that could not be planned.
	 *
	 * @param stopId the stop
	 * @param reason why
	 */
	public record Unassigned(String stopId, Reason reason) {

	}

	/** Why a stop was left out. */
	public enum Reason {

		/** No driver is available at all. */
		NO_DRIVERS,
		/**
		 * Its window closes before any driver could reach it, or it cannot be back in
		 * time.
		 */
		WINDOW_UNREACHABLE,
		/** It needs more bags than any vehicle carries. */
		TOO_BIG_FOR_ANY_VEHICLE,
		/**
		 * Each stop alone fits, but not all of them fit the drivers' day and capacity.
		 */
		NO_ROOM_IN_ROUNDS,
		/** It is pinned to a driver who is not available. */
		PINNED_DRIVER_MISSING

	}

}
