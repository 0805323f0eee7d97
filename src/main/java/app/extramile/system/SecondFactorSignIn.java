package app.extramile.system;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The second step of signing in. After a right password the session holds only who is
 * half way ({@link Pending}, for five minutes), never an authentication: every page but
 * the code page still sends them to sign in. A right code completes the sign-in as a
 * password alone does (a new session id, a new CSRF token, back to the page they asked
 * for). Either way, an owner of a shop that requires a second factor and who has none is
 * sent to set one up first, and kept there ({@link #MUST_SET_UP}) until it is on.
 */
@Component
class SecondFactorSignIn {

	/**
	 * Session attribute: signed in, but must set up a second factor before anything else.
	 */
	static final String MUST_SET_UP = SecondFactorSignIn.class.getName() + ".mustSetUp";

	private static final String PENDING = SecondFactorSignIn.class.getName() + ".pending";

	private static final Duration PENDING_FOR = Duration.ofMinutes(5);

	private final SecondFactors secondFactors;

	private final Shops shops;

	private final Clock clock;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final SavedRequestAwareAuthenticationSuccessHandler savedRequest = new SavedRequestAwareAuthenticationSuccessHandler();

	private final Languages languages;

	private final Display display;

	private final LocaleResolver locales;

	SecondFactorSignIn(SecondFactors secondFactors, Shops shops, Clock clock, Languages languages,
			LocaleResolver locales, Display display) {
		this.display = display;
		this.secondFactors = secondFactors;
		this.shops = shops;
		this.clock = clock;
		this.languages = languages;
		this.locales = locales;
	}

	/** Who has given the right password and not yet the code. */
	record Pending(String username, Instant since) implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

	}

	void passwordAccepted(HttpServletRequest request, String username) {
		HttpSession session = request.getSession(true);
		request.changeSessionId();
		session.setAttribute(PENDING, new Pending(username, this.clock.instant()));
	}

	Optional<Pending> pending(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PENDING) instanceof Pending pending)) {
			return Optional.empty();
		}
		if (pending.since().plus(PENDING_FOR).isBefore(this.clock.instant())) {
			session.removeAttribute(PENDING);
			return Optional.empty();
		}
		return Optional.of(pending);
	}

	void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(PENDING);
		}
	}

	/** The code was right: the person is signed in from now on. */
	void complete(HttpServletRequest request, HttpServletResponse response, ShopUser user) throws IOException {
		forget(request);
		user.eraseCredentials();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, user.getAuthorities());
		authentication.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
		request.changeSessionId();
		new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository()).onAuthentication(authentication, request,
				response);
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		this.contexts.saveContext(context, request, response);
		signedIn(request, response, authentication);
	}

	/** After a full sign-in, by password alone or with the code. */
	AuthenticationSuccessHandler successHandler() {
		return this::signedIn;
	}

	private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		if (authentication.getPrincipal() instanceof ShopUser user) {
			// the account's own choice of language follows the person to any device they
			// sign in on
			this.languages.chosenBy(user.shopId(), user.accountId())
				.ifPresent((language) -> this.locales.setLocale(request, response, language.locale()));
			Display.remember(response, this.display.of(user.shopId(), user.accountId()));
		}
		if (authentication.getPrincipal() instanceof ShopUser user && mustSetUp(user)) {
			request.getSession().setAttribute(MUST_SET_UP, Boolean.TRUE);
			response.sendRedirect(request.getContextPath() + "/account?required");
			return;
		}
		try {
			this.savedRequest.onAuthenticationSuccess(request, response, authentication);
		}
		catch (jakarta.servlet.ServletException ex) {
			throw new IOException(ex);
		}
	}

	boolean mustSetUp(ShopUser user) {
		return user.role() == Role.OWNER && this.shops.ownersNeedSecondFactor(user.shopId())
				&& !this.secondFactors.isOn(user.accountId());
	}

}
