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
 * The monitoring token for {@code /actuator/prometheus}: a scrape that sends
 * {@code Authorization: Bearer <extramile.metrics.token>} is let in; anything else is
 * answered 401 (404 when no token is configured, so the endpoint is off). Compared in
 * constant time.
 */
class MetricsTokenFilter extends OncePerRequestFilter {

	private final byte[] token;

	MetricsTokenFilter(String token) {
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
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"extramile-metrics\"");
			response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("monitoring", null,
					List.of(new SimpleGrantedAuthority("ROLE_METRICS"))));
		chain.doFilter(request, response);
	}

}
