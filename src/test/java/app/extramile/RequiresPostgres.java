package app.extramile;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class runs against the real PostgreSQL on 127.0.0.1. Without one it is skipped
 * with a message, except under CI, where it fails. Put it before {@code @SpringBootTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Check.class)
public @interface RequiresPostgres {

	class Check implements org.junit.jupiter.api.extension.BeforeAllCallback {

		@Override
		public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
			if (TestDatabases.postgresReachable()) {
				return;
			}
			String message = "PostgreSQL is not reachable at " + TestDatabases.POSTGRES_URL + " as "
					+ TestDatabases.POSTGRES_USER + ": " + context.getDisplayName();
			if (TestDatabases.required()) {
				throw new IllegalStateException(message + " (required because CI is set; run .ci/prepare.sh)");
			}
			System.err.println("SKIPPED (no PostgreSQL): " + message);
			org.junit.jupiter.api.Assumptions.abort("SKIPPED (no PostgreSQL): " + message);
		}

	}

}
