package app.extramile.system;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Accounts of owners, staff and volunteers. Passwords are stored as Argon2id hashes only.
 */
@Component
public class Accounts {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final Clock clock;

	Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.clock = clock;
	}

	public record Member(UUID id, String username, String displayName, Role role, boolean enabled) {
	}

	Optional<ShopUser> findForLogin(String username) {
		return this.jdbc.sql("""
				select id, shop_id, username, display_name, role, password_hash
				from account where username = ? and enabled""")
			.param(username.trim().toLowerCase())
			.query((rs, n) -> new ShopUser(rs.getObject("id", UUID.class),
					new ShopId(rs.getObject("shop_id", UUID.class)), rs.getString("username"),
					rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash")))
			.optional();
	}

	public boolean usernameTaken(String username) {
		return this.jdbc.sql("select count(*) from account where username = ?")
			.param(username.trim().toLowerCase())
			.query(Long.class)
			.single() > 0;
	}

	public UUID create(ShopId shop, String username, String displayName, Role role, String rawPassword) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at)
				values (?, ?, ?, ?, ?, ?, true, ?)""")
			.params(id, shop.value(), username.trim().toLowerCase(), displayName.trim(), role.name(),
					this.passwords.encode(rawPassword), Times.column(this.clock.instant()))
			.update();
		return id;
	}

	public List<Member> members(ShopId shop) {
		return this.jdbc.sql("""
				select id, username, display_name, role, enabled from account
				where shop_id = ? order by role, display_name""")
			.param(shop.value())
			.query((rs, n) -> new Member(rs.getObject("id", UUID.class), rs.getString("username"),
					rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled")))
			.list();
	}

}
