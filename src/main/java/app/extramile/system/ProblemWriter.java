package app.extramile.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Writes an RFC 9457 problem detail from places outside Spring MVC (the security
 * filters).
 */
@Component
class ProblemWriter {

	private final MessageSource messages;

	private final JsonMapper json;

	ProblemWriter(MessageSource messages, JsonMapper json) {
		this.messages = messages;
		this.json = json;
	}

	void write(HttpServletResponse response, HttpStatus status, String messageKey, String instance, Object... arguments)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		Locale locale = LocaleContextHolder.getLocale();
		problem.put("title",
				this.messages.getMessage("problem.status." + status.value(), null, status.getReasonPhrase(), locale));
		problem.put("status", status.value());
		problem.put("detail", this.messages.getMessage(messageKey, arguments, locale));
		problem.put("instance", instance);
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		response.setHeader(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage());
		response.setCharacterEncoding("UTF-8");
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Bearer");
		}
		response.getWriter().write(this.json.writeValueAsString(problem));
	}

}
