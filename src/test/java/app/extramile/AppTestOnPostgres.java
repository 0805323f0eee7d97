package app.extramile;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * As {@link AppTest}, on the real PostgreSQL on 127.0.0.1 ({@link RequiresPostgres}): one
 * shared context on one schema of its own per test run
 * ({@link TestDatabases.SharedPostgresSchema}), so a test makes its own shop and looks
 * only at that shop's rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@RequiresPostgres
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "db-scheduler.enabled=false", "extramile.security.max-failed-logins=5" })
@ContextConfiguration(initializers = TestDatabases.SharedPostgresSchema.class)
@AutoConfigureMockMvc
@Import(HandMovedClock.class)
@ExtendWith(HandMovedClock.Reset.class)
public @interface AppTestOnPostgres {

	/**
	 * The clock follows the system's time (a test may still move it on) instead of
	 * standing at {@link HandMovedClock#START}: for tests written against real time.
	 */
	boolean systemTime() default false;

}
