package app.extramile.system;

import java.util.List;
import java.util.Optional;

import app.extramile.shared.JsonFields;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's answer to a request it cannot read, for every API controller whose module
 * does not answer it more precisely: RFC 9457 problem details with an {@code errors}
 * array naming the field or parameter at fault (unreadable or wrongly typed JSON, a key
 * given twice, a query parameter that does not parse, a missing parameter or header).
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiProblemAnswers extends ResponseEntityExceptionHandler {

	private final MessageSource messages;

	ApiProblemAnswers(MessageSource messages) {
		this.messages = messages;
	}

	/** One field at fault: a JSON path like {@code items[2].name}, or a parameter. */
	record FieldProblem(String field, String message) {
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Optional<String> field = JsonFields.at(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				message(field.isPresent() ? "api.problem.fieldUnreadable" : "api.problem.unreadable"));
		problem.setTitle(message("api.problem.unreadable.title"));
		field.ifPresent((name) -> problem.setProperty("errors", List.of(new FieldProblem(name,
				message(JsonFields.duplicateKey(ex) ? "api.problem.duplicateKey" : "api.problem.wrongType")))));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return parameter(ex, ex.getParameterName(), "api.problem.missing", headers, request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
		return parameter(ex, ex.getName(), "api.problem.wrongType", new HttpHeaders(), request);
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<Object> missingHeader(MissingRequestHeaderException ex, WebRequest request) {
		return parameter(ex, ex.getHeaderName(), "api.problem.missing", new HttpHeaders(), request);
	}

	private ResponseEntity<Object> parameter(Exception ex, String name, String messageKey, HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				message("api.problem.badParameter"));
		problem.setTitle(message("api.problem.badParameter.title"));
		problem.setProperty("errors", List.of(new FieldProblem(name, message(messageKey))));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private String message(String key) {
		return this.messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}

}
