package app.extramile.system;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API as a whole in the OpenAPI document at {@code /api/openapi.json}: every
 * operation needs a bearer API token, which an owner creates under Settings.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Extra Mile API", version = "1",
				description = "For tills and partner systems: read the shop's customers and send visits. "
						+ "Errors are RFC 9457 problem details (application/problem+json)."),
		security = @SecurityRequirement(name = "apiToken"))
@SecurityScheme(name = "apiToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An API token from Settings, sent as \"Authorization: Bearer <token>\"")
class ApiDocumentation {

	private static final String PROBLEM = "Problem";

	/**
	 * Every operation documents the problems it may answer, so generated clients see
	 * them: 400 (a body or parameter that cannot be read, naming the field) where it
	 * takes input, 415 (a body of another type) where it takes a body, 404 where it names
	 * something in its path, and 401 (no valid token or signature), each as
	 * {@code application/problem+json}. Any other refusal (no such path, a method the
	 * path does not take) is a problem too: see {@link ErrorAnswers}.
	 */
	@Bean
	OpenApiCustomizer problemAnswers() {
		return (api) -> {
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.getPaths().values().forEach((path) -> path.readOperations().forEach(ApiDocumentation::document));
		};
	}

	private static void document(Operation operation) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		boolean takesInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (takesInput && !responses.containsKey("400")) {
			responses.addApiResponse("400", problem("The body or a parameter cannot be read: the problem's errors"
					+ " name the field or parameter (a wrong type, a fraction where pence are whole, a number sent"
					+ " as text, a key given twice)"));
		}
		if (operation.getRequestBody() != null && !responses.containsKey("415")) {
			responses.addApiResponse("415", problem("The body's Content-Type is not one this operation takes"));
		}
		boolean pathParameters = operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch((p) -> "path".equals(p.getIn()));
		if (pathParameters && !responses.containsKey("404")) {
			responses.addApiResponse("404", problem("Nothing of that id or code in the shop"));
		}
		if (!responses.containsKey("401")) {
			responses.addApiResponse("401", problem("No valid API token (or, for alarm intake, signature)"));
		}
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	private static Schema<?> problemSchema() {
		ObjectSchema error = new ObjectSchema();
		error.addProperty("field", new StringSchema().description("The JSON path or parameter at fault"));
		error.addProperty("message", new StringSchema());
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema());
		problem.addProperty("title", new StringSchema());
		problem.addProperty("status", new IntegerSchema());
		problem.addProperty("detail", new StringSchema());
		problem.addProperty("instance", new StringSchema());
		problem.addProperty("errors", new ArraySchema().items(error));
		return problem;
	}

}
