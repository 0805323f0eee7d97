package app.extramile.demo;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo logins' password hashes are made once, not at every start: "demo" opens the
 * three logins the README names, and the others open with nothing anyone knows.
 */
class DemoPasswordsTests {

	/** The application's encoder (system's SecurityConfiguration). */
	private final Argon2PasswordEncoder passwords = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

	@Test
	void theDemoPasswordIsDemo() {
		assertThat(this.passwords.matches("demo", DemoVillage.DEMO_PASSWORD_HASH)).isTrue();
		assertThat(this.passwords.matches("Demo", DemoVillage.DEMO_PASSWORD_HASH)).isFalse();
		assertThat(this.passwords.upgradeEncoding(DemoVillage.DEMO_PASSWORD_HASH))
			.as("made with the application's own settings")
			.isFalse();
	}

	@Test
	void theOtherLoginsOpenWithNothingGuessable() {
		for (String guess : new String[] { "demo", "", "password", "heledd", "rhodri" }) {
			assertThat(this.passwords.matches(guess, DemoVillage.UNUSABLE_PASSWORD_HASH)).as(guess).isFalse();
		}
		assertThat(this.passwords.upgradeEncoding(DemoVillage.UNUSABLE_PASSWORD_HASH)).isFalse();
	}

}
