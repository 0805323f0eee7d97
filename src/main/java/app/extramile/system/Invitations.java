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
import org.springframework.transaction.annotation.Transactional;

/**
 * Owners invite staff and volunteers with a one-time link; the invitee chooses a username
 * and password. Links expire after a week and work once.
 */
@Component
class Invitations {

	static final Duration VALID_FOR = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Clock clock;

	Invitations(JdbcClient jdbc, Accounts accounts, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.clock = clock;
	}

	record Invitation(UUID id, ShopId shopId, String displayName, Role role, Instant expiresAt, Instant acceptedAt) {
	}

	/** Returns the secret token for the link; only its digest is stored. */
	String invite(ShopUser owner, String displayName, Role role) {
		if (role != Role.STAFF && role != Role.VOLUNTEER) {
			throw new IllegalArgumentException("only staff and volunteers are invited");
		}
		String token = Tokens.newToken("inv_");
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into invitation (id, shop_id, token_hash, display_name, role, invited_by, created_at, expires_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), owner.shopId().value(), Tokens.sha256(token), displayName.trim(), role.name(),
					owner.accountId(), Times.column(now), Times.column(now.plus(VALID_FOR)))
			.update();
		return token;
	}

	Optional<Invitation> findOpen(String token) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("""
				select id, shop_id, display_name, role, expires_at, accepted_at from invitation
				where token_hash = ?""")
			.param(Tokens.sha256(token))
			.query((rs, n) -> new Invitation(rs.getObject("id", UUID.class),
					new ShopId(rs.getObject("shop_id", UUID.class)), rs.getString("display_name"),
					Role.valueOf(rs.getString("role")), Times.instant(rs, "expires_at"),
					Times.instant(rs, "accepted_at")))
			.optional()
			.filter((i) -> i.acceptedAt() == null && i.expiresAt().isAfter(now));
	}

	/** Accepts the invitation once; false if it was used, expired or never existed. */
	@Transactional
	boolean accept(String token, String username, String password) {
		Optional<Invitation> invitation = findOpen(token);
		if (invitation.isEmpty()) {
			return false;
		}
		int claimed = this.jdbc.sql("update invitation set accepted_at = ? where id = ? and accepted_at is null")
			.params(Times.column(this.clock.instant()), invitation.get().id())
			.update();
		if (claimed == 0) {
			return false;
		}
		Invitation i = invitation.get();
		this.accounts.create(i.shopId(), username, i.displayName(), i.role(), password);
		return true;
	}

	List<Invitation> pending(ShopId shop) {
		return this.jdbc.sql("""
				select id, shop_id, display_name, role, expires_at, accepted_at from invitation
				where shop_id = ? and accepted_at is null and expires_at > ? order by created_at desc""")
			.params(shop.value(), Times.column(this.clock.instant()))
			.query((rs, n) -> new Invitation(rs.getObject("id", UUID.class),
					new ShopId(rs.getObject("shop_id", UUID.class)), rs.getString("display_name"),
					Role.valueOf(rs.getString("role")), Times.instant(rs, "expires_at"),
					Times.instant(rs, "accepted_at")))
			.list();
	}

}
