package app.extramile.ledger;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Gift certificate codes: 16 characters from an alphabet without look-alikes (no 0, O, 1,
 * I or L), about 79 bits, so a code cannot be guessed; printed in groups of four.
 */
final class CertificateCodes {

	static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

	static final int LENGTH = 16;

	private static final SecureRandom RANDOM = new SecureRandom();

	private CertificateCodes() {
	}

	static String next() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * The code as stored: upper case, spaces and dashes dropped; null when it cannot be a
	 * code at all.
	 */
	static String normalise(String typed) {
		if (typed == null) {
			return null;
		}
		String code = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
		if (code.length() != LENGTH) {
			return null;
		}
		for (int i = 0; i < code.length(); i++) {
			if (ALPHABET.indexOf(code.charAt(i)) < 0) {
				return null;
			}
		}
		return code;
	}

	/** {@code ABCD-EFGH-JKMN-PQRS}. */
	static String grouped(String code) {
		return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-"
				+ code.substring(12);
	}

}
