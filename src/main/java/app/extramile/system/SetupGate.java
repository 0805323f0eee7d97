package app.extramile.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Until the first shop exists, every page leads to the one-time setup page. Once a shop
 * exists the setup page is gone for good: there is no default password outside demo mode.
 */
@Component
class SetupGate extends OncePerRequestFilter {

	private final Shops shops;

	/** Only ever goes from false to true, so caching it per instance is safe. */
	private volatile boolean setUp;

	SetupGate(Shops shops) {
		this.shops = shops;
	}

	boolean isSetUp() {
		if (!this.setUp) {
			this.setUp = this.shops.any();
		}
		return this.setUp;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean open = path.equals("/setup") || path.startsWith("/css/") || path.startsWith("/js/")
				|| path.startsWith("/webjars/") || path.startsWith("/actuator/") || path.equals("/error")
				|| path.equals("/favicon.ico");
		if (!open && !isSetUp()) {
			response.sendRedirect(request.getContextPath() + "/setup");
			return;
		}
		chain.doFilter(request, response);
	}

}
