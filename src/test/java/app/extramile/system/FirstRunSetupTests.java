package app.extramile.system;

import app.extramile.TestDatabases;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

/**
 * A new installation, in order: every page leads to setup, setup refuses bad input,
 * creates the shop and its owner once, and the owner can then sign in (and is locked out
 * after too many wrong passwords).
 */
@SpringBootTest(properties = "extramile.security.max-failed-logins=5")
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunSetupTests {

	private static final String PASSWORD = "a long enough sentence";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	@Order(1)
	void everyPageLeadsToSetupOnAnEmptyInstallation() throws Exception {
		for (String path : new String[] { "/", "/login", "/counter", "/customers", "/settings",
				"/invitations/inv_x" }) {
			this.mvc.perform(get(path)).andExpect(status().isFound()).andExpect(redirectedUrl("/setup"));
		}
		this.mvc.perform(get("/setup"))
			.andExpect(status().isOk())
			.andExpect(view().name("system/setup"))
			.andExpect(content().string(containsString("Set up your shop")));
	}

	@Test
	@Order(2)
	void setupShowsWhatIsWrongAndCreatesNothing() throws Exception {
		this.mvc.perform(setup("Siop y Llan", "Siop y Llan!", "owner", "short", "short"))
			.andExpect(status().isOk())
			.andExpect(view().name("system/setup"))
			.andExpect(model().attributeHasFieldErrorCode("form", "password", "Size"))
			.andExpect(model().attributeHasFieldErrorCode("form", "shortName", "Pattern"))
			.andExpect(content().string(containsString("aria-invalid=\"true\"")))
			.andExpect(content().string(containsString("Use at least 12 characters.")))
			.andExpect(content().string(containsString("Use lower-case letters, numbers and hyphens")));

		this.mvc.perform(setup("Siop y Llan", "siop-y-llan", "owner", PASSWORD, PASSWORD + "!"))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrorCode("form", "confirmPassword", "setup.password.mismatch"))
			.andExpect(content().string(containsString("The two passwords are not the same.")));

		this.mvc.perform(setup("Siop y Llan", "siop-y-llan", "Mars/Base", "owner", PASSWORD, PASSWORD))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrorCode("form", "timeZone", "setup.timezone.unknown"));

		assertThat(count("shop")).isZero();
		assertThat(count("account")).isZero();
	}

	@Test
	@Order(3)
	void setupCreatesTheShopAndItsOwnerOnceAndIsThenGone() throws Exception {
		this.mvc.perform(setup("Siop y Llan", "siop-y-llan", "Eleri", PASSWORD, PASSWORD))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?welcome"));
		assertThat(count("shop")).isOne();
		assertThat(this.jdbc.sql("select role from account where username = 'eleri'").query(String.class).single())
			.isEqualTo("OWNER");

		this.mvc.perform(get("/setup")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
		this.mvc.perform(setup("Another shop", "another", "intruder", PASSWORD, PASSWORD))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		assertThat(count("shop")).isOne();
		assertThat(count("account")).isOne();
		this.mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(view().name("system/login"));
	}

	@Test
	@Order(4)
	void theOwnerSignsInAndTheirPasswordIsStoredAsAnArgon2idHash() throws Exception {
		this.mvc.perform(formLogin("/login").user("Eleri").password(PASSWORD))
			.andExpect(authenticated().withUsername("eleri"))
			.andExpect(redirectedUrl("/"));
		this.mvc.perform(formLogin("/login").user("eleri").password(PASSWORD + "x"))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?error"));

		String hash = this.jdbc.sql("select password_hash from account where username = 'eleri'")
			.query(String.class)
			.single();
		assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{40,}")
			.doesNotContain(PASSWORD);
	}

	@Test
	@Order(5)
	void fiveWrongPasswordsLockTheNameEvenForTheRightPassword() throws Exception {
		this.mvc.perform(formLogin("/login").user("eleri").password(PASSWORD)).andExpect(authenticated());
		for (int attempt = 1; attempt <= 5; attempt++) {
			String target = this.mvc.perform(formLogin("/login").user("eleri").password("wrong " + attempt))
				.andExpect(unauthenticated())
				.andReturn()
				.getResponse()
				.getRedirectedUrl();
			assertThat(target).as("wrong password %d of 5", attempt).isEqualTo("/login?error");
		}
		this.mvc.perform(formLogin("/login").user("eleri").password(PASSWORD))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?locked"));
		this.mvc.perform(get("/login").param("locked", ""))
			.andExpect(content().string(containsString("Too many attempts.")));
	}

	private static MockHttpServletRequestBuilder setup(String shopName, String shortName, String username,
			String password, String confirmPassword) {
		return setup(shopName, shortName, "Europe/London", username, password, confirmPassword);
	}

	private static MockHttpServletRequestBuilder setup(String shopName, String shortName, String timeZone,
			String username, String password, String confirmPassword) {
		return post("/setup").with(csrf())
			.param("shopName", shopName)
			.param("shortName", shortName)
			.param("timeZone", timeZone)
			.param("ownerName", "Eleri Prydderch")
			.param("username", username)
			.param("password", password)
			.param("confirmPassword", confirmPassword);
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

}
