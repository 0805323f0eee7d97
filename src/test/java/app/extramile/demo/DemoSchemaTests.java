package app.extramile.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's prepared schema (written by the build, {@link DemoSchema#main}) is exactly
 * what the migrations make, a demo start on a new in-memory database uses it, and
 * anything else is migrated by Flyway as before.
 */
class DemoSchemaTests {

	private final Instant started = Instant.now();

	@Test
	void theBuildWroteTheScript() {
		assertThat(new ClassPathResource(DemoSchema.SCRIPT).exists())
			.as("the build's process-classes step writes %s", DemoSchema.SCRIPT)
			.isTrue();
	}

	@Test
	void theScriptMakesTheSchemaTheMigrationsMake() {
		DataSource migrated = inMemory();
		flyway(migrated, "classpath:db/migration").migrate();
		DataSource prepared = inMemory();

		assertThat(DemoSchema.loadPrepared(prepared)).isTrue();

		assertThat(flyway(prepared, "classpath:db/migration").migrate().migrationsExecuted)
			.as("nothing left to migrate after the script")
			.isZero();
		assertThat(script(prepared)).isEqualTo(script(migrated));
		assertThat(history(prepared)).isEqualTo(history(migrated)).hasSizeGreaterThan(50);
	}

	@Test
	void aDemoStartLoadsTheScriptAndFlywayOnlyChecksIt() {
		DataSource demo = inMemory();

		new DemoSchema(true).migrate(flyway(demo, "classpath:db/migration"));

		assertThat(installedOn(demo)).as("every migration came with the script, written when the jar was built")
			.allSatisfy((installed) -> assertThat(installed).isBefore(this.started));
	}

	@Test
	void outsideDemoModeFlywayMigratesStepByStep() {
		DataSource shop = inMemory();

		new DemoSchema(false).migrate(flyway(shop, "classpath:db/migration"));

		assertThat(installedOn(shop)).hasSizeGreaterThan(50)
			.allSatisfy((installed) -> assertThat(installed).isAfterOrEqualTo(this.started.minusSeconds(1)));
	}

	@Test
	void onlyANewInMemoryDatabaseIsPrepared(@TempDir Path dir) {
		DataSource used = inMemory();
		flyway(used, "classpath:db/migration").migrate();
		DataSource onDisk = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("shop") + ";MODE=PostgreSQL",
				"sa", "");

		assertThat(DemoSchema.loadPrepared(used)).as("a database with tables").isFalse();
		assertThat(DemoSchema.loadPrepared(onDisk)).as("a database on disk").isFalse();
		assertThat(JdbcClient.create(onDisk)
			.sql("select count(*) from information_schema.tables where table_schema = current_schema")
			.query(Integer.class)
			.single()).isZero();
	}

	/**
	 * A migration changed or gone since the script was written (here: the migrations
	 * Flyway finds are only the system module's) fails Flyway's check after the script:
	 * the database is emptied and migrated from the migrations there are.
	 */
	@Test
	void aScriptThatNoLongerMatchesIsReplacedByTheMigrations() {
		DataSource demo = inMemory();

		new DemoSchema(true).migrate(flyway(demo, "classpath:db/migration/system"));

		List<Map<String, Object>> history = history(demo);
		assertThat(history).isNotEmpty()
			.allSatisfy((row) -> assertThat((String) row.get("description")).startsWith("system "));
		assertThat(installedOn(demo))
			.allSatisfy((installed) -> assertThat(installed).isAfterOrEqualTo(this.started.minusSeconds(1)));
		assertThat(JdbcClient.create(demo)
			.sql("select count(*) from information_schema.tables where table_name = 'visit'")
			.query(Integer.class)
			.single()).as("another module's table, from the script").isZero();
	}

	private static DataSource inMemory() {
		return new DriverManagerDataSource(
				"jdbc:h2:mem:demo-schema-" + UUID.randomUUID()
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
				"sa", "");
	}

	/** Flyway as application.properties configures it, from the given locations. */
	private static Flyway flyway(DataSource dataSource, String locations) {
		try {
			return DemoSchema.configuredAsTheApp().dataSource(dataSource).locations(locations).load();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String script(DataSource dataSource) {
		return String.join("\n",
				JdbcClient.create(dataSource).sql("SCRIPT NODATA NOPASSWORDS").query(String.class).list());
	}

	private static List<Map<String, Object>> history(DataSource dataSource) {
		return JdbcClient.create(dataSource)
			.sql("select version, description, type, script, checksum, success from flyway_schema_history"
					+ " where version is not null order by installed_rank")
			.query()
			.listOfRows();
	}

	private static List<Instant> installedOn(DataSource dataSource) {
		return JdbcClient.create(dataSource)
			.sql("select installed_on from flyway_schema_history where version is not null")
			.query(Timestamp.class)
			.list()
			.stream()
			.map(Timestamp::toInstant)
			.toList();
	}

}
