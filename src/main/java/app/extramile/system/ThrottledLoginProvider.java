package app.extramile.system;

import app.extramile.shared.ShopUser;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Password login that refuses a username from an address for a while after repeated
 * failures from that address, whether or not the account exists (so the lock does not
 * reveal which usernames are real); see {@link LoginThrottle}. With a second factor on, a
 * right password only leads to the code page ({@link SecondFactorSignIn}).
 */
@Component
class ThrottledLoginProvider implements AuthenticationProvider {

	private final DaoAuthenticationProvider passwords;

	private final LoginThrottle throttle;

	private final SecondFactors secondFactors;

	private final SecondFactorSignIn secondStep;

	ThrottledLoginProvider(Accounts accounts, PasswordEncoder encoder, LoginThrottle throttle,
			SecondFactors secondFactors, SecondFactorSignIn secondStep) {
		this.passwords = new DaoAuthenticationProvider((username) -> accounts.findForLogin(username)
			.orElseThrow(() -> new UsernameNotFoundException("unknown")));
		this.passwords.setPasswordEncoder(encoder);
		this.throttle = throttle;
		this.secondFactors = secondFactors;
		this.secondStep = secondStep;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = authentication.getName();
		String source = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		if (this.throttle.isLocked(username, source)) {
			throw new LockedException("locked");
		}
		try {
			Authentication result = this.passwords.authenticate(authentication);
			if (result.getPrincipal() instanceof ShopUser user && this.secondFactors.isOn(user.accountId())) {
				// failures stay counted until the code is right too: a known password
				// must not reset the count of wrong codes
				throw new SecondFactorNeeded(user.getUsername());
			}
			this.throttle.succeeded(username, source);
			return result;
		}
		catch (BadCredentialsException ex) {
			this.throttle.failed(username, source);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.passwords.supports(authentication);
	}

	AuthenticationFailureHandler failureHandler() {
		return (request, response, exception) -> {
			if (exception instanceof SecondFactorNeeded needed) {
				this.secondStep.passwordAccepted(request, needed.username());
				response.sendRedirect(request.getContextPath() + "/login/code");
				return;
			}
			String target = (exception instanceof LockedException) ? "/login?locked" : "/login?error";
			new SimpleUrlAuthenticationFailureHandler(target).onAuthenticationFailure(request, response, exception);
		};
	}

}
