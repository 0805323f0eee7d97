package app.extramile.ledger.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The ledger's public pages need no sign-in: the balance page by code and the window
 * board. A chain of their own, ahead of the signed-in web chain, with CSRF on the form
 * and no referrer, so a code in the address never leaves the site.
 */
@Configuration(proxyBeanMethods = false)
class PublicLedgerSecurity {

	@Bean
	@Order(0)
	SecurityFilterChain publicLedger(HttpSecurity http) throws Exception {
		http.securityMatcher("/gift", "/gift/**", "/p/*/board")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'; base-uri 'self'; object-src 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

}
