package app.extramile.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import app.extramile.shared.Times;
import app.extramile.shared.Tokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one-time code that setup asks for, so that the first visitor of a new installation
 * cannot claim it: whoever installed the app reads it in the server log (or chose it in
 * {@code EXTRAMILE_SETUP_CODE}). Only its SHA-256 is stored, in one row that every
 * instance shares; setup claims the row in the transaction that creates the first shop.
 */
@Component
class SetupCode {

	private static final Logger log = LoggerFactory.getLogger(SetupCode.class);

	/** Letters and digits that cannot be taken for one another (no 0/O, 1/I/L). */
	private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final Shops shops;

	private final Clock clock;

	private final String configured;

	SetupCode(JdbcClient jdbc, Shops shops, Clock clock, @Value("${extramile.setup.code:}") String configured) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.clock = clock;
		this.configured = configured;
	}

	/**
	 * At start, after the demo village (an application runner) may have made its shop:
	 * with no shop yet, makes sure a code is waiting and says where to find it.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureAtStart() {
		if (this.shops.any()) {
			return;
		}
		if (!normalize(this.configured).isEmpty()) {
			String hash = hash(this.configured);
			int changed = this.jdbc.sql("update setup_code set code_hash = ? where id = 1 and used_at is null")
				.param(hash)
				.update();
			if (changed == 0) {
				this.jdbc
					.sql("insert into setup_code (id, code_hash, created_at) values (1, ?, ?) on conflict do nothing")
					.params(hash, Times.column(this.clock.instant()))
					.update();
			}
			if (normalize(this.configured).length() < 12) {
				log.warn("extramile.setup.code (EXTRAMILE_SETUP_CODE) is shorter than 12 letters and digits: "
						+ "a longer code is harder to guess.");
			}
			log.info("Setup code: the one set in extramile.setup.code (EXTRAMILE_SETUP_CODE). "
					+ "Open /setup to create the first shop.");
			return;
		}
		String code = generate();
		int inserted = this.jdbc
			.sql("insert into setup_code (id, code_hash, created_at) values (1, ?, ?) on conflict do nothing")
			.params(hash(code), Times.column(this.clock.instant()))
			.update();
		if (inserted == 1) {
			log.info("Setup code: {}  (open /setup to create the first shop; the code works once)", code);
		}
		else {
			log.info("A setup code is waiting: it was printed (\"Setup code: ...\") in the log of the instance that "
					+ "made it. If that log is lost, set EXTRAMILE_SETUP_CODE to a code of your own and restart.");
		}
	}

	/** Whether the typed code is the waiting one (not used yet). */
	boolean matches(String typed) {
		if (normalize(typed).isEmpty()) {
			return false;
		}
		Optional<String> stored = this.jdbc.sql("select code_hash from setup_code where id = 1 and used_at is null")
			.query(String.class)
			.optional();
		return stored.isPresent() && MessageDigest.isEqual(stored.get().getBytes(StandardCharsets.US_ASCII),
				hash(typed).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Uses the code up, for the caller's transaction: true for exactly one of any number
	 * of setups at once (a setup that waits on another's claim finds the row used once
	 * that commits), false when it is used already or is not this code.
	 */
	boolean claim(String typed) {
		return this.jdbc.sql("update setup_code set used_at = ? where id = 1 and used_at is null and code_hash = ?")
			.params(Times.column(this.clock.instant()), hash(typed))
			.update() == 1;
	}

	static String generate() {
		StringBuilder code = new StringBuilder(14);
		for (int i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** Typed as printed or not: case, spaces and hyphens do not matter. */
	private static String normalize(String code) {
		return (code != null) ? code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT) : "";
	}

	private static String hash(String code) {
		return Tokens.sha256("setup-code:" + normalize(code));
	}

}
