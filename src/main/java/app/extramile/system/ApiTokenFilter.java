package app.extramile.system;

import java.io.IOException;
import java.util.Optional;

import app.extramile.shared.ShopUser;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the stored token digests.
 * Wrong tokens are counted per source address: after {@link #WRONG_TOKENS} of them in the
 * throttle's window the address gets 429 for a while, without a token being looked at.
 */
class ApiTokenFilter extends OncePerRequestFilter {

	/**
	 * Wrong API tokens from one address before it is locked out of the API for a while.
	 */
	static final int WRONG_TOKENS = 20;

	private static final String API_TOKEN = "api-token";

	private final ApiTokens tokens;

	private final LoginThrottle throttle;

	private final ProblemWriter problems;

	ApiTokenFilter(ApiTokens tokens, LoginThrottle throttle, ProblemWriter problems) {
		this.tokens = tokens;
		this.throttle = throttle;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String source = request.getRemoteAddr();
			if (this.throttle.isGuessingLocked(API_TOKEN, source)) {
				response.setHeader("Retry-After", "900");
				this.problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "problem.api.tooManyWrongTokens",
						request.getRequestURI());
				return;
			}
			Optional<ShopUser> user = this.tokens.authenticate(header.substring(7).trim());
			if (user.isPresent()) {
				var authentication = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
						user.get().getAuthorities());
				SecurityContextHolder.getContext().setAuthentication(authentication);
			}
			else {
				this.throttle.failedGuess(API_TOKEN, source, WRONG_TOKENS);
			}
		}
		chain.doFilter(request, response);
	}

}
