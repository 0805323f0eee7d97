package app.extramile.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.extramile.shared.ApiFields;
import app.extramile.shared.JsonFields;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;

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
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place the API's errors become RFC 9457 problem details, for every API
 * controller of every module (the security filters' answers are written by
 * {@link ProblemWriter}). Each names the field or parameter at fault in an {@code errors}
 * array:
 * <ul>
 * <li>a request it cannot read: unreadable or wrongly typed JSON, a key given twice, a
 * query parameter that does not parse, a missing parameter or header (400);</li>
 * <li>a body or parameter that breaks its constraints (422 and 400);</li>
 * <li>a {@link Refused} from any module: 422, or what its {@link Refused.Kind} says,
 * titled by the module's {@code <module>.api.problem.refused.title} (or
 * {@code .notFound.title}), the field in the API's own name ({@link ApiFields}), with
 * whatever else the refusal adds ({@link Refused#details()}, the ledger's
 * {@code reason});</li>
 * <li>something that is not in the caller's shop, where the module names it
 * ({@code <module>.api.problem.notFound.title}): 404.</li>
 * </ul>
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiProblemAnswers extends ResponseEntityExceptionHandler {

	private static final String MODULES = "app.extramile.";

	private final MessageSource messages;

	ApiProblemAnswers(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * One field at fault: a JSON path like {@code visits[3].amountMinor}, or a parameter.
	 */
	record FieldProblem(String field, String message) {
	}

	@ExceptionHandler(Refused.class)
	ResponseEntity<ProblemDetail> refused(Refused ex, HandlerMethod handler) {
		HttpStatus status = switch (ex.kind()) {
			case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case REFUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
		};
		String message = this.messages.getMessage(ex.messageKey(), ex.arguments(), LocaleContextHolder.getLocale());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
		String title = (ex.kind() == Refused.Kind.NOT_FOUND) ? "notFound" : "refused";
		problem
			.setTitle(moduleMessage(handler, "api.problem." + title + ".title").orElseGet(() -> statusTitle(status)));
		for (Map.Entry<String, Object> detail : ex.details().entrySet()) {
			problem.setProperty(detail.getKey(), detail.getValue());
		}
		String field = (handler.getBean() instanceof ApiFields names) ? names.apiName(ex.field()) : ex.field();
		problem.setProperty("errors", List.of(new FieldProblem(field, message)));
		return ResponseEntity.status(status).body(problem);
	}

	/**
	 * Where the module names what is not found, a problem detail; elsewhere the answer
	 * {@link NotFoundException} has always had.
	 */
	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex, HandlerMethod handler) {
		String title = moduleMessage(handler, "api.problem.notFound.title").orElseThrow(() -> ex);
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
		problem.setTitle(title);
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
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
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				message("api.problem.invalid"));
		problem.setTitle(message("api.problem.invalid.title"));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			RequestParam param = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
			String name = (param != null && !param.name().isEmpty()) ? param.name()
					: result.getMethodParameter().getParameterName();
			result.getResolvableErrors()
				.forEach((error) -> errors.add(new FieldProblem(name, error.getDefaultMessage())));
		});
		return badParameters(ex, errors, headers, request);
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
		return badParameters(ex, List.of(new FieldProblem(name, message(messageKey))), headers, request);
	}

	/** A request whose parameters or headers were wrong: 400, each one named. */
	private ResponseEntity<Object> badParameters(Exception ex, List<FieldProblem> errors, HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				message("api.problem.badParameter"));
		problem.setTitle(message("api.problem.badParameter.title"));
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * The message {@code <module>.<key>} of the module whose controller answered, if it
	 * has one.
	 */
	private Optional<String> moduleMessage(HandlerMethod handler, String key) {
		String type = handler.getBeanType().getPackageName();
		if (!type.startsWith(MODULES)) {
			return Optional.empty();
		}
		String module = type.substring(MODULES.length()).split("\\.")[0];
		return Optional
			.ofNullable(this.messages.getMessage(module + "." + key, null, null, LocaleContextHolder.getLocale()));
	}

	private String statusTitle(HttpStatus status) {
		return this.messages.getMessage("problem.status." + status.value(), null, status.getReasonPhrase(),
				LocaleContextHolder.getLocale());
	}

	private String message(String key) {
		return this.messages.getMessage(key, null, LocaleContextHolder.getLocale());
	}

}
