package app.extramile.community;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The shop's public community page, calendar feed and poster need no sign-in: a chain of
 * their own (like the ledger's window board), read-only, without sessions, with the app's
 * strict content security policy.
 */
@Configuration(proxyBeanMethods = false)
class PublicCommunitySecurity {

	@Bean
	@Order(0)
	SecurityFilterChain publicCommunity(HttpSecurity http) throws Exception {
		http.securityMatcher("/p/*", "/p/*/events.ics", "/p/*/poster.pdf")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'; base-uri 'self'; object-src 'none'"))
				.referrerPolicy(
						(referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN)));
		return http.build();
	}

}
