package app.extramile.rounds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import app.extramile.rounds.RoundProblem.Driver;
import app.extramile.rounds.RoundProblem.Stop;

/**
 * A Solomon VRPTW instance: name, fleet (count and capacity) and customers, customer 0
 * being the depot. Distances are Euclidean and travel time equals distance; the planner
 * works in whole units of {@code 1/SCALE}, totals are recomputed in double precision as
 * the literature does.
 *
 * @param name the instance name
 * @param vehicles how many vehicles the fleet has
 * @param capacity each vehicle's capacity
 * @param customers depot first, then the customers
 */
public record SolomonInstance(String name, int vehicles, int capacity, List<Customer> customers) {

	/** Planner units per distance unit. */
	public static final long SCALE = 10_000;

	/**
	 * One row of the file.
	 *
	 * @param number customer number (0 = depot)
	 * @param x x coordinate
	 * @param y y coordinate
	 * @param demand demand
	 * @param ready ready time
	 * @param due due date (latest start of service)
	 * @param service service time
	 */
	public record Customer(int number, double x, double y, int demand, double ready, double due, double service) {

	}

	public static SolomonInstance read(Path file) throws IOException {
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		String name = null;
		int vehicles = -1;
		int capacity = -1;
		List<Customer> customers = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty()) {
				continue;
			}
			if (name == null) {
				name = line;
				continue;
			}
			String[] parts = line.split("\\s+");
			if (line.startsWith("NUMBER")) {
				String[] fleet = nextNonEmpty(lines, i + 1).split("\\s+");
				vehicles = Integer.parseInt(fleet[0]);
				capacity = Integer.parseInt(fleet[1]);
				continue;
			}
			if (parts.length == 7 && parts[0].matches("\\d+")) {
				customers.add(new Customer(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]),
						Double.parseDouble(parts[2]), (int) Double.parseDouble(parts[3]), Double.parseDouble(parts[4]),
						Double.parseDouble(parts[5]), Double.parseDouble(parts[6])));
			}
		}
		if (name == null || vehicles < 0 || customers.isEmpty() || customers.get(0).number() != 0) {
			throw new IOException("not a Solomon instance: " + file);
		}
		return new SolomonInstance(name, vehicles, capacity, customers);
	}

	private static String nextNonEmpty(List<String> lines, int from) throws IOException {
		for (int i = from; i < lines.size(); i++) {
			if (!lines.get(i).isBlank()) {
				return lines.get(i).strip();
			}
		}
		throw new IOException("no fleet line");
	}

	public double distance(int from, int to) {
		Customer a = this.customers.get(from);
		Customer b = this.customers.get(to);
		return Math.hypot(a.x() - b.x(), a.y() - b.y());
	}

	/** The instance as a planning problem: stop ids are the customer numbers. */
	public RoundProblem toProblem() {
		int n = this.customers.size();
		long[][] travel = new long[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				travel[i][j] = Math.round(distance(i, j) * SCALE);
			}
		}
		List<Stop> stops = new ArrayList<>();
		for (int i = 1; i < n; i++) {
			Customer c = this.customers.get(i);
			stops.add(new Stop(String.valueOf(c.number()), i, c.demand(), units(c.ready()), units(c.due()),
					units(c.service())));
		}
		Customer depot = this.customers.get(0);
		List<Driver> drivers = new ArrayList<>();
		for (int v = 0; v < this.vehicles; v++) {
			drivers.add(new Driver("v" + (v + 1), this.capacity, units(depot.ready()), units(depot.due())));
		}
		return new RoundProblem(stops, drivers, RoundProblem.TravelMatrix.of(travel));
	}

	private static long units(double time) {
		return Math.round(time * SCALE);
	}

	/** Total Euclidean distance of a plan in double precision, depot legs included. */
	public double distanceOf(RoundPlan plan) {
		double total = 0;
		for (RoundPlan.Route route : plan.routes()) {
			int at = 0;
			for (RoundPlan.Call call : route.calls()) {
				int next = Integer.parseInt(call.stopId());
				total += distance(at, next);
				at = next;
			}
			total += distance(at, 0);
		}
		return total;
	}

	/**
	 * Problems with a plan in double precision (window missed, over capacity, late back,
	 * customer missing or served twice); empty when the plan is feasible and complete.
	 */
	public List<String> violations(RoundPlan plan) {
		List<String> problems = new ArrayList<>();
		boolean[] seen = new boolean[this.customers.size()];
		double depotDue = this.customers.get(0).due();
		for (RoundPlan.Route route : plan.routes()) {
			double time = this.customers.get(0).ready();
			int at = 0;
			int load = 0;
			for (RoundPlan.Call call : route.calls()) {
				int next = Integer.parseInt(call.stopId());
				Customer c = this.customers.get(next);
				if (seen[next]) {
					problems.add("customer " + next + " served twice");
				}
				seen[next] = true;
				time = Math.max(time + distance(at, next), c.ready());
				if (time > c.due() + 1e-6) {
					problems.add("customer " + next + " served at " + time + " after due " + c.due());
				}
				time += c.service();
				load += c.demand();
				at = next;
			}
			if (!route.calls().isEmpty() && time + distance(at, 0) > depotDue + 1e-6) {
				problems.add("route " + route.driverId() + " back at " + (time + distance(at, 0)));
			}
			if (load > this.capacity) {
				problems.add("route " + route.driverId() + " carries " + load);
			}
		}
		for (int i = 1; i < seen.length; i++) {
			if (!seen[i]) {
				problems.add("customer " + i + " not served");
			}
		}
		return problems;
	}

}
