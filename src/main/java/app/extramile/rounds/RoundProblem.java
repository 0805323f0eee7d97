package app.extramile.rounds;

import java.util.List;
import java.util.Objects;

/**
 * One day's routing problem. Locations are numbered: {@code 0} is the depot (the shop),
 * every stop names its own location. Times and travel are in one unit chosen by the
 * caller (seconds for a shop, scaled distance for Solomon instances); travel time equals
 * the cost that is minimised.
 *
 * @param stops the calls to make
 * @param drivers the vehicles available; each starts and ends at the depot
 * @param travel travel time (= cost) between any two locations
 */
public record RoundProblem(List<Stop> stops, List<Driver> drivers, TravelMatrix travel) {

	public RoundProblem {
		stops = List.copyOf(stops);
		drivers = List.copyOf(drivers);
		Objects.requireNonNull(travel, "travel");
	}

	/**
	 * A call at a customer's door.
	 *
	 * @param id caller's identifier, unique in the problem
	 * @param location index into the travel matrix ({@code > 0})
	 * @param demand bags (capacity units) taken
	 * @param ready earliest start of service (arriving earlier means waiting)
	 * @param due latest start of service
	 * @param service time spent at the door
	 * @param pinnedDriver the driver this stop must go with, or {@code null}
	 */
	public record Stop(String id, int location, int demand, long ready, long due, long service, String pinnedDriver) {

		public Stop(String id, int location, int demand, long ready, long due, long service) {
			this(id, location, demand, ready, due, service, null);
		}

	}

	/**
	 * A vehicle and whoever drives it.
	 *
	 * @param id caller's identifier, unique in the problem
	 * @param capacity bags it can carry
	 * @param start when it may leave the depot
	 * @param end when it must be back at the depot
	 * @param fixedStops ids of stops that start this driver's round in this order, kept
	 * as they are when re-planning (staff pinned or reordered them)
	 */
	public record Driver(String id, int capacity, long start, long end, List<String> fixedStops) {

		public Driver {
			fixedStops = List.copyOf(fixedStops);
		}

		public Driver(String id, int capacity, long start, long end) {
			this(id, capacity, start, end, List.of());
		}

	}

	/** Travel between numbered locations, {@code 0} being the depot. */
	public interface TravelMatrix {

		/** How many locations, depot included. */
		int size();

		long time(int from, int to);

		static TravelMatrix of(long[][] times) {
			return new TravelMatrix() {
				@Override
				public int size() {
					return times.length;
				}

				@Override
				public long time(int from, int to) {
					return times[from][to];
				}
			};
		}

	}

}
