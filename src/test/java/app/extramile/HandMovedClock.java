package app.extramile;

import java.time.Instant;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Replaces the application's clock with a {@link MutableClock} the test moves by hand.
 */
@TestConfiguration(proxyBeanMethods = false)
public class HandMovedClock {

	public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	/** Tuesday 24 November 2026, noon in the shop: where tests of opening hours start. */
	public static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock(START);
	}

	/**
	 * Sets the shared clock back to {@link #START} before each test (or to the system's
	 * time where the class asks for it with {@code systemTime = true}), so tests sharing
	 * a context never see the time another test left. A test class that starts elsewhere
	 * sets the clock in its own {@code @BeforeEach}, which runs after this.
	 */
	public static class Reset implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			MutableClock clock = SpringExtension.getApplicationContext(context).getBean(MutableClock.class);
			Class<?> testClass = context.getRequiredTestClass();
			boolean systemTime = AnnotationSupport.findAnnotation(testClass, AppTest.class)
				.map(AppTest::systemTime)
				.or(() -> AnnotationSupport.findAnnotation(testClass, AppTestOnPostgres.class)
					.map(AppTestOnPostgres::systemTime))
				.orElse(false);
			if (systemTime) {
				clock.followSystemTime();
			}
			else {
				clock.set(START);
			}
		}

	}

}
