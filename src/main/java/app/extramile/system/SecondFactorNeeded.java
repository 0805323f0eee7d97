package app.extramile.system;

import java.io.Serial;

import org.springframework.security.core.AuthenticationException;

/**
 * The password was right and the account has a second factor: the person is not signed in
 * yet. Thrown by {@link ThrottledLoginProvider} so that no authentication reaches the
 * session before the code is right.
 */
class SecondFactorNeeded extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String username;

	SecondFactorNeeded(String username) {
		super("second factor needed");
		this.username = username;
	}

	String username() {
		return this.username;
	}

}
