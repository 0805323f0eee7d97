package app.extramile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import db.migration.welfare.V51__welfare_check_ins;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An installation upgraded in place: each module numbers its migrations in its own range
 * (V1x absences and customers, V7x errands, ...), so a release may bring a migration
 * numbered below one the database already has. The app must apply it at start rather than
 * refuse to start. The database here is built as an installation from before those
 * migrations would have it, then the app starts on it.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = "db-scheduler.enabled=false")
class MigrationUpgradeTests {

	/**
	 * Migrations added after a higher-numbered one had shipped (so real installations
	 * meet them out of order).
	 */
	private static final Set<String> ADDED_LATER = Set.of("6", "7", "8", "9", "14", "15", "16", "17", "18", "19", "42",
			"43", "44", "45", "46", "47", "48", "63", "64", "65", "66", "69", "72", "73", "83", "84", "85");

	/**
	 * Migrations newer than the installation: it is upgraded to them with publications
	 * still incomplete.
	 */
	private static final Set<String> NEWER = Set.of("93");

	/** The shop of the gift whose publication was incomplete at the upgrade. */
	private static final UUID SHOP = UUID.randomUUID();

	private static final UUID GIFT = UUID.randomUUID();

	private static final String URL = "jdbc:h2:mem:upgrade-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		installationFromBefore();
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
	}

	/** Every migration but the later-added ones, as an earlier release left it. */
	private static void installationFromBefore() {
		try {
			Path earlier = Files.createTempDirectory("earlier-migrations");
			for (Resource sql : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:db/migration/**/V*__*.sql")) {
				String version = sql.getFilename().substring(1, sql.getFilename().indexOf("__"));
				if (!ADDED_LATER.contains(version) && !NEWER.contains(version)) {
					try (InputStream in = sql.getInputStream()) {
						Files.copy(in, earlier.resolve(sql.getFilename()));
					}
				}
			}
			Flyway.configure()
				.dataSource(URL, "sa", "")
				.locations("filesystem:" + earlier)
				.javaMigrations(new V51__welfare_check_ins())
				.load()
				.migrate();
			giftGivenNotYetCountedByImpact();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A {@code GiftGiven} publication to impact left incomplete, under the names events
	 * had while they were top-level records, and a till import's to the absences listener
	 * as it was named before AbsenceWatch was split (the shop swept already, so the sweep
	 * at start leaves it alone).
	 */
	private static void giftGivenNotYetCountedByImpact() {
		JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.h2.Driver(), URL, "sa", ""));
		jdbc.sql(
				"insert into shop (id, slug, name, time_zone, created_at) values (?, ?, 'Upgraded', 'Europe/London', ?)")
			.params(SHOP, "upgraded-" + SHOP.toString().substring(0, 8), OffsetDateTime.now())
			.update();
		jdbc.sql("""
				insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
				  status, completion_attempts)
				values (?, 'app.extramile.impact.ImpactListeners.on(app.extramile.ledger.GiftGiven)',
				  'app.extramile.ledger.GiftGiven', ?, ?, 'PUBLISHED', 0)""")
			.params(UUID.randomUUID(),
					"{\"shopId\":{\"value\":\"" + SHOP + "\"},\"customerId\":{\"value\":\"" + UUID.randomUUID()
							+ "\"},\"giftId\":\"" + GIFT + "\",\"what\":\"flowers\",\"at\":\"2026-11-30T10:00:00Z\"}",
					OffsetDateTime.now())
			.update();
		jdbc.sql("""
				insert into absence_settings (shop_id, open_weekdays, opens_at, closes_at, amber_below, red_below,
				  last_sweep_at)
				values (?, '1111110', '07:00', '19:00', 0.05, 0.001, ?)""").params(SHOP, OffsetDateTime.now()).update();
		jdbc.sql("""
				insert into event_publication (id, listener_id, event_type, serialized_event, publication_date,
				  status, completion_attempts)
				values (?, 'app.extramile.absences.AbsenceWatch.on(app.extramile.visits.VisitEvents$VisitsImported)',
				  'app.extramile.visits.VisitEvents$VisitsImported', ?, ?, 'PUBLISHED', 0)""")
			.params(UUID.randomUUID(),
					"{\"shopId\":{\"value\":\"" + SHOP + "\"},\"added\":1,\"latestSeenAt\":\"2026-11-30T10:00:00Z\"}",
					OffsetDateTime.now())
			.update();
	}

	@Test
	void incompletePublicationsOfEventsUnderTheirOldNamesAreResubmittedUnderTheNew() {
		assertThat(this.jdbc
			.sql("select count(*) from event_publication where event_type = 'app.extramile.ledger.GiftGiven'")
			.query(Integer.class)
			.single()).isZero();
		// Resubmitted at start to the same listener, which counts the gift once ...
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from impact_fact where shop_id = ? and source_id = ?")
				.params(SHOP, GIFT)
				.query(Integer.class)
				.single() == 1);
		// A till import's publication to the listener that moved out of AbsenceWatch
		// reaches
		// the sweep, which will relearn the shop's rhythms.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from absence_settings where shop_id = ? and relearn")
				.param(SHOP)
				.query(Integer.class)
				.single() == 1);
		// ... and completed (completed publications are deleted).
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from event_publication where serialized_event like ?")
				.param("%" + SHOP + "%")
				.query(Integer.class)
				.single() == 0);
	}

	@Test
	void theAppStartsOnAnOlderDatabaseAndAppliesTheMigrationsNumberedBelowItsNewest() {
		List<String> applied = this.jdbc
			.sql("select version from flyway_schema_history where success and version is not null")
			.query(String.class)
			.list();
		assertThat(applied).containsAll(ADDED_LATER);
		String newest = this.jdbc.sql("select max(cast(version as int)) from flyway_schema_history")
			.query(String.class)
			.single();
		assertThat(ADDED_LATER)
			.allSatisfy((version) -> assertThat(Integer.parseInt(version)).isLessThan(Integer.parseInt(newest)));
		// What V14 brought is there ...
		assertThat(this.jdbc.sql("select count(red_after_missed_days) from absence_settings")
			.query(Integer.class)
			.single()).isNotNegative();
		// ... and what V72 brought.
		assertThat(this.jdbc.sql("select count(asked_by_member) from errand").query(Integer.class).single())
			.isNotNegative();
		// ... and what V42 brought.
		assertThat(this.jdbc.sql("select count(*) from setup_code").query(Integer.class).single()).isNotNegative();
		// ... and what V69 brought.
		assertThat(this.jdbc.sql("select count(*) from alarm_responder_link").query(Integer.class).single())
			.isNotNegative();
	}

}
