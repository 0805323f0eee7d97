package app.extramile.system;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

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

}
