package app.extramile.rounds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code solve-vrptw} on Solomon instances: every customer served, windows and capacity
 * held (checked here from the file, independently of the planner), the last line as
 * specified, and bad input refused.
 */
class SolveVrptwCommandTests {

	private static final Path DATA = Path.of("..", "shared", "data", "solomon");

	@TempDir
	Path dir;

	@Test
	void plansASolomonInstanceFeasiblyAndNearTheBestKnown() throws IOException {
		Path file = solomonFile("R101");
		String out = run(0, "solve-vrptw", "--instance", file.toString(), "--seconds", "3");
		String[] lines = out.strip().split("\n");
		Matcher last = Pattern.compile("distance=(\\d+\\.\\d{2}) vehicles=(\\d+) unassigned=(\\d+)")
			.matcher(lines[lines.length - 1].strip());
		assertThat(last.matches()).as(lines[lines.length - 1]).isTrue();
		assertThat(last.group(3)).isEqualTo("0");
		List<List<Integer>> routes = new ArrayList<>();
		for (String line : lines) {
			if (line.matches("v\\d+: .*")) {
				routes.add(List.of(line.substring(line.indexOf(':') + 2).split(" "))
					.stream()
					.map(Integer::parseInt)
					.toList());
			}
		}
		assertThat(routes).hasSize(Integer.parseInt(last.group(2)));
		double distance = checkFeasible(Files.readAllLines(file), routes);
		assertThat(String.format(Locale.ROOT, "%.2f", distance)).isEqualTo(last.group(1));
		// R101: best known 1642.88 (distance objective); 3 s on a busy machine stays
		// within 5 %
		assertThat(distance).isLessThan(1642.88 * 1.05);
	}

	@Test
	void aClusteredInstanceReachesItsOptimum() throws IOException {
		String out = run(0, "solve-vrptw", "--instance", solomonFile("C101").toString(), "--seconds", "3");
		assertThat(out.strip()).endsWith("distance=828.94 vehicles=10 unassigned=0");
	}

	@Test
	void badInputIsRefused() throws IOException {
		assertThat(runErr(2, "solve-vrptw")).contains("usage");
		assertThat(runErr(2, "solve-vrptw", "--instance", this.dir.resolve("missing.txt").toString()))
			.contains("error");
		Path junk = this.dir.resolve("junk.txt");
		Files.writeString(junk, "hello\nworld\n");
		assertThat(runErr(2, "solve-vrptw", "--instance", junk.toString())).contains("not a Solomon instance");
		assertThat(runErr(2, "solve-vrptw", "--instance", junk.toString(), "--seconds", "soon")).contains("seconds");
	}

	/**
	 * Walks the routes against the file's rows: each customer once, service starts by the
	 * due date, loads within capacity, back at the depot by its due date. Returns the
	 * total Euclidean distance.
	 */
	static double checkFeasible(List<String> file, List<List<Integer>> routes) {
		int capacity = -1;
		List<double[]> rows = new ArrayList<>();
		for (int i = 0; i < file.size(); i++) {
			String line = file.get(i).strip();
			if (line.startsWith("NUMBER")) {
				capacity = Integer.parseInt(file.get(i + 1).strip().split("\\s+")[1]);
			}
			String[] cells = line.split("\\s+");
			if (cells.length == 7 && cells[0].matches("\\d+")) {
				double[] row = new double[7];
				for (int c = 0; c < 7; c++) {
					row[c] = Double.parseDouble(cells[c]);
				}
				rows.add(row);
			}
		}
		boolean[] served = new boolean[rows.size()];
		double total = 0;
		for (List<Integer> route : routes) {
			double time = 0;
			double load = 0;
			int at = 0;
			for (int customer : route) {
				double[] row = rows.get(customer);
				assertThat(served[customer]).as("customer %d twice", customer).isFalse();
				served[customer] = true;
				double leg = Math.hypot(rows.get(at)[1] - row[1], rows.get(at)[2] - row[2]);
				total += leg;
				time = Math.max(time + leg, row[4]);
				assertThat(time).as("customer %d on time", customer).isLessThanOrEqualTo(row[5] + 1e-9);
				time += row[6];
				load += row[3];
				at = customer;
			}
			double home = Math.hypot(rows.get(at)[1] - rows.get(0)[1], rows.get(at)[2] - rows.get(0)[2]);
			total += home;
			assertThat(time + home).isLessThanOrEqualTo(rows.get(0)[5] + 1e-9);
			assertThat(load).isLessThanOrEqualTo(capacity);
		}
		for (int c = 1; c < served.length; c++) {
			assertThat(served[c]).as("customer %d served", c).isTrue();
		}
		return total;
	}

	private Path solomonFile(String name) throws IOException {
		Path file = DATA.resolve(name + ".txt");
		if (Files.exists(file)) {
			return file;
		}
		// The shared data folder is outside the repository; a copy of the instance
		// travels
		// with the tests.
		Path copy = this.dir.resolve(name + ".txt");
		try (var in = getClass().getResourceAsStream("/solomon/" + name + ".txt")) {
			Files.copy(in, copy);
		}
		return copy;
	}

	private static String run(int expectedExit, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = RoundCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
		return out.toString(StandardCharsets.UTF_8);
	}

	private static String runErr(int expectedExit, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = RoundCommands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(exit).isEqualTo(expectedExit);
		return err.toString(StandardCharsets.UTF_8);
	}

}
