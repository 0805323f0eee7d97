package app.extramile.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.SystemEvents.AccountCreated;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts of owners, staff and volunteers. Passwords are stored as Argon2id hashes only.
 */
@Component
public class Accounts {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.clock = clock;
		this.events = events;
	}

	public record Member(UUID id, String username, String displayName, Role role, boolean enabled) {
	}

	/**
	 * How a team member is reached (by the notifications module). Email and phone are
	 * optional and personal: never log them.
	 */
	public record ContactDetails(UUID id, String displayName, Role role, String email, String phone) {

		/** The first word of the display name, for a greeting. */
		public String firstName() {
			String name = this.displayName.trim();
			int space = name.indexOf(' ');
			return (space > 0) ? name.substring(0, space) : name;
		}

	}

	public Optional<ContactDetails> contactDetails(ShopId shop, UUID accountId) {
		return this.jdbc.sql("""
				select id, display_name, role, email, phone from account
				where shop_id = ? and id = ? and enabled""")
			.params(shop.value(), accountId)
			.query(Accounts::contactDetails)
			.optional();
	}

	public List<ContactDetails> contactDetails(ShopId shop) {
		return this.jdbc.sql("""
				select id, display_name, role, email, phone from account
				where shop_id = ? and enabled order by role, display_name""")
			.param(shop.value())
			.query(Accounts::contactDetails)
			.list();
	}

	/** Blank values clear a detail. False if there is no such member in this shop. */
	public boolean updateContactDetails(ShopId shop, UUID accountId, String email, String phone) {
		return this.jdbc.sql("update account set email = ?, phone = ? where shop_id = ? and id = ?")
			.params(blankToNull(email), blankToNull(phone), shop.value(), accountId)
			.update() == 1;
	}

	private static ContactDetails contactDetails(ResultSet rs, int rowNum) throws SQLException {
		return new ContactDetails(rs.getObject("id", UUID.class), rs.getString("display_name"),
				Role.valueOf(rs.getString("role")), rs.getString("email"), rs.getString("phone"));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
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

	/**
	 * Creates a login and publishes {@link AccountCreated} in the same transaction (its
	 * own one when the caller has none, as the demo village's seeding), so the person
	 * joins the team with it.
	 */
	@Transactional
	public UUID create(ShopId shop, String username, String displayName, Role role, String rawPassword) {
		return createHashed(shop, username, displayName, role, hash(rawPassword));
	}

	/**
	 * The stored form of a password. Argon2id is slow on purpose (tenths of a second
	 * while the JIT is still cold), so seeding many accounts with one password hashes it
	 * once.
	 */
	public String hash(String rawPassword) {
		return this.passwords.encode(rawPassword);
	}

	/** As {@link #create}, with the password already {@link #hash hashed}. */
	@Transactional
	public UUID createHashed(ShopId shop, String username, String displayName, Role role, String passwordHash) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at)
				values (?, ?, ?, ?, ?, ?, true, ?)""")
			.params(id, shop.value(), username.trim().toLowerCase(), displayName.trim(), role.name(), passwordHash,
					Times.column(this.clock.instant()))
			.update();
		this.events.publishEvent(new AccountCreated(shop, id, role));
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
