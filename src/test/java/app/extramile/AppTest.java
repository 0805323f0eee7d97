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
 * The whole application, listening on a random port (MockMvc works too), on one shared
 * in-memory H2 database ({@link TestDatabases.SharedH2}), with the clock moved by hand
 * ({@link HandMovedClock}, set back before each test) and the durable scheduler off.
 * Every class with this annotation and nothing else that changes the context shares one
 * Spring context, so a test makes its own shop ({@link TestShops}) and looks only at that
 * shop's rows: other tests' data is there too.
 * <p>
 * Adding properties, {@code @Import}s, {@code @DynamicPropertySource}s or mocks to a test
 * class gives it a context of its own again (seconds per class): prefer a fresh shop. A
 * listener of the test's own joins the running context in {@code @BeforeEach}
 * ({@code addApplicationListener}) and leaves it in {@code @AfterEach}, as
 * {@code absences.NoticedEvents} does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "db-scheduler.enabled=false", "extramile.security.max-failed-logins=5" })
@ContextConfiguration(initializers = TestDatabases.SharedH2.class)
@AutoConfigureMockMvc
@Import(HandMovedClock.class)
@ExtendWith(HandMovedClock.Reset.class)
public @interface AppTest {

	/**
	 * The clock follows the system's time (a test may still move it on) instead of
	 * standing at {@link HandMovedClock#START}: for tests written against real time.
	 */
	boolean systemTime() default false;

}
