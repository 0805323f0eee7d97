package app.extramile.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A second factor for signing in: a TOTP secret shared with the person's authenticator
 * app, switched on only once a first code from the app is right, plus ten one-time
 * recovery codes for a lost phone (stored as SHA-256 hashes: each is random, 50 bits, so
 * a slow hash adds nothing). A code is accepted once: the last time step used is kept,
 * and a code of that step or an earlier one is refused, so a code seen over a shoulder or
 * replayed within its 30 seconds gets nothing.
 */
@Component
class SecondFactors {

	static final int RECOVERY_CODES = 10;

	private static final String ISSUER = "Extra Mile";

	private static final String RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Clock clock;

	SecondFactors(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Where an account stands: on, being set up (a secret not yet confirmed), or off. */
	public record Status(boolean on, boolean settingUp, int recoveryCodesLeft) {
	}

	/** What the person copies into their authenticator app while setting up. */
	public record Enrolment(String secret, String groupedSecret, String uri) {
	}

	Status status(UUID accountId) {
		Optional<Boolean> confirmed = this.jdbc
			.sql("select confirmed_at is not null from account_second_factor where account_id = ?")
			.param(accountId)
			.query(Boolean.class)
			.optional();
		int left = this.jdbc.sql("select count(*) from account_recovery_code where account_id = ? and used_at is null")
			.param(accountId)
			.query(Integer.class)
			.single();
		return new Status(confirmed.orElse(false), confirmed.isPresent() && !confirmed.get(), left);
	}

	boolean isOn(UUID accountId) {
		return status(accountId).on();
	}

	/**
	 * A new secret for the app, not yet switched on (replacing one not confirmed); empty
	 * when a second factor is on already.
	 */
	@Transactional
	Optional<Enrolment> begin(ShopUser user, String shopName) {
		if (isOn(user.accountId())) {
			return Optional.empty();
		}
		this.jdbc.sql("delete from account_second_factor where account_id = ?").param(user.accountId()).update();
		String secret = Totp.newSecret();
		this.jdbc.sql("""
				insert into account_second_factor (account_id, shop_id, secret, last_step, created_at)
				values (?, ?, ?, 0, ?)""")
			.params(user.accountId(), user.shopId().value(), secret, Times.column(this.clock.instant()))
			.update();
		return Optional.of(enrolment(user, shopName, secret));
	}

	/** The secret being set up, to show again (after a wrong first code). */
	Optional<Enrolment> settingUp(ShopUser user, String shopName) {
		return this.jdbc.sql("select secret from account_second_factor where account_id = ? and confirmed_at is null")
			.param(user.accountId())
			.query(String.class)
			.optional()
			.map((secret) -> enrolment(user, shopName, secret));
	}

	/**
	 * Switches the second factor on when {@code code} is right for the secret being set
	 * up, and answers the recovery codes (shown once, never again); empty when it is not.
	 */
	@Transactional
	Optional<List<String>> confirm(ShopUser user, String code) {
		Optional<String> secret = this.jdbc
			.sql("select secret from account_second_factor where account_id = ? and confirmed_at is null")
			.param(user.accountId())
			.query(String.class)
			.optional();
		if (secret.isEmpty()) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		OptionalLong step = Totp.matchingStep(secret.get(), code, now);
		if (step.isEmpty()) {
			return Optional.empty();
		}
		this.jdbc.sql("update account_second_factor set confirmed_at = ?, last_step = ? where account_id = ?")
			.params(Times.column(now), step.getAsLong(), user.accountId())
			.update();
		return Optional.of(replaceRecoveryCodes(user.accountId(), user.shopId()));
	}

	/**
	 * Whether {@code typed} is a right code for this account now: a TOTP code not used
	 * before, or an unused recovery code (which is then used up).
	 */
	@Transactional
	boolean verify(UUID accountId, String typed) {
		String digits = Totp.digitsOnly(typed);
		if (digits.length() == Totp.DIGITS && digits.chars().allMatch(Character::isDigit)) {
			return verifyTotp(accountId, digits);
		}
		return useRecoveryCode(accountId, typed);
	}

	private boolean verifyTotp(UUID accountId, String code) {
		Optional<String> secret = this.jdbc
			.sql("select secret from account_second_factor where account_id = ? and confirmed_at is not null")
			.param(accountId)
			.query(String.class)
			.optional();
		if (secret.isEmpty()) {
			return false;
		}
		OptionalLong step = Totp.matchingStep(secret.get(), code, this.clock.instant());
		if (step.isEmpty()) {
			return false;
		}
		// one winner even for two requests with the same code at the same moment
		return this.jdbc.sql("update account_second_factor set last_step = ? where account_id = ? and last_step < ?")
			.params(step.getAsLong(), accountId, step.getAsLong())
			.update() == 1;
	}

	private boolean useRecoveryCode(UUID accountId, String typed) {
		String normalised = (typed != null) ? typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT) : "";
		if (normalised.length() != 10) {
			return false;
		}
		return this.jdbc.sql("""
				update account_recovery_code set used_at = ?
				where account_id = ? and code_hash = ? and used_at is null
				  and exists (select 1 from account_second_factor f
				              where f.account_id = account_recovery_code.account_id and f.confirmed_at is not null)""")
			.params(Times.column(this.clock.instant()), accountId, sha256(normalised))
			.update() == 1;
	}

	/** New recovery codes in place of the old ones (all of which stop working). */
	@Transactional
	List<String> replaceRecoveryCodes(UUID accountId, ShopId shop) {
		this.jdbc.sql("delete from account_recovery_code where account_id = ?").param(accountId).update();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			StringBuilder code = new StringBuilder();
			for (int c = 0; c < 10; c++) {
				code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
			}
			this.jdbc.sql("insert into account_recovery_code (account_id, shop_id, code_hash) values (?, ?, ?)")
				.params(accountId, shop.value(), sha256(code.toString()))
				.update();
			codes.add(code.substring(0, 5) + "-" + code.substring(5));
		}
		return codes;
	}

	/**
	 * Switches the second factor off (after a right code, or by an owner for a member).
	 */
	@Transactional
	void turnOff(ShopId shop, UUID accountId) {
		this.jdbc.sql("delete from account_recovery_code where account_id = ? and shop_id = ?")
			.params(accountId, shop.value())
			.update();
		this.jdbc.sql("delete from account_second_factor where account_id = ? and shop_id = ?")
			.params(accountId, shop.value())
			.update();
	}

	/** The members of a shop with a second factor on. */
	List<UUID> membersWithSecondFactor(ShopId shop) {
		return this.jdbc
			.sql("select account_id from account_second_factor where shop_id = ? and confirmed_at is not null")
			.param(shop.value())
			.query(UUID.class)
			.list();
	}

	private static Enrolment enrolment(ShopUser user, String shopName, String secret) {
		String label = encode(ISSUER + " (" + shopName + "):" + user.getUsername());
		String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(ISSUER)
				+ "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
		return new Enrolment(secret, Totp.grouped(secret), uri);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
