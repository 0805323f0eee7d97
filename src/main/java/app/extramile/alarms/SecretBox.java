package app.extramile.alarms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Encrypts provider secrets at rest with AES-256-GCM. The key is derived (SHA-256) from
 * {@code extramile.alarms.secret-key} ({@code EXTRAMILE_ALARM_SECRET_KEY}); keep that out
 * of the database backups. Stored form: {@code v1:<base64 iv>:<base64 ciphertext>}.
 *
 * <p>
 * When the setting is empty (there is no built-in default), the first instance that needs
 * the key generates one at random and keeps it in {@code alarm_secret_key} (inserted if
 * absent, then read, so every instance of a cluster uses the same); secrets sealed with
 * the constant that was the default before are sealed again with it then. The key seals
 * only providers' secrets: responder links do not depend on it (see
 * {@link ResponderLinks}), so changing it breaks no link, though secrets sealed with the
 * old key must then be set again.
 */
@Component
class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	/**
	 * What {@code extramile.alarms.secret-key} defaulted to before it was generated:
	 * secrets sealed with it are sealed again with the generated key.
	 */
	static final String FORMER_DEFAULT = "extramile-default-alarm-key-change-me";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String passphrase;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private volatile SecretKeySpec key;

	SecretBox(@Value("${extramile.alarms.secret-key:}") String passphrase, JdbcClient jdbc,
			PlatformTransactionManager transactions, Clock clock) {
		this.passphrase = passphrase;
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/**
	 * Settles the key at start, while no request holds a connection: making it takes one
	 * of its own.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void settleKey() {
		key();
	}

	private SecretKeySpec key() {
		SecretKeySpec key = this.key;
		if (key == null) {
			synchronized (this) {
				key = this.key;
				if (key == null) {
					key = derive((this.passphrase != null && !this.passphrase.isBlank()) ? this.passphrase
							: this.ownTransaction.execute((tx) -> keptPassphrase()));
					this.key = key;
				}
			}
		}
		return key;
	}

	/**
	 * The generated passphrase from the database, made now if there is none yet. In a
	 * transaction of its own, so that it is kept even if the caller's rolls back.
	 */
	private String keptPassphrase() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		int inserted = this.jdbc
			.sql("insert into alarm_secret_key (id, passphrase, created_at) values (1, ?, ?) on conflict do nothing")
			.params(generated, Times.column(this.clock.instant()))
			.update();
		if (inserted == 1) {
			log.warn("extramile.alarms.secret-key (EXTRAMILE_ALARM_SECRET_KEY) is not set: generated a key for "
					+ "the providers' secrets and kept it in the database. Set it to keep the key out of the "
					+ "database backups.");
			sealAgainFromFormerDefault(derive(generated));
		}
		return this.jdbc.sql("select passphrase from alarm_secret_key where id = 1").query(String.class).single();
	}

	private void sealAgainFromFormerDefault(SecretKeySpec generated) {
		SecretKeySpec former = derive(FORMER_DEFAULT);
		List<Map.Entry<UUID, String>> sealed = this.jdbc.sql("select id, secret_enc from alarm_provider")
			.query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("secret_enc")))
			.list();
		int again = 0;
		for (Map.Entry<UUID, String> provider : sealed) {
			byte[] secret;
			try {
				secret = open(former, provider.getValue());
			}
			catch (IllegalStateException ex) {
				continue;
			}
			this.jdbc.sql("update alarm_provider set secret_enc = ? where id = ?")
				.params(seal(generated, new String(secret, StandardCharsets.UTF_8)), provider.getKey())
				.update();
			again++;
		}
		if (again > 0) {
			log.warn("{} provider secrets sealed with the former default key were sealed again with the generated one",
					again);
		}
	}

	private static SecretKeySpec derive(String passphrase) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8));
			return new SecretKeySpec(digest, "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String seal(String secret) {
		return seal(key(), secret);
	}

	byte[] open(String stored) {
		return open(key(), stored);
	}

	private static String seal(SecretKeySpec key, String secret) {
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			Base64.Encoder b64 = Base64.getEncoder();
			return "v1:" + b64.encodeToString(iv) + ":" + b64.encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] open(SecretKeySpec key, String stored) {
		try {
			String[] parts = stored.split(":");
			Base64.Decoder b64 = Base64.getDecoder();
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, b64.decode(parts[1])));
			return cipher.doFinal(b64.decode(parts[2]));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("a provider secret cannot be decrypted: is extramile.alarms.secret-key"
					+ " the one it was stored with?");
		}
	}

}
