package app.extramile.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wrong setup codes per client address and window, counted in the database so every
 * instance sees the same count: the code has about 59 bits, and this keeps anyone from
 * trying them. Only a digest of the address is stored.
 */
@Component
class SetupGuesses {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int maxWrong;

	private final Duration window;

	SetupGuesses(JdbcClient jdbc, Clock clock, @Value("${extramile.setup.max-wrong-codes:10}") int maxWrong,
			@Value("${extramile.setup.wrong-code-window:10m}") Duration window) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxWrong = maxWrong;
		this.window = window;
	}

	/** Whether this client has had its wrong codes for now. */
	boolean exhausted(String clientAddress) {
		Instant windowStart = this.clock.instant().minus(this.window);
		return this.jdbc.sql("select wrong from setup_guess_throttle where client_key = ? and window_start >= ?")
			.params(key(clientAddress), Times.column(windowStart))
			.query(Integer.class)
			.optional()
			.filter((wrong) -> wrong >= this.maxWrong)
			.isPresent();
	}

	/**
	 * Counts a wrong code. Inserted if absent rather than caught as a duplicate: in the
	 * caller's transaction a failed insert would abort it on PostgreSQL.
	 */
	void wrong(String clientAddress) {
		String key = key(clientAddress);
		Instant now = this.clock.instant();
		Instant windowStart = now.minus(this.window);
		int inserted = this.jdbc
			.sql("insert into setup_guess_throttle (client_key, window_start, wrong) values (?, ?, 1) "
					+ "on conflict do nothing")
			.params(key, Times.column(now))
			.update();
		if (inserted == 0) {
			this.jdbc.sql("""
					update setup_guess_throttle set
					  wrong = case when window_start < ? then 1 else wrong + 1 end,
					  window_start = case when window_start < ? then ? else window_start end
					where client_key = ?""")
				.params(Times.column(windowStart), Times.column(windowStart), Times.column(now), key)
				.update();
		}
	}

	private static String key(String clientAddress) {
		return Tokens.sha256("setup-guess:" + clientAddress);
	}

}
