package app.extramile.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Until the application is ready (the demo village seeded, the first sweep of Who's
 * missing done), pages answer 503 with a short "starting" page that reloads itself, and
 * the API answers 503 problem details, so a newcomer's first sign-in is not refused for a
 * demo account that does not exist yet. The health endpoints stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class StartingUp extends OncePerRequestFilter {

	private final ApplicationAvailability availability;

	private final MessageSource messages;

	StartingUp(ApplicationAvailability availability, MessageSource messages) {
		this.availability = availability;
		this.messages = messages;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/actuator/") || path.startsWith("/css/") || path.startsWith("/js/")
				|| path.startsWith("/img/") || path.startsWith("/webjars/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			chain.doFilter(request, response);
			return;
		}
		Locale locale = request.getLocale();
		String message = this.messages.getMessage("starting.message", null, locale);
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", "2");
		response.setHeader("Cache-Control", "no-store");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith("/api/")) {
			response.setContentType("application/problem+json");
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
						+ message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
			return;
		}
		String title = HtmlUtils.htmlEscape(this.messages.getMessage("app.name", null, locale));
		response.setContentType("text/html");
		response.getWriter()
			.write("<!DOCTYPE html><html lang=\"" + HtmlUtils.htmlEscape(locale.getLanguage())
					+ "\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
					+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
					+ "</title></head><body><main><h1>" + title + "</h1><p role=\"status\">"
					+ HtmlUtils.htmlEscape(message) + "</p></main></body></html>");
	}

}
