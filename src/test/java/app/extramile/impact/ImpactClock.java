package app.extramile.impact;

import java.time.Instant;

import app.extramile.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application's clock: Tuesday 24 November 2026, noon in the shop. */
@TestConfiguration(proxyBeanMethods = false)
class ImpactClock {

	static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

	@Bean
	@Primary
	MutableClock impactClock() {
		return new MutableClock(START);
	}

}
