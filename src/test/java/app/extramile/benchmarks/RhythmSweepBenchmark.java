package app.extramile.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import app.extramile.absences.OpenDays;
import app.extramile.absences.RhythmPrior;
import app.extramile.absences.UsualRhythm;

/**
 * Who's missing at scale, run on demand (not part of {@code ./mvnw verify}): learns the
 * rhythms of N customers from about 100 visits each, then times whole sweeps that score
 * every customer, against the same question asked naively in SQL ("is the current gap
 * more than twice their median gap?") on an embedded H2 database in the same run.
 *
 * <pre>
 * ./mvnw -o -q test-compile
 * java -Xmx3g -cp target/classes:target/test-classes:$(./mvnw -o -q dependency:build-classpath \
 *   -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) app.extramile.benchmarks.RhythmSweepBenchmark 1000000
 * </pre>
 */
public final class RhythmSweepBenchmark {

	private RhythmSweepBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int customers = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int sqlCustomers = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		LocalDate today = LocalDate.of(2026, 11, 24);
		RhythmPrior prior = RhythmPrior.uninformed();

		// Learn: about 100 visit days each over a year, in three kinds of rhythm.
		UsualRhythm[] rhythms = new UsualRhythm[customers];
		Random random = new Random(1);
		long visits = 0;
		long learnStart = System.nanoTime();
		for (int c = 0; c < customers; c++) {
			UsualRhythm rhythm = new UsualRhythm();
			double chance = 0.25 + 0.2 * random.nextDouble();
			int hour = 8 + random.nextInt(9);
			for (LocalDate day = today.minusDays(365); day.isBefore(today); day = day.plusDays(1)) {
				if (random.nextDouble() < chance) {
					rhythm.recordVisit(day.atTime(hour, random.nextInt(60)), OpenDays.ALWAYS, prior);
					visits++;
				}
			}
			rhythms[c] = rhythm;
		}
		double learnSeconds = (System.nanoTime() - learnStart) / 1e9;

		List<UsualRhythm> all = Arrays.asList(rhythms);
		LocalDateTime now = today.atTime(12, 0);
		double[] sweeps = new double[5];
		double checksum = 0;
		for (int run = 0; run < sweeps.length; run++) {
			long start = System.nanoTime();
			RhythmPrior pooled = RhythmPrior.pool(all);
			for (UsualRhythm rhythm : rhythms) {
				// As the sweep does: the chance and the usual days missed.
				checksum += rhythm.chanceOfAbsence(rhythm.lastVisit(), now, OpenDays.ALWAYS, pooled);
				checksum += rhythm.missedExpectedVisitDays(rhythm.lastVisit(), now, OpenDays.ALWAYS, pooled);
			}
			sweeps[run] = (System.nanoTime() - start) / 1e9;
		}
		Arrays.sort(sweeps);
		double modelPerCustomerMicros = sweeps[sweeps.length / 2] * 1e6 / customers;

		double sqlSeconds = naiveSql(sqlCustomers, today);
		double sqlPerCustomerMicros = sqlSeconds * 1e6 / sqlCustomers;

		System.out.printf(Locale.ROOT, "customers=%d visits=%d%n", customers, visits);
		System.out.printf(Locale.ROOT, "learn: %.1f s, %.2f us per visit%n", learnSeconds, learnSeconds * 1e6 / visits);
		System.out.printf(Locale.ROOT, "sweep (pool prior + score everyone): median %.3f s of 5 (min %.3f, max %.3f)%n",
				sweeps[2], sweeps[0], sweeps[4]);
		System.out.printf(Locale.ROOT, "state: %d bytes stored per customer%n", rhythms[0].toBytes().length);
		System.out.printf(Locale.ROOT,
				"naive SQL on H2 (%d customers, twice-median-gap with window functions): %.3f s, %.2f us per customer%n",
				sqlCustomers, sqlSeconds, sqlPerCustomerMicros);
		System.out.printf(Locale.ROOT, "model %.3f us per customer; SQL/model = %.0fx (checksum %.3f)%n",
				modelPerCustomerMicros, sqlPerCustomerMicros / modelPerCustomerMicros, checksum);
	}

	/** Median of three runs of the naive query over a table of visits. */
	private static double naiveSql(int customers, LocalDate today) throws Exception {
		try (Connection db = DriverManager.getConnection("jdbc:h2:mem:bench;MODE=PostgreSQL", "sa", "")) {
			try (Statement ddl = db.createStatement()) {
				ddl.execute("create table visit (customer_id int not null, seen_at timestamp not null)");
				ddl.execute("create index visit_by_customer on visit (customer_id, seen_at)");
			}
			Random random = new Random(2);
			try (PreparedStatement insert = db.prepareStatement("insert into visit values (?, ?)")) {
				int batch = 0;
				for (int c = 0; c < customers; c++) {
					double chance = 0.25 + 0.2 * random.nextDouble();
					for (LocalDate day = today.minusDays(365); day.isBefore(today); day = day.plusDays(1)) {
						if (random.nextDouble() < chance) {
							insert.setInt(1, c);
							insert.setObject(2, day.atTime(9, 0));
							insert.addBatch();
							if (++batch % 10_000 == 0) {
								insert.executeBatch();
							}
						}
					}
				}
				insert.executeBatch();
			}
			String naive = """
					with gaps as (
					  select customer_id, seen_at,
					    datediff('MINUTE', lag(seen_at) over (partition by customer_id order by seen_at), seen_at) as gap
					  from visit),
					medians as (
					  select customer_id, median(gap) as median_gap, max(seen_at) as last_seen
					  from gaps group by customer_id)
					select count(*) from medians
					where datediff('MINUTE', last_seen, ?) > 2 * median_gap""";
			List<Double> runs = new ArrayList<>();
			for (int run = 0; run < 3; run++) {
				long start = System.nanoTime();
				try (PreparedStatement query = db.prepareStatement(naive)) {
					query.setObject(1, today.atTime(12, 0));
					try (ResultSet rs = query.executeQuery()) {
						rs.next();
					}
				}
				runs.add((System.nanoTime() - start) / 1e9);
			}
			runs.sort(null);
			return runs.get(1);
		}
	}

}
