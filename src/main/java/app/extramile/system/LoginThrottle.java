package app.extramile.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import app.extramile.shared.Times;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks a username for a while after repeated failed logins. Kept in the database so
 * every app instance behind a load balancer sees the same count.
 */
@Component
class LoginThrottle {

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

	boolean isLocked(String username) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("select locked_until from login_throttle where username = ?")
			.param(key(username))
			.query((rs, n) -> Times.instant(rs, "locked_until"))
			.optional()
			.filter((until) -> until != null && until.isAfter(now))
			.isPresent();
	}

	@Transactional
	void failed(String username) {
		Instant now = this.clock.instant();
		String key = key(username);
		int updated = this.jdbc.sql("""
				update login_throttle set
				  failures = case when window_start < ? then 1 else failures + 1 end,
				  window_start = case when window_start < ? then ? else window_start end
				where username = ?""")
			.params(Times.column(now.minus(this.lockout)), Times.column(now.minus(this.lockout)), Times.column(now),
					key)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("insert into login_throttle (username, failures, window_start) values (?, 1, ?)")
					.params(key, Times.column(now))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Another instance counted a failure for the same name at the same
				// moment.
				this.jdbc.sql("update login_throttle set failures = failures + 1 where username = ?")
					.param(key)
					.update();
			}
		}
		this.jdbc.sql("update login_throttle set locked_until = ?, failures = 0 where username = ? and failures >= ?")
			.params(Times.column(now.plus(this.lockout)), key, this.maxFailures)
			.update();
	}

	void succeeded(String username) {
		this.jdbc.sql("delete from login_throttle where username = ?").param(key(username)).update();
	}

	private static String key(String username) {
		String key = (username != null) ? username.trim().toLowerCase() : "";
		return (key.length() > 60) ? key.substring(0, 60) : key;
	}

}
