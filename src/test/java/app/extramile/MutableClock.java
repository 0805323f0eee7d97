package app.extramile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand: time is an input, so deadlines are tested without sleeping.
 * Shared tests get one as the application's clock ({@link AppTest}), set back to
 * {@link HandMovedClock#START} before each test, or made to follow the system's time for
 * tests that run in real time.
 */
public final class MutableClock extends Clock {

	/** Where the hand stands, or null while the clock follows the system's time. */
	private volatile Instant now;

	/** How far the clock was moved on from the system's time while following it. */
	private volatile Duration ahead = Duration.ZERO;

	public MutableClock(Instant start) {
		this.now = start;
	}

	public synchronized void set(Instant instant) {
		this.now = instant;
	}

	public synchronized void advance(Duration by) {
		if (this.now == null) {
			this.ahead = this.ahead.plus(by);
		}
		else {
			this.now = this.now.plus(by);
		}
	}

	/** From now on the clock shows the system's time, until it is set by hand. */
	public synchronized void followSystemTime() {
		this.now = null;
		this.ahead = Duration.ZERO;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	/** The same moving time, seen in another zone. */
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
		Instant hand = this.now;
		return (hand != null) ? hand : Instant.now().plus(this.ahead);
	}

}
