package app.extramile.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens for {@code /api}, created by an owner under Settings. Only a SHA-256
 * digest is stored; the token itself is shown once.
 */
@Component
public class ApiTokens {

	private final JdbcClient jdbc;

	private final Clock clock;

	ApiTokens(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public record ApiToken(UUID id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

		public boolean active() {
			return this.revokedAt == null;
		}

	}

	/** Creates a token and returns it in full; it cannot be read back later. */
	public String create(ShopId shop, String name, UUID createdBy) {
		String token = Tokens.newToken("em_");
		this.jdbc.sql("""
				insert into api_token (id, shop_id, name, token_hash, created_by, created_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), name.trim(), Tokens.sha256(token), createdBy,
					Times.column(this.clock.instant()))
			.update();
		return token;
	}

	public List<ApiToken> list(ShopId shop) {
		return this.jdbc.sql("""
				select id, name, created_at, last_used_at, revoked_at from api_token
				where shop_id = ? order by created_at desc""")
			.param(shop.value())
			.query((rs, n) -> new ApiToken(rs.getObject("id", UUID.class), rs.getString("name"),
					Times.instant(rs, "created_at"), Times.instant(rs, "last_used_at"),
					Times.instant(rs, "revoked_at")))
			.list();
	}

	public void revoke(ShopId shop, UUID id) {
		this.jdbc.sql("update api_token set revoked_at = ? where shop_id = ? and id = ? and revoked_at is null")
			.params(Times.column(this.clock.instant()), shop.value(), id)
			.update();
	}

	/**
	 * "Last used" is kept to the minute: a till sending a visit a second costs no extra
	 * write.
	 */
	private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	Optional<ShopUser> authenticate(String token) {
		Instant now = this.clock.instant();
		return this.jdbc
			.sql("select id, shop_id, name, last_used_at from api_token where token_hash = ? and revoked_at is null")
			.param(Tokens.sha256(token))
			.query((rs, n) -> {
				UUID id = rs.getObject("id", UUID.class);
				Instant lastUsed = Times.instant(rs, "last_used_at");
				if (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_PRECISION))) {
					this.jdbc.sql("update api_token set last_used_at = ? where id = ?")
						.params(Times.column(now), id)
						.update();
				}
				return new ShopUser(id, new ShopId(rs.getObject("shop_id", UUID.class)), "api:" + id,
						rs.getString("name"), Role.API, null);
			})
			.optional();
	}

}
