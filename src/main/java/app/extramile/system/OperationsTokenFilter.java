package app.extramile.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operations token, for the monitoring scrape ({@code /actuator/prometheus}) and the
 * online backup ({@code /operations/backup}): a request that sends
 * {@code Authorization: Bearer <extramile.operations.token>} is let in; anything else is
 * answered 401 (404 when no token is configured, so both are off). Compared in constant
 * time.
 */
class OperationsTokenFilter extends OncePerRequestFilter {

	private final byte[] token;

	OperationsTokenFilter(String token) {
		this.token = (token == null) ? new byte[0] : token.strip().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.token.length == 0) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		byte[] sent = (header != null && header.startsWith("Bearer "))
				? header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (!MessageDigest.isEqual(sent, this.token)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"extramile-operations\"");
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operations", null,
					List.of(new SimpleGrantedAuthority("ROLE_OPERATIONS"))));
		chain.doFilter(request, response);
	}

}
