package app.extramile.alarms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts provider secrets at rest with AES-256-GCM. The key is derived (SHA-256) from
 * {@code extramile.alarms.secret-key} ({@code EXTRAMILE_ALARM_SECRET_KEY}); keep that out
 * of the database backups. Stored form: {@code v1:<base64 iv>:<base64 ciphertext>}.
 */
@Component
class SecretBox {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(@Value("${extramile.alarms.secret-key}") String passphrase) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(passphrase.getBytes(StandardCharsets.UTF_8));
			this.key = new SecretKeySpec(digest, "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The one-time link token of a responder of an alarm: derived (HMAC-SHA256 with the
	 * key), so it is the same whenever it is sent again, and only its digest is stored.
	 */
	String responderToken(java.util.UUID alarmId, int seq) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key.getEncoded(), "HmacSHA256"));
			byte[] token = mac.doFinal(("respond:" + alarmId + ":" + seq).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String seal(String secret) {
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			Base64.Encoder b64 = Base64.getEncoder();
			return "v1:" + b64.encodeToString(iv) + ":" + b64.encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	byte[] open(String stored) {
		try {
			String[] parts = stored.split(":");
			Base64.Decoder b64 = Base64.getDecoder();
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, b64.decode(parts[1])));
			return cipher.doFinal(b64.decode(parts[2]));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("a provider secret cannot be decrypted: is extramile.alarms.secret-key"
					+ " the one it was stored with?");
		}
	}

}
