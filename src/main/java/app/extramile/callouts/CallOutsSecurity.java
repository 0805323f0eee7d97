package app.extramile.callouts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * A member's call-out link needs no sign-in: the unguessable link is the credential. CSRF
 * protection stays on for its forms; the link never leaks to other sites (no referrer).
 */
@Configuration(proxyBeanMethods = false)
class CallOutsSecurity {

	@Bean
	@Order(0)
	SecurityFilterChain callOutLinks(HttpSecurity http) throws Exception {
		http.securityMatcher("/c/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'; base-uri 'self'; object-src 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

}
