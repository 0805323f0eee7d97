package app.extramile.rounds;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The planner on the command line, without starting the app:
 * {@code solve-vrptw --instance FILE --seconds S} plans a Solomon instance with the same
 * planner the delivery round uses and prints
 * {@code distance=.. vehicles=.. unassigned=..} as its last line.
 */
public final class RoundCommands {

	private RoundCommands() {
	}

	public static boolean handles(String command) {
		return "solve-vrptw".equals(command);
	}

	/** Runs the command and returns the process exit code (0 ok, 2 bad input). */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return run(args, out, err, 0);
	}

	/**
	 * Runs the command from {@code main}: {@code --seconds} is the whole run, so the time
	 * the JVM already spent starting is taken off the planner's budget (never more than
	 * half of it).
	 */
	public static int runFromMain(String[] args, PrintStream out, PrintStream err) {
		return run(args, out, err, ManagementFactory.getRuntimeMXBean().getUptime());
	}

	private static int run(String[] args, PrintStream out, PrintStream err, long startedMillisAgo) {
		long began = System.nanoTime();
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				err.println("error: expected --name value, got " + args[i]);
				return 2;
			}
			options.put(args[i].substring(2), args[++i]);
		}
		if (!options.containsKey("instance")) {
			err.println("usage: solve-vrptw --instance FILE [--seconds S]");
			return 2;
		}
		double seconds;
		try {
			seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
		}
		catch (NumberFormatException ex) {
			err.println("error: --seconds must be a number");
			return 2;
		}
		if (!(seconds > 0)) {
			err.println("error: --seconds must be positive");
			return 2;
		}
		SolomonInstance instance;
		try {
			instance = SolomonInstance.read(Path.of(options.get("instance")));
		}
		catch (IOException | RuntimeException ex) {
			err.println("error: " + ex.getMessage());
			return 2;
		}
		// Loading the solver takes a moment too; keep a little for output.
		RoundPlanner planner = new RoundPlanner();
		RoundProblem problem = instance.toProblem();
		double spent = (System.nanoTime() - began) / 1e9 + startedMillisAgo / 1000.0;
		double budget = Math.max(seconds * 0.5, seconds * 0.97 - spent);
		RoundPlan plan = planner.plan(problem, RoundPlanner.Limits.seconds(budget));
		List<String> violations = instance.violations(plan);
		for (RoundPlan.Route route : plan.routes()) {
			if (!route.calls().isEmpty()) {
				out.println(route.driverId() + ": "
						+ String.join(" ", route.calls().stream().map(RoundPlan.Call::stopId).toList()));
			}
		}
		for (RoundPlan.Unassigned left : plan.unassigned()) {
			out.println("unassigned " + left.stopId() + ": " + left.reason());
		}
		violations.stream().filter((v) -> !v.endsWith("not served")).forEach((v) -> out.println("violation: " + v));
		out.printf(Locale.ROOT, "distance=%.2f vehicles=%d unassigned=%d%n", instance.distanceOf(plan),
				plan.vehiclesUsed(), plan.unassigned().size());
		return 0;
	}

}
