package app.extramile.backtesting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.extramile.absences.RhythmPrior;

/**
 * The command-line tools that judge the model without starting the app:
 * {@code backtest --visits FILE.csv [--out report.json] [--budget 2 | --red 0.001 --missed-days 2] [--seed S]}
 * and
 * {@code simulate --customers N --days D --seed S [--village steady|lifelike] --out FILE.csv}.
 */
public final class BacktestCommands {

	/**
	 * The default red level: an absence this long happens less than once in a thousand
	 * gaps.
	 */
	public static final double DEFAULT_RED = 0.001;

	/** By default an absence is also red once two expected visit days are missed. */
	public static final int DEFAULT_RED_AFTER_MISSED_DAYS = 2;

	/**
	 * The default red budget: reds a week the shop can follow up, per 100 regulars.
	 */
	public static final double DEFAULT_RED_BUDGET = RhythmPrior.DEFAULT_RED_BUDGET;

	private BacktestCommands() {
	}

	public static boolean handles(String command) {
		return "backtest".equals(command) || "simulate".equals(command) || "backtest-report".equals(command);
	}

	/** Runs a command and returns the process exit code (0 ok, 2 bad input). */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		try {
			Map<String, String> options = options(args);
			return switch (args[0]) {
				case "backtest" -> backtest(options, out);
				case "simulate" -> simulate(options, out);
				case "backtest-report" -> BacktestReport.run(options, out);
				default -> throw new BadInput("unknown command " + args[0]);
			};
		}
		catch (BadInput ex) {
			err.println("error: " + ex.getMessage());
			return 2;
		}
		catch (IOException ex) {
			err.println("error: " + ex.getMessage());
			return 2;
		}
	}

	private static int backtest(Map<String, String> options, PrintStream out) throws IOException {
		Path file = Path.of(required(options, "visits"));
		long seed = (long) number(options.getOrDefault("seed", "1"), "seed");
		Backtest backtest;
		if (options.containsKey("red")) {
			// The owner's fixed level, as before budgets.
			double red = number(options.get("red"), "red");
			int missedDays = (int) number(
					options.getOrDefault("missed-days", String.valueOf(DEFAULT_RED_AFTER_MISSED_DAYS)), "missed-days");
			backtest = new Backtest(red, missedDays, seed);
		}
		else {
			double budget = number(options.getOrDefault("budget", String.valueOf(DEFAULT_RED_BUDGET)), "budget");
			int missedDays = (int) number(options.getOrDefault("missed-days", "0"), "missed-days");
			if (budget <= 0) {
				throw new BadInput("--budget must be above 0");
			}
			backtest = Backtest.withBudget(budget, missedDays, seed);
		}
		long started = System.nanoTime();
		List<Backtest.Seen> visits = readVisits(file);
		Backtest.Report report = backtest.run(visits);
		out.print(report.toTable());
		out.printf(Locale.ROOT, "visits=%d seconds=%.1f%n", visits.size(), (System.nanoTime() - started) / 1e9);
		if (!visits.isEmpty()) {
			out.println("looks like: " + VisitSummary.of(visits).toLine());
		}
		if (options.containsKey("out")) {
			Files.writeString(Path.of(options.get("out")), report.toJson() + "\n", StandardCharsets.UTF_8);
		}
		return 0;
	}

	private static int simulate(Map<String, String> options, PrintStream out) throws IOException {
		int customers = (int) number(required(options, "customers"), "customers");
		int days = (int) number(required(options, "days"), "days");
		long seed = (long) number(options.getOrDefault("seed", "1"), "seed");
		double incidents = number(options.getOrDefault("incidents", "0.05"), "incidents");
		VillageSimulator.VillageKind kind = villageKind(options);
		Path file = Path.of(required(options, "out"));
		if (customers < 1 || days < 1) {
			throw new BadInput("--customers and --days must be at least 1");
		}
		LocalDate start = options.containsKey("start") ? day(options.get("start"), "start")
				: LocalDate.now().minusDays(days);
		VillageSimulator.Village village = new VillageSimulator(seed).simulate(kind, customers, start, days, incidents);
		try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			writer.write("customer_id,visit_timestamp\n");
			for (VillageSimulator.Visit visit : village.visits()) {
				writer.write(visit.customerId() + "," + visit.at() + "\n");
			}
		}
		Path truth = file.resolveSibling(file.getFileName() + ".truth.csv");
		try (Writer writer = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
			writer.write("customer_id,kind,daily_chance,stopped_on,holidays,habits_changed_on\n");
			for (VillageSimulator.Truth t : village.truths()) {
				writer.write(String.format(Locale.ROOT, "%s,%s,%.3f,%s,%d,%s%n", t.customerId(), t.kind(),
						t.dailyChance(), (t.stoppedOn() != null) ? t.stoppedOn() : "", t.holidays(),
						(t.driftedOn() != null) ? t.driftedOn() : ""));
			}
		}
		out.printf("wrote %d visits of %d customers to %s (truth in %s)%n", village.visits().size(), customers, file,
				truth);
		if (!village.visits().isEmpty()) {
			out.println("looks like: " + VisitSummary.of(village).toLine());
		}
		if (kind != VillageSimulator.VillageKind.STEADY) {
			return 0;
		}
		out.printf(Locale.ROOT,
				"an ideal detector that knows every steady regular's weekdays and holidays and says red on the second"
						+ " missed usual day raises %.2f false reds per 100 regulars per week here (%.2f if also told"
						+ " which 5%% of regulars skip most and excusing them)%n",
				village.idealFalseRedsPer100RegularWeeks(), village.idealFalseRedsPer100RegularWeeks(0.05));
		return 0;
	}

	/** {@code --village steady} (the default) or {@code --village lifelike}. */
	static VillageSimulator.VillageKind villageKind(Map<String, String> options) {
		try {
			return VillageSimulator.VillageKind.named(options.getOrDefault("village", "steady"));
		}
		catch (IllegalArgumentException ex) {
			throw new BadInput("--village: " + ex.getMessage());
		}
	}

	/**
	 * Reads {@code customer_id,visit_timestamp} (header required, extra columns ignored;
	 * ISO date, ISO local date-time or ISO date-time with offset). A day-only visit
	 * counts at midday. The first bad line stops the reading with its line number.
	 */
	public static List<Backtest.Seen> readVisits(Path file) throws IOException {
		if (!Files.isReadable(file)) {
			throw new BadInput("cannot read " + file);
		}
		List<Backtest.Seen> visits = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String header = reader.readLine();
			if (header == null) {
				throw new BadInput(file + " is empty: expected a header line customer_id,visit_timestamp");
			}
			String[] names = header.replace("\uFEFF", "").split(",", -1);
			int idColumn = -1;
			int timeColumn = -1;
			for (int i = 0; i < names.length; i++) {
				String name = names[i].trim().toLowerCase(Locale.ROOT);
				if (name.equals("customer_id")) {
					idColumn = i;
				}
				else if (name.equals("visit_timestamp")) {
					timeColumn = i;
				}
			}
			if (idColumn < 0 || timeColumn < 0) {
				throw new BadInput(
						"line 1: the header must name the columns customer_id and visit_timestamp, found: " + header);
			}
			String line;
			int lineNumber = 1;
			Map<String, String> ids = new HashMap<>();
			while ((line = reader.readLine()) != null) {
				lineNumber++;
				if (line.isBlank()) {
					continue;
				}
				String[] fields = line.split(",", -1);
				if (fields.length <= Math.max(idColumn, timeColumn)) {
					throw new BadInput("line " + lineNumber + ": expected at least "
							+ (Math.max(idColumn, timeColumn) + 1) + " columns, found " + fields.length);
				}
				String id = fields[idColumn].trim();
				if (id.isEmpty()) {
					throw new BadInput("line " + lineNumber + ": customer_id is empty");
				}
				visits.add(new Backtest.Seen(ids.computeIfAbsent(id, (k) -> k),
						timestamp(fields[timeColumn].trim(), lineNumber)));
			}
		}
		return visits;
	}

	static LocalDateTime timestamp(String text, int line) {
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text).atTime(LocalTime.NOON);
			}
			if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
				return OffsetDateTime.parse(text).toLocalDateTime();
			}
			return LocalDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new BadInput("line " + line + ": visit_timestamp '" + text
					+ "' is not an ISO date (2026-11-24) or date-time (2026-11-24T09:12:00)");
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new BadInput("expected --option value pairs, got '" + args[i] + "'");
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null || value.isBlank()) {
			throw new BadInput("--" + name + " is required");
		}
		return value;
	}

	static LocalDate day(String value, String name) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new BadInput("--" + name + " must be a date like 2025-11-01, got '" + value + "'");
		}
	}

	static double number(String value, String name) {
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			throw new BadInput("--" + name + " must be a number, got '" + value + "'");
		}
	}

	static final class BadInput extends RuntimeException {

		BadInput(String message) {
			super(message);
		}

	}

}
