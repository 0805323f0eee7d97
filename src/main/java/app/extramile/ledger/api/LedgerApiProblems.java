package app.extramile.ledger.api;

import java.util.List;

import app.extramile.ledger.LedgerRefusedException;
import app.extramile.ledger.LedgerRefusedException.Reason;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the gift certificate API as RFC 9457 problem details with a {@code reason}
 * and an {@code errors} array naming the field at fault: unreadable JSON or a missing
 * {@code Idempotency-Key} (400), an unknown code (404), anything else refused (422).
 */
@RestControllerAdvice(assignableTypes = GiftCertificateApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LedgerApiProblems extends ResponseEntityExceptionHandler {

	private final MessageSource messages;

	LedgerApiProblems(MessageSource messages) {
		this.messages = messages;
	}

	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler(LedgerRefusedException.class)
	ResponseEntity<ProblemDetail> refused(LedgerRefusedException ex) {
		HttpStatus status = switch (ex.reason()) {
			case UNKNOWN_CODE -> HttpStatus.NOT_FOUND;
			case IDEMPOTENCY_KEY_INVALID -> HttpStatus.BAD_REQUEST;
			case OWNER_ONLY -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
		String message = message(ex.reason().messageKey());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
		problem.setTitle(message((ex.reason() == Reason.UNKNOWN_CODE) ? "ledger.api.problem.notFound.title"
				: "ledger.api.problem.refused.title"));
		problem.setProperty("reason", ex.reason().name());
		problem.setProperty("errors", List.of(new FieldProblem(ex.field(), message)));
		return ResponseEntity.status(status).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = JsonFields.at(ex).orElse(null);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				message((field != null) ? "api.problem.fieldUnreadable" : "api.problem.unreadable"));
		problem.setTitle(message("api.problem.unreadable.title"));
		if (field != null) {
			problem.setProperty("errors", List.of(new FieldProblem(field,
					message(JsonFields.duplicateKey(ex) ? "api.problem.duplicateKey" : "api.problem.wrongType"))));
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private String message(String key) {
		return this.messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}

}
