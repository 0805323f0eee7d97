package app.extramile.alarms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider signature: {@code X-Extramile-Signature: sha256=<hex>}, the HMAC-SHA256 of
 * {@code <X-Extramile-Timestamp>.<raw body>} with the provider's secret; the timestamp
 * (unix seconds) within the tolerance of now. Plain Java, no Spring.
 */
final class Signatures {

	enum Check {

		VALID, MISSING, MALFORMED_TIMESTAMP, STALE, MALFORMED_SIGNATURE, WRONG

	}

	private Signatures() {
	}

	static String sign(byte[] secret, String timestamp, byte[] body) {
		return "sha256=" + HexFormat.of().formatHex(mac(secret, timestamp, body));
	}

	static Check check(byte[] secret, String timestamp, String signature, byte[] body, Instant now,
			Duration tolerance) {
		if (timestamp == null || signature == null) {
			return Check.MISSING;
		}
		if (!timestamp.matches("[0-9]{1,12}")) {
			return Check.MALFORMED_TIMESTAMP;
		}
		long seconds = Long.parseLong(timestamp);
		if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
			return Check.STALE;
		}
		if (!signature.matches("sha256=[0-9a-fA-F]{64}")) {
			return Check.MALFORMED_SIGNATURE;
		}
		byte[] given = HexFormat.of().parseHex(signature.substring(7).toLowerCase());
		return MessageDigest.isEqual(given, mac(secret, timestamp, body)) ? Check.VALID : Check.WRONG;
	}

	private static byte[] mac(byte[] secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
			mac.update((byte) '.');
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
