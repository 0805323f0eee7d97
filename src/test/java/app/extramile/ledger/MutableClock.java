package app.extramile.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock the test moves by hand, so certificates can expire without waiting.
 */
class MutableClock extends Clock {

	private volatile Instant now;

	MutableClock(Instant now) {
		this.now = now;
	}

	void set(Instant instant) {
		this.now = instant;
	}

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		MutableClock outer = this;
		return new Clock() {

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return outer.withZone(other);
			}

			@Override
			public Instant instant() {
				return outer.instant();
			}

		};
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	/** Replaces the application's clock in the tests that import it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Config {

		/** Tuesday 24 November 2026, noon in the shop. */
		static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock(START);
		}

	}

}
