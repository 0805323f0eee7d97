package app.extramile.system;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Requests of one session at once (htmx fragments, the live stream, a double tap) may
 * each add the same session attribute, typically the CSRF token that sign-in has just
 * replaced. Spring Session JDBC stores an added attribute with a plain insert, so the
 * second insert broke the primary key {@code spring_session_attributes_pk} and its
 * request answered 500 (spring-session issues 1213 and 2564). Here adding an attribute
 * stored already replaces it: the last request to save wins, as it does for an attribute
 * changed by two requests.
 * <p>
 * PostgreSQL gets Spring Session's own {@code INSERT ... ON CONFLICT DO UPDATE}; H2
 * accepts {@code ON CONFLICT} only as {@code DO NOTHING}, so it gets {@code MERGE ...
 * KEY}. Both keep the library's parameter order (primary id, name, bytes).
 * <p>
 * Changing an attribute stays a plain update: when another request has removed it in the
 * meantime the update changes no row, which Spring Session accepts, and the removal
 * stands (as if the removing request had saved last). Re-inserting it instead would undo
 * removals that matter, such as sign-in dropping the old CSRF token.
 * <p>
 * Another database keeps Spring Session's plain insert.
 * <p>
 * Spring Boot's own customizer runs first (highest precedence) and sets the table name,
 * which resets every query; this one runs after it.
 */
@Configuration(proxyBeanMethods = false)
class HttpSessionConfiguration {

	static final String H2_CREATE_SESSION_ATTRIBUTE_QUERY = """
			MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
			KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
			VALUES (?, ?, ?)
			""";

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeUpserts(DataSource dataSource) {
		return switch (databaseProduct(dataSource)) {
			case "PostgreSQL" -> new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
			case "H2" -> (repository) -> repository.setCreateSessionAttributeQuery(H2_CREATE_SESSION_ATTRIBUTE_QUERY);
			default -> (repository) -> {
			};
		};
	}

	private static String databaseProduct(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			return "";
		}
	}

}
