package app.extramile.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring Boot's {@code /error}, where the servlet container sends every error nobody
 * answered (no route, a method or media type a route does not take, an exception that got
 * away). For a request under {@code /api/} it answers an RFC 9457 problem, whatever the
 * client accepts, so an API client never gets the web error page or Boot's own JSON; so
 * does any client that does not ask for HTML. Browsers still get the error page.
 */
@Configuration(proxyBeanMethods = false)
class ErrorAnswers {

	@Bean
	BasicErrorController basicErrorController(ErrorAttributes attributes, WebProperties web,
			ObjectProvider<ErrorViewResolver> resolvers, ProblemWriter problems) {
		return new ProblemsForApiErrors(attributes, web, resolvers.orderedStream().toList(), problems);
	}

	static class ProblemsForApiErrors extends BasicErrorController {

		private final ProblemWriter problems;

		ProblemsForApiErrors(ErrorAttributes attributes, WebProperties web, List<ErrorViewResolver> resolvers,
				ProblemWriter problems) {
			super(attributes, web.getError(), resolvers);
			this.problems = problems;
		}

		@Override
		public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
			if (!forApi(request)) {
				return super.errorHtml(request, response);
			}
			problem(request, response);
			return null;
		}

		@Override
		public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
			problem(request,
					((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getResponse());
			return null;
		}

		/**
		 * Written straight to the response, not through content negotiation: a client
		 * that accepts only {@code text/csv} still learns why it was refused.
		 */
		private void problem(HttpServletRequest request, HttpServletResponse response) {
			HttpStatus status = getStatus(request);
			String key = switch (status) {
				case NOT_FOUND -> "problem.api.notFound";
				case METHOD_NOT_ALLOWED -> "problem.api.methodNotAllowed";
				case UNSUPPORTED_MEDIA_TYPE -> "problem.api.unsupportedMediaType";
				case NOT_ACCEPTABLE -> "problem.api.notAcceptable";
				case UNAUTHORIZED -> "problem.api.unauthorized";
				case FORBIDDEN -> "problem.api.forbidden";
				default -> status.is4xxClientError() ? "problem.api.refused" : "problem.api.failed";
			};
			Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			try {
				this.problems.write(response, status, key, (uri != null) ? uri.toString() : request.getRequestURI());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static boolean forApi(HttpServletRequest request) {
			Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
			String path = (uri != null) ? uri.toString() : request.getRequestURI();
			String api = request.getContextPath() + "/api/";
			return path.startsWith(api) || path.equals(request.getContextPath() + "/api");
		}

	}

}
