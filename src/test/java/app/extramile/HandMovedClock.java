package app.extramile;

import java.time.Instant;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Replaces the application's clock with a {@link MutableClock} the test moves by hand.
 */
@TestConfiguration(proxyBeanMethods = false)
public class HandMovedClock {

	public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock(START);
	}

}
