package app.extramile.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The demo village's database schema, prepared when the jar is built. The demo runs on a
 * new in-memory database at every start; migrating it step by step (56 migrations) was a
 * seventh of the start. The build migrates an in-memory database once with the same
 * migrations and writes H2's script of it ({@link #main}, run at
 * {@code process-classes}); a demo start loads that script in one go, then lets Flyway
 * check it as usual, so a migration added since the script was written is still applied,
 * and one changed since is caught: the database is then emptied and migrated the slow
 * way. Anything but a new in-memory H2 database in demo mode is migrated by Flyway alone.
 */
@Component
public class DemoSchema implements FlywayMigrationStrategy {

	/** Where the build writes the script, under the classes. */
	static final String SCRIPT = "db/prepared/h2-demo-schema.sql";

	private static final Logger log = LoggerFactory.getLogger(DemoSchema.class);

	private final boolean demo;

	DemoSchema(@Value("${extramile.demo.enabled:false}") boolean demo) {
		this.demo = demo;
	}

	@Override
	public void migrate(Flyway flyway) {
		boolean prepared = this.demo && loadPrepared(flyway.getConfiguration().getDataSource());
		try {
			flyway.migrate();
		}
		catch (FlywayValidateException ex) {
			if (!prepared) {
				throw ex;
			}
			log.warn("The prepared demo schema does not match the migrations; migrating step by step instead: {}",
					ex.getMessage());
			emptyAndMigrate(flyway);
		}
	}

	/**
	 * Loads the prepared script into a new, empty in-memory H2 database: true if it did.
	 */
	static boolean loadPrepared(DataSource dataSource) {
		if (!new ClassPathResource(SCRIPT).exists()) {
			return false;
		}
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if (!connection.getMetaData().getURL().startsWith("jdbc:h2:mem:") || hasTables(statement)) {
				return false;
			}
			statement.execute("RUNSCRIPT FROM 'classpath:/" + SCRIPT + "'");
			return true;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The prepared demo schema could not be loaded", ex);
		}
	}

	private static boolean hasTables(Statement statement) throws SQLException {
		try (ResultSet tables = statement
			.executeQuery("select count(*) from information_schema.tables where table_schema = current_schema")) {
			tables.next();
			return tables.getInt(1) > 0;
		}
	}

	private static void emptyAndMigrate(Flyway flyway) {
		try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP ALL OBJECTS");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The demo database could not be emptied", ex);
		}
		flyway.migrate();
	}

	/**
	 * Writes the script: migrates a new in-memory H2 database the way the application
	 * does and scripts it, with Flyway's history, to the file named by the one argument.
	 */
	public static void main(String[] args) throws Exception {
		Path out = Path.of(args[0]);
		String url = "jdbc:h2:mem:demo-schema;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
		// Registers the driver with DriverManager from this class loader: the build's,
		// when
		// the build runs this.
		Class.forName("org.h2.Driver", true, DemoSchema.class.getClassLoader());
		try (Connection keepOpen = DriverManager.getConnection(url, "sa", "")) {
			configuredAsTheApp().dataSource(url, "sa", "").load().migrate();
			Files.createDirectories(out.toAbsolutePath().getParent());
			try (Statement statement = keepOpen.createStatement()) {
				statement.execute("SCRIPT NOPASSWORDS TO '" + out.toAbsolutePath().toString().replace("'", "''") + "'");
				statement.execute("SHUTDOWN");
			}
		}
	}

	/**
	 * Flyway with the application's settings ({@code spring.flyway.locations} and
	 * {@code spring.flyway.out-of-order} in application.properties), read from there so
	 * the script is made the way every start migrates.
	 */
	static FluentConfiguration configuredAsTheApp() throws IOException {
		Properties app = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
		return Flyway.configure(DemoSchema.class.getClassLoader())
			.locations(StringUtils.commaDelimitedListToStringArray(app.getProperty("spring.flyway.locations")))
			.outOfOrder(Boolean.parseBoolean(app.getProperty("spring.flyway.out-of-order")));
	}

}
