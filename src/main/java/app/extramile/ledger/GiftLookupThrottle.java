package app.extramile.ledger;

import java.time.Clock;
import java.time.Instant;

import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Limits public balance lookups per client address, counted in the database so every app
 * instance sees the same count: codes are unguessable, and this keeps anyone from trying.
 * Only a digest of the address is stored.
 */
@Component
public class GiftLookupThrottle {

	private final JdbcClient jdbc;

	private final LedgerSettings settings;

	private final Clock clock;

	GiftLookupThrottle(JdbcClient jdbc, LedgerSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	/** Counts a lookup; false when this client has had its share for now. */
	public boolean allow(String clientAddress) {
		String key = Tokens.sha256("gift-lookup:" + clientAddress);
		Instant now = this.clock.instant();
		Instant windowStart = now.minus(this.settings.lookupWindow());
		int updated = this.jdbc.sql("""
				update gift_lookup_throttle set
				  lookups = case when window_start < ? then 1 else lookups + 1 end,
				  window_start = case when window_start < ? then ? else window_start end
				where client_key = ?""")
			.params(Times.column(windowStart), Times.column(windowStart), Times.column(now), key)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("insert into gift_lookup_throttle (client_key, window_start, lookups) values (?, ?, 1)")
					.params(key, Times.column(now))
					.update();
			}
			catch (DuplicateKeyException ex) {
				this.jdbc.sql("update gift_lookup_throttle set lookups = lookups + 1 where client_key = ?")
					.param(key)
					.update();
			}
		}
		return this.jdbc.sql("select lookups from gift_lookup_throttle where client_key = ?")
			.param(key)
			.query(Integer.class)
			.single() <= this.settings.lookupsPerWindow();
	}

}
