package app.extramile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where integration tests keep their data: a fresh in-memory H2 database per Spring
 * context, or a fresh schema in the real PostgreSQL on 127.0.0.1 (see
 * {@link RequiresPostgres}).
 */
public final class TestDatabases {

	public static final String POSTGRES_URL = System.getProperty("extramile.test.postgres.url",
			"jdbc:postgresql://127.0.0.1:5432/extramile_test");

	public static final String POSTGRES_USER = System.getProperty("extramile.test.postgres.user", "extramile");

	public static final String POSTGRES_PASSWORD = System.getProperty("extramile.test.postgres.password", "extramile");

	private TestDatabases() {
	}

	/**
	 * Small pools: test contexts are cached and each keeps its pool open, so a full build
	 * holds many at once and must stay well inside PostgreSQL's connection limit.
	 */
	private static void smallPool(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
		registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
	}

	public static void h2(DynamicPropertyRegistry registry) {
		smallPool(registry);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
	}

	/** A schema of its own in the test PostgreSQL, created by Flyway. */
	public static void postgres(DynamicPropertyRegistry registry) {
		smallPool(registry);
		String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		registry.add("spring.datasource.url", () -> POSTGRES_URL + "?currentSchema=" + schema);
		registry.add("spring.datasource.username", () -> POSTGRES_USER);
		registry.add("spring.datasource.password", () -> POSTGRES_PASSWORD);
		registry.add("spring.flyway.default-schema", () -> schema);
		registry.add("spring.flyway.schemas", () -> schema);
		registry.add("spring.flyway.create-schemas", () -> "true");
	}

	/**
	 * The pool of a shared test context: small, and never retiring a connection. H2 ties
	 * a CHECK constraint with IN (...) to the session that created it (H2 2.4): once the
	 * migration's connection is closed, every insert checked by it fails with "The
	 * database has been closed". A context shared for the whole run outlives Hikari's
	 * idle timeout and connection lifetime, so its connections must live as long as it
	 * does.
	 */
	private static Map<String, Object> sharedPool() {
		return Map.of("spring.datasource.hikari.maximum-pool-size", "4", "spring.datasource.hikari.minimum-idle", "4",
				"spring.datasource.hikari.idle-timeout", "0", "spring.datasource.hikari.max-lifetime", "0");
	}

	/**
	 * The database of {@link AppTest}: a fresh in-memory H2 for each start of the shared
	 * context (the same settings, so one cached context; a new database if the cache
	 * closed the old context and a later class starts it again).
	 */
	public static final class SharedH2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new HashMap<>(sharedPool());
			properties.put("spring.datasource.url", "jdbc:h2:mem:shared-" + UUID.randomUUID()
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sharedH2", properties));
		}

	}

	/**
	 * The schema of {@link AppTestOnPostgres}: one per test run, the same for every class
	 * in it, so they share one context.
	 */
	public static final class SharedPostgresSchema
			implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		static final String SCHEMA = "t_shared_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new HashMap<>(sharedPool());
			properties.putAll(Map.of("spring.datasource.url", POSTGRES_URL + "?currentSchema=" + SCHEMA,
					"spring.datasource.username", POSTGRES_USER, "spring.datasource.password", POSTGRES_PASSWORD,
					"spring.flyway.default-schema", SCHEMA, "spring.flyway.schemas", SCHEMA,
					"spring.flyway.create-schemas", "true"));
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("sharedPostgresSchema", properties));
		}

	}

	static boolean postgresReachable() {
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD)) {
			return connection.isValid(2);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** CI sets {@code CI}: there, a missing PostgreSQL or Chromium fails the build. */
	public static boolean required() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
	}

}
