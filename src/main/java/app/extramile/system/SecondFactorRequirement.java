package app.extramile.system;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps an owner who must set up a second factor (see {@link SecondFactorSignIn}) on
 * their account page: other pages redirect there, htmx parts and posts are refused. Not a
 * bean: only the web filter chain runs it.
 */
class SecondFactorRequirement extends OncePerRequestFilter {

	private static final List<String> OPEN = List.of("/account", "/logout", "/login", "/css/", "/js/", "/img/",
			"/webjars/", "/favicon.ico", "/error", "/notices", "/live");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(SecondFactorSignIn.MUST_SET_UP) == null || open(request)) {
			chain.doFilter(request, response);
			return;
		}
		if ("GET".equals(request.getMethod()) && request.getHeader("HX-Request") == null) {
			response.sendRedirect(request.getContextPath() + "/account?required");
			return;
		}
		response.sendError(HttpStatus.FORBIDDEN.value());
	}

	private static boolean open(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return OPEN.stream()
			.anyMatch((prefix) -> path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"));
	}

}
