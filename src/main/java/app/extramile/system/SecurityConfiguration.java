package app.extramile.system;

import java.time.Clock;

import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.Pointcuts;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Controller;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two filter chains: {@code /api/**} with bearer API tokens and no session, and the web
 * pages with form login, sessions and CSRF.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(prePostEnabled = false)
class SecurityConfiguration {

	/** The app's pages: scripts and styles only from files we serve; no inline styles. */
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; "
			+ "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

	/**
	 * The API's browsable documentation (Swagger UI, a third-party page that sets inline
	 * styles): its own policy, scripts still only from files we serve.
	 */
	static final String API_DOCS_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
			+ "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

	/** The JSON API itself: nothing to load, nothing to frame. */
	static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	private static final RequestMatcher API_DOCS = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher("/api/docs/**"),
			PathPatternRequestMatcher.withDefaults().matcher("/api/swagger-ui/**"));

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Argon2id with 19 MiB, 2 iterations and 1 lane (the OWASP minimum). */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("""
				ROLE_OWNER > ROLE_STAFF
				ROLE_STAFF > ROLE_VOLUNTEER
				""");
	}

	/**
	 * {@code @PreAuthorize}, the one method-security annotation the app uses, with the
	 * role hierarchy above, looked for on the app's own controllers only (where
	 * {@code WebSecurityTests} checks it stays). The full set that
	 * {@code @EnableMethodSecurity} switches on by default (four pre- and post-advisors)
	 * searched every method of every bean in the context for its annotations at start, a
	 * twentieth of the main thread's work.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor preAuthorize(RoleHierarchy roleHierarchy) {
		DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
		expressions.setRoleHierarchy(roleHierarchy);
		PreAuthorizeAuthorizationManager manager = new PreAuthorizeAuthorizationManager();
		manager.setExpressionHandler(expressions);
		ClassFilter ours = (type) -> type.getName().startsWith("app.extramile.")
				&& AnnotatedElementUtils.hasAnnotation(type, Controller.class);
		Pointcut annotated = Pointcuts.union(new AnnotationMatchingPointcut(PreAuthorize.class, true),
				new AnnotationMatchingPointcut(null, PreAuthorize.class, true));
		AuthorizationManagerBeforeMethodInterceptor advisor = new AuthorizationManagerBeforeMethodInterceptor(
				new ComposablePointcut(ours).intersection(annotated), manager);
		advisor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder());
		return advisor;
	}

	/**
	 * Operations: the Prometheus endpoint and the online backup, for a scraper or an
	 * operator holding the operations token ({@link OperationsTokenFilter}); no session,
	 * no CSRF.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain operations(HttpSecurity http, @Value("${extramile.operations.token:}") String token)
			throws Exception {
		http.securityMatcher("/actuator/prometheus", "/operations/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPERATIONS"))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.addFilterBefore(new OperationsTokenFilter(token), UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, LoginThrottle throttle, ProblemWriter problems)
			throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/api/docs/**", "/api/swagger-ui/**", "/api/openapi.json/**")
						.permitAll()
						// Alarm intake is authenticated by the provider's HMAC signature
						// in the
						// alarms module, not by an API token: exactly these two paths,
						// POST only.
						.requestMatchers(HttpMethod.POST, "/api/alarms", "/api/alarms/heartbeat")
						.permitAll()
						.anyRequest()
						.hasRole("API"))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(API_DOCS,
						new StaticHeadersWriter("Content-Security-Policy", API_DOCS_CONTENT_SECURITY_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(API_DOCS),
						new StaticHeadersWriter("Content-Security-Policy", API_CONTENT_SECURITY_POLICY))))
			.addFilterBefore(new ApiTokenFilter(tokens, throttle, problems), UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problems.write(response, HttpStatus.UNAUTHORIZED,
						"problem.api.unauthorized", request.getRequestURI()))
				.accessDeniedHandler((request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
						"problem.api.forbidden", request.getRequestURI())));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain web(HttpSecurity http, ThrottledLoginProvider login, SetupGate setupGate,
			SecondFactorSignIn secondStep) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/setup", "/invitations/**", "/css/**", "/js/**", "/img/**", "/webjars/**",
					"/favicon.ico", "/actuator/health", "/error", "/respond/**", "/login/code")
			.permitAll()
			// The counter's service worker: a static script at the top, so its scope can
			// cover /counter; the browser checks it for updates even when signed out.
			.requestMatchers(HttpMethod.GET, "/counter-sw.js")
			.permitAll()
			.requestMatchers("/settings/**")
			.hasRole("OWNER")
			.anyRequest()
			.authenticated())
			// Only this provider and no parent manager: the global manager also holds the
			// provider bean, and a parent retries every failed login, counting it twice.
			.authenticationManager(new ProviderManager(login))
			.formLogin((form) -> form.loginPage("/login")
				.failureHandler(login.failureHandler())
				.successHandler(secondStep.successHandler())
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
			.addFilterBefore(setupGate, UsernamePasswordAuthenticationFilter.class)
			.addFilterAfter(new SecondFactorRequirement(), AuthorizationFilter.class)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
				.permissionsPolicyHeader(
						(permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()")));
		return http.build();
	}

}
