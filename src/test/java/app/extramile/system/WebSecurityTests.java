package app.extramile.system;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.AppTest;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * The web front door of a set-up installation: CSRF, security headers, invitations, what
 * volunteers may not open, the care access log, API tokens and session length.
 */
@AppTest(systemTime = true)
class WebSecurityTests {

	private static final String PASSWORD = "a long enough sentence";

	@Autowired
	MockMvc mvc;

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	ApiTokens tokens;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	Shop shop;

	ShopUser owner;

	ShopUser staff;

	CustomerId gwen;

	@BeforeEach
	void shopWithOwnerStaffAndACustomerInCare() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.shop = this.shops.create("shop-" + suffix, "Siop " + suffix, ZoneId.of("Europe/London"));
		this.owner = member("owner-" + suffix, "Eleri " + suffix, Role.OWNER);
		this.staff = member("staff-" + suffix, "Gethin " + suffix, Role.STAFF);
		this.gwen = this.customers.register(this.shop.id(),
				new CustomerDetails(null, "Gwen Prydderch", null, "01970 600001", null, "3 Stryd y Capel",
						"Llanfair Fach", "SY23 1AB", null, null, LocalDate.of(1936, 5, 2), null, List.of()));
		this.consents.record(this.staff, this.gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, this.gwen, new CareProfile(true, false, false, false, null, null, null, null,
				null, "Daughter visits on Sundays", "Key safe by the back door"));
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
		this.mvc
			.perform(post("/settings/invitations").with(user(this.owner))
				.param("displayName", "Nia")
				.param("role", "VOLUNTEER"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/login").param("username", this.owner.getUsername()).param("password", PASSWORD))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.sql("select count(*) from invitation where shop_id = ?")
			.param(this.shop.id().value())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void pagesCarryTheSecurityHeaders() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("Content-Security-Policy", containsString("style-src 'self';")))
			.andExpect(header().string("Content-Security-Policy",
					org.hamcrest.Matchers.not(containsString("unsafe-inline"))))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Referrer-Policy", "same-origin"));
	}

	/**
	 * The API's documentation pages (Swagger UI sets inline styles) have a policy of
	 * their own, scripts still only from our files; the JSON API loads nothing.
	 */
	@Test
	void theApiAndItsDocumentationHaveTheirOwnContentSecurityPolicies() throws Exception {
		this.mvc.perform(get("/api/swagger-ui/index.html"))
			.andExpect(status().isOk())
			.andExpect(
					header().string("Content-Security-Policy", SecurityConfiguration.API_DOCS_CONTENT_SECURITY_POLICY))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")));
		this.mvc.perform(get("/api/customers"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("Content-Security-Policy", SecurityConfiguration.API_CONTENT_SECURITY_POLICY));
	}

	@Test
	void anInvitationLinkWorksOnceAndTheVolunteerIsKeptFromCareData() throws Exception {
		MvcResult invited = this.mvc
			.perform(post("/settings/invitations").with(user(this.owner))
				.with(csrf())
				.param("displayName", "Menna Cadwgan")
				.param("role", "VOLUNTEER"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Send this link to Menna Cadwgan")))
			.andReturn();
		String link = URI.create(invited.getModelAndView().getModel().get("inviteLink").toString()).getPath();
		assertThat(link).startsWith("/invitations/inv_");

		String username = "menna-" + UUID.randomUUID().toString().substring(0, 8);
		this.mvc.perform(get(link)).andExpect(status().isOk()).andExpect(view().name("system/invitation"));
		this.mvc
			.perform(post(link).with(csrf())
				.param("username", username)
				.param("password", PASSWORD)
				.param("confirmPassword", PASSWORD))
			.andExpect(redirectedUrl("/login?welcome"));
		this.mvc.perform(get(link)).andExpect(view().name("system/invitation-gone"));
		this.mvc
			.perform(post(link).with(csrf())
				.param("username", username + "-again")
				.param("password", PASSWORD)
				.param("confirmPassword", PASSWORD))
			.andExpect(view().name("system/invitation-gone"));
		assertThat(this.accounts.usernameTaken(username + "-again")).isFalse();

		// Sessions live in the database (Spring Session): the browser holds only the
		// SESSION cookie.
		Cookie volunteer = this.mvc.perform(formLogin("/login").user(username).password(PASSWORD))
			.andExpect(authenticated().withRoles("VOLUNTEER"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
		assertThat(volunteer).as("session cookie").isNotNull();
		String customer = "/customers/" + this.gwen.value();
		for (String path : List.of("/customers", customer + "/care-notes", customer + "/access-notes",
				customer + "/care/edit", customer + "/timeline", "/counter", "/settings")) {
			this.mvc.perform(get(path).cookie(volunteer))
				.andExpect(status().isForbidden())
				.andExpect(content().string(not(containsString("Daughter visits"))))
				.andExpect(content().string(not(containsString("Key safe"))));
		}
		this.mvc.perform(get(customer).cookie(volunteer))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Gwen Prydderch")))
			.andExpect(content().string(not(containsString("care-heading"))));
		assertThat(this.careProfiles.careAccessLog(this.owner, 10)).isEmpty();
	}

	@Test
	void staffRevealCareNotesAndTheRevealIsInTheOwnersCareAccessLog() throws Exception {
		String customer = "/customers/" + this.gwen.value();
		this.mvc.perform(get(customer).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("care-heading")))
			.andExpect(content().string(not(containsString("Daughter visits"))));
		this.mvc.perform(get(customer + "/care-notes").with(user(this.staff)).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Daughter visits on Sundays")));

		assertThat(this.careProfiles.careAccessLog(this.owner, 10)).extracting(CareProfiles.CareAccess::what)
			.as("the profile shown on the page, then the notes revealed")
			.containsExactlyInAnyOrder("CARE_PROFILE", "CARE_NOTES");
		assertThat(this.careProfiles.careAccessLog(this.owner, 10)).allSatisfy((access) -> {
			assertThat(access.accountId()).isEqualTo(this.staff.accountId());
			assertThat(access.customerId()).isEqualTo(this.gwen);
		});
		this.mvc.perform(get("/settings").with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(this.staff.displayName())))
			.andExpect(content().string(containsString("Gwen Prydderch")));
		this.mvc.perform(get("/settings").with(user(this.staff))).andExpect(status().isForbidden());
	}

	@Test
	void theApiWantsALiveTokenAndAnswersWithProblemDetails() throws Exception {
		this.mvc.perform(get("/api/customers"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.instance").value("/api/customers"));

		String token = this.tokens.create(this.shop.id(), "Till 1", this.owner.accountId());
		this.mvc.perform(get("/api/customers").header("Authorization", "Bearer " + token))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isNotEqualTo(401));

		assertThat(this.tokens.list(this.shop.id()).get(0).lastUsedAt()).as("last used is recorded").isNotNull();
		UUID id = this.tokens.list(this.shop.id()).get(0).id();
		this.tokens.revoke(this.shop.id(), id);
		this.mvc.perform(get("/api/customers").header("Authorization", "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/customers").header("Authorization", "Bearer em_not-a-token"))
			.andExpect(status().isUnauthorized());
	}

	/**
	 * The settings page links the API documentation: it opens in a browser without a
	 * token (Swagger UI, its configuration and the OpenAPI description), while the API
	 * itself still wants one.
	 */
	@Test
	void theApiDocumentationOpensInABrowserWithoutAToken(@LocalServerPort int port) throws Exception {
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
		String base = "http://localhost:" + port;
		HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create(base + "/api/docs")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("swagger-ui");
		for (String path : List.of("/api/swagger-ui/swagger-initializer.js", "/api/openapi.json/swagger-config")) {
			assertThat(http
				.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString())
				.statusCode()).as(path).isEqualTo(200);
		}
		HttpResponse<String> description = http.send(
				HttpRequest.newBuilder(URI.create(base + "/api/openapi.json")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(description.statusCode()).isEqualTo(200);
		assertThat(description.body()).contains("/api/gift-certificates");
		tools.jackson.databind.JsonNode paths = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(description.body())
			.get("paths");
		List<String> undocumented = new java.util.ArrayList<>();
		for (java.util.Map.Entry<String, tools.jackson.databind.JsonNode> path : paths.properties()) {
			for (java.util.Map.Entry<String, tools.jackson.databind.JsonNode> operation : path.getValue()
				.properties()) {
				tools.jackson.databind.JsonNode responses = operation.getValue().get("responses");
				boolean problems = false;
				for (java.util.Map.Entry<String, tools.jackson.databind.JsonNode> response : responses.properties()) {
					if (response.getKey().startsWith("4")) {
						problems = true;
						assertThat(response.getValue().get("content").has("application/problem+json"))
							.as(operation.getKey() + " " + path.getKey() + " " + response.getKey())
							.isTrue();
					}
				}
				if (!problems) {
					undocumented.add(operation.getKey() + " " + path.getKey());
				}
			}
		}
		assertThat(undocumented).as("operations that document no 4xx answer").isEmpty();
		assertThat(http
			.send(HttpRequest.newBuilder(URI.create(base + "/api/customers")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aSignedInSessionEndsAfterThirtyIdleMinutes(@Autowired Environment environment,
			@Autowired ApplicationContext context) throws Exception {
		assertThat(environment.getProperty("server.servlet.session.timeout", Duration.class))
			.isEqualTo(Duration.ofMinutes(30));

		HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String loginPage = http
			.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
		assertThat(csrf.find()).as("CSRF token on the login form").isTrue();
		String form = "username=" + this.owner.getUsername() + "&password="
				+ URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
		HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(url("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/"));

		Context tomcat = tomcatContext(context);
		assertThat(tomcat.getSessionTimeout()).isEqualTo(30);
		// The signed-in session is stored in the database, shared by every app instance.
		assertThat(this.jdbc.sql("select max_inactive_interval from spring_session where principal_name = ?")
			.param(this.owner.getUsername())
			.query(Integer.class)
			.list()).isNotEmpty().allSatisfy((seconds) -> assertThat(seconds).isEqualTo(30 * 60));
	}

	private ShopUser member(String username, String name, Role role) {
		UUID id = this.accounts.create(this.shop.id(), username, name, role, PASSWORD);
		return new ShopUser(id, this.shop.id(), username, name, role, null);
	}

	private URI url(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static Context tomcatContext(ApplicationContext context) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
		for (Container child : server.getTomcat().getHost().findChildren()) {
			if (child instanceof Context tomcatContext) {
				return tomcatContext;
			}
		}
		throw new IllegalStateException("no Tomcat context");
	}

	@Test
	void apiInputThatCannotBeReadIsAProblemNamingTheParameterOrTheField() throws Exception {
		String bearer = "Bearer " + this.tokens.create(this.shop.id(), "Till 1", this.owner.accountId());
		this.mvc.perform(get("/api/alarms").param("since", "yesterday").header("Authorization", bearer))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(jsonPath("$.errors[0].field").value("since"));
		this.mvc
			.perform(post("/api/community/campaigns/" + UUID.randomUUID() + "/takings").header("Authorization", bearer)
				.header("Idempotency-Key", "till-1-takings-1")
				.contentType("application/json")
				.content("{\"takenOn\":\"2026-12-01\",\"amountMinor\":\"250\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(jsonPath("$.errors[0].field").value("amountMinor"));
		this.mvc
			.perform(post("/api/community/campaigns/" + UUID.randomUUID() + "/takings").header("Authorization", bearer)
				.header("Idempotency-Key", "till-1-takings-2")
				.contentType("application/json")
				.content("{\"takenOn\":\"2026-12-01\",\"amountMinor\":250,\"takenOn\":\"2026-12-02\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("takenOn"));
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private org.springframework.test.web.servlet.ResultActions signIn(String username, String password, String address)
			throws Exception {
		return this.mvc.perform(post("/login").param("username", username)
			.param("password", password)
			.with(csrf())
			.with(from(address)));
	}

	@Test
	void aStrangersThirtyWrongPasswordsLockOnlyTheStrangerNeverTheOwner() throws Exception {
		String name = this.owner.getUsername();
		for (int i = 0; i < 30; i++) {
			signIn(name, "a wrong guess " + i, "203.0.113.9")
				.andExpect(redirectedUrl((i < 5) ? "/login?error" : "/login?locked"));
		}
		signIn(name, PASSWORD, "203.0.113.9").andExpect(redirectedUrl("/login?locked"));

		signIn(name, PASSWORD, "198.51.100.7").andExpect(authenticated());
	}

	@Test
	void guessingManyNamesFromOneAddressLocksThatAddress() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		for (int name = 0; name < LoginThrottle.SOURCE_FACTOR; name++) {
			for (int i = 0; i < 5; i++) {
				signIn("guess-" + name + "-" + suffix, "a wrong guess", "203.0.113.77");
			}
		}
		signIn(this.staff.getUsername(), PASSWORD, "203.0.113.77").andExpect(redirectedUrl("/login?locked"));
		signIn(this.staff.getUsername(), PASSWORD, "198.51.100.8").andExpect(authenticated());
	}

	@Test
	void guessingApiTokensFromOneAddressIsAnsweredTooManyThere() throws Exception {
		String token = this.tokens.create(this.shop.id(), "Till 1", this.owner.accountId());
		for (int i = 0; i < ApiTokenFilter.WRONG_TOKENS; i++) {
			this.mvc
				.perform(get("/api/customers").header("Authorization", "Bearer em_guess" + i).with(from("192.0.2.44")))
				.andExpect(status().isUnauthorized());
		}
		this.mvc.perform(get("/api/customers").header("Authorization", "Bearer " + token).with(from("192.0.2.44")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")));
		this.mvc.perform(get("/api/customers").header("Authorization", "Bearer " + token).with(from("192.0.2.45")))
			.andExpect(status().isOk());
	}

	@Test
	void behindAnHttpsProxyTheSessionCookieIsSecureAndHstsIsSent(@LocalServerPort int port) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> overHttps = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
				.header("X-Forwarded-Proto", "https")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(overHttps.headers().firstValue("Strict-Transport-Security")).isPresent();
		assertThat(overHttps.headers().allValues("Set-Cookie")).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie).contains("Secure").contains("HttpOnly"));

		HttpResponse<String> plain = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(plain.headers().allValues("Set-Cookie"))
			.allSatisfy((cookie) -> assertThat(cookie).doesNotContain("Secure"));
	}

	@Test
	void theActuatorLinkIndexIsNotShownButHealthAnswers() throws Exception {
		ShopUser volunteer = member("volunteer-" + UUID.randomUUID().toString().substring(0, 8), "Menna",
				Role.VOLUNTEER);
		this.mvc.perform(get("/actuator").with(user(volunteer)))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isIn(403, 404));
		this.mvc.perform(get("/actuator").with(user(volunteer)))
			.andExpect(content().string(not(containsString("_links"))));
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
	}

}
