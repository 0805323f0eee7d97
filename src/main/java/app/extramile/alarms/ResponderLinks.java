package app.extramile.alarms;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The links that let a responder open an alarm without signing in. A link's token is 32
 * random bytes (base64url), bound to one alarm and one responder; only its SHA-256 is
 * stored ({@code alarm_responder_link}), so the token exists only in the message that
 * carries it. Nothing about it can be derived from the alarm's id or from
 * {@code extramile.alarms.secret-key}, so changing that key leaves every link working.
 *
 * <p>
 * A link expires {@code link-valid-for} after it is issued (24 h by default); once the
 * alarm is resolved, every link to it expires {@code link-open-after-resolved} later (1 h
 * by default: long enough to see "this alarm is over", while no action is allowed any
 * more). A link may also be revoked at once. A responder sent a link again (everyone's
 * call, a reminder) gets a new one; the earlier stays valid until it expires.
 */
@Component
class ResponderLinks {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration validFor;

	private final Duration openAfterResolved;

	ResponderLinks(JdbcClient jdbc, Clock clock, @Value("${extramile.alarms.link-valid-for:PT24H}") Duration validFor,
			@Value("${extramile.alarms.link-open-after-resolved:PT1H}") Duration openAfterResolved) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.validFor = validFor;
		this.openAfterResolved = openAfterResolved;
	}

	/** A responder's link to an alarm and its holder. */
	record Link(ShopId shopId, UUID alarmId, int seq) {
	}

	/**
	 * Issues a new link for the responder at {@code seq} of an alarm, in the caller's
	 * transaction.
	 * @return the path to send, {@code /respond/<token>}: the only place the token is
	 * ever held
	 */
	String issue(ShopId shop, UUID alarmId, int seq, Instant now) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.jdbc.sql("""
				insert into alarm_responder_link (id, shop_id, alarm_id, seq, token_hash, created_at, expires_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), alarmId, seq, Tokens.sha256(token), Times.column(now),
					Times.column(now.plus(this.validFor)))
			.update();
		return "/respond/" + token;
	}

	/**
	 * The alarm and responder of a token, if it is one of ours, unexpired and not
	 * revoked.
	 */
	Optional<Link> find(String token) {
		if (token == null || !token.matches("[A-Za-z0-9_-]{20,100}")) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				select shop_id, alarm_id, seq from alarm_responder_link
				where token_hash = ? and revoked_at is null and expires_at > ?""")
			.params(Tokens.sha256(token), Times.column(this.clock.instant()))
			.query((rs, n) -> new Link(new ShopId(rs.getObject("shop_id", UUID.class)),
					rs.getObject("alarm_id", UUID.class), rs.getInt("seq")))
			.optional();
	}

	/** The alarm is over: its links show that for a while longer, then nothing. */
	void resolved(UUID alarmId, Instant resolvedAt) {
		Instant until = resolvedAt.plus(this.openAfterResolved);
		this.jdbc.sql("update alarm_responder_link set expires_at = ? where alarm_id = ? and expires_at > ?")
			.params(Times.column(until), alarmId, Times.column(until))
			.update();
	}

	/**
	 * Revokes every link to an alarm at once (a lost phone, a text sent to the wrong
	 * number).
	 * @return how many links were revoked
	 */
	int revoke(ShopId shop, UUID alarmId) {
		return this.jdbc
			.sql("update alarm_responder_link set revoked_at = ? where shop_id = ? and alarm_id = ? "
					+ "and revoked_at is null")
			.params(Times.column(this.clock.instant()), shop.value(), alarmId)
			.update();
	}

}
