package app.extramile.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import app.extramile.shared.Times;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows down password guessing without letting anyone lock a person out. Failures are
 * counted per username <em>and</em> source address together: five wrong passwords for a
 * name from one address lock that name from that address for a while, and a stranger's
 * guesses from elsewhere never lock out the real person at home or at the till. Each
 * address also has a cap on failures across all names (guessing many names), and API
 * tokens and setup codes guessed from an address are counted the same way. Kept in the
 * database so every app instance behind a load balancer sees the same counts.
 */
@Component
class LoginThrottle {

	/** Failures from one address across all names before that address is locked. */
	static final int SOURCE_FACTOR = 10;

	private static final String ANY_NAME = "*";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int maxFailures;

	private final Duration lockout;

	LoginThrottle(JdbcClient jdbc, Clock clock, @Value("${extramile.security.max-failed-logins}") int maxFailures,
			@Value("${extramile.security.lockout}") Duration lockout) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxFailures = maxFailures;
		this.lockout = lockout;
	}

	/** Whether this name is refused from this address until its lock-out ends. */
	boolean isLocked(String username, String source) {
		return lockedUntil(key(username, source)) || lockedUntil(key(ANY_NAME, source));
	}

	/** A wrong password (or an unknown name) from an address. */
	@Transactional
	void failed(String username, String source) {
		count(key(username, source), this.maxFailures);
		count(key(ANY_NAME, source), this.maxFailures * SOURCE_FACTOR);
	}

	/**
	 * A wrong guess of a secret other than a password, from an address ({@code what}: an
	 * API token, the setup code): {@code limit} of them in the window lock the address
	 * out of that guess until the lock-out ends.
	 */
	@Transactional
	void failedGuess(String what, String source, int limit) {
		count(key(what, source), limit);
	}

	/**
	 * Whether guesses of {@code what} from this address are refused until the lock-out
	 * ends.
	 */
	boolean isGuessingLocked(String what, String source) {
		return lockedUntil(key(what, source));
	}

	void succeeded(String username, String source) {
		this.jdbc.sql("delete from login_throttle where username = ?").param(key(username, source)).update();
	}

	private boolean lockedUntil(String key) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("select locked_until from login_throttle where username = ?")
			.param(key)
			.query((rs, n) -> Times.instant(rs, "locked_until"))
			.optional()
			.filter((until) -> until != null && until.isAfter(now))
			.isPresent();
	}

	private void count(String key, int limit) {
		Instant now = this.clock.instant();
		int updated = this.jdbc.sql("""
				update login_throttle set
				  failures = case when window_start < ? then 1 else failures + 1 end,
				  window_start = case when window_start < ? then ? else window_start end
				where username = ?""")
			.params(Times.column(now.minus(this.lockout)), Times.column(now.minus(this.lockout)), Times.column(now),
					key)
			.update();
		if (updated == 0) {
			// inserted if absent rather than caught as a duplicate: a failed insert would
			// abort the caller's transaction on PostgreSQL
			int inserted = this.jdbc.sql(
					"insert into login_throttle (username, failures, window_start) values (?, 1, ?) on conflict do nothing")
				.params(key, Times.column(now))
				.update();
			if (inserted == 0) {
				// another instance counted a failure for the same key at the same moment
				this.jdbc.sql("update login_throttle set failures = failures + 1 where username = ?")
					.param(key)
					.update();
			}
		}
		this.jdbc.sql("update login_throttle set locked_until = ?, failures = 0 where username = ? and failures >= ?")
			.params(Times.column(now.plus(this.lockout)), key, limit)
			.update();
	}

	private static String key(String username, String source) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		if (name.length() > 60) {
			name = name.substring(0, 60);
		}
		String from = (source != null && !source.isBlank()) ? source.trim() : "unknown";
		if (from.length() > 100) {
			from = from.substring(0, 100);
		}
		return name + " " + from;
	}

}
