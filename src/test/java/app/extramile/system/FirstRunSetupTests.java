package app.extramile.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.TestDatabases;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
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
 * A new installation, in order: the setup code is printed in the log at start, every page
 * leads to setup, setup refuses bad input and a missing or wrong code (and guessing), of
 * eight setups at once exactly one creates the shop and its owner, setup is then done for
 * good, and the owner can sign in (and is locked out after too many wrong passwords).
 */
@SpringBootTest(properties = "extramile.security.max-failed-logins=5")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunSetupTests {

	private static final String PASSWORD = "a long enough sentence";

	private static final Pattern CODE_LINE = Pattern
		.compile("Setup code: ([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})");

	/** Read from the log, as whoever installs the app does. */
	private static String code;

	/** The username of the one setup that won. */
	private static String owner;

	@Autowired
	SetupCode setupCode;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	@Order(0)
	void theSetupCodeIsPrintedInTheLogAtStartAndOnlyItsHashIsStored(CapturedOutput output) {
		Matcher printed = CODE_LINE.matcher(output.getAll());
		assertThat(printed.find()).as("a 'Setup code:' line in the start-up log").isTrue();
		code = printed.group(1);
		assertThat(printed.find()).as("printed once").isFalse();
		String stored = this.jdbc.sql("select code_hash from setup_code").query(String.class).single();
		assertThat(stored).hasSize(64).doesNotContain(code).doesNotContain(code.replace("-", ""));

		// Another instance starting on the same database finds the code waiting: it
		// neither prints nor replaces it.
		this.setupCode.ensureAtStart();
		assertThat(output.getAll()).contains("A setup code is waiting");
		assertThat(CODE_LINE.matcher(output.getAll()).results().count()).isOne();
		assertThat(this.jdbc.sql("select code_hash from setup_code").query(String.class).single()).isEqualTo(stored);
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
			.andExpect(content().string(containsString("Set up your shop")))
			.andExpect(content().string(containsString("Setup code")))
			.andExpect(content().string(containsString("begins &quot;Setup code:&quot;")));
	}

	@Test
	@Order(2)
	void setupWithoutTheCodeOrWithAWrongOneIsRefusedByTheCodeFieldAndKeepsWhatWasTyped() throws Exception {
		this.mvc.perform(setup(null, "Siop y Llan", "siop-y-llan", "Europe/London", "eleri", PASSWORD, PASSWORD))
			.andExpect(status().isOk())
			.andExpect(view().name("system/setup"))
			.andExpect(model().attributeErrorCount("form", 1))
			.andExpect(model().attributeHasFieldErrorCode("form", "setupCode", "setup.code.missing"))
			.andExpect(content().string(containsString("Type the setup code from the server log.")))
			.andExpect(content().string(containsString("value=\"Siop y Llan\"")))
			.andExpect(content().string(containsString("value=\"siop-y-llan\"")))
			.andExpect(content().string(containsString("value=\"eleri\"")));

		this.mvc
			.perform(
					setup("ABCD-EFGH-JKMN", "Siop y Llan", "siop-y-llan", "Europe/London", "eleri", PASSWORD, PASSWORD))
			.andExpect(status().isOk())
			.andExpect(model().attributeErrorCount("form", 1))
			.andExpect(model().attributeHasFieldErrorCode("form", "setupCode", "setup.code.wrong"))
			.andExpect(content().string(containsString("That is not the setup code.")))
			.andExpect(content().string(containsString("value=\"Siop y Llan\"")));

		assertThat(count("shop")).isZero();
		assertThat(count("account")).isZero();
	}

	@Test
	@Order(3)
	void tenWrongCodesFromOneAddressBlockItEvenForTheRightCode() throws Exception {
		for (int attempt = 1; attempt <= 10; attempt++) {
			this.mvc
				.perform(from("10.0.0.9",
						setup("WRNG-CODE-" + (1000 + attempt), "Siop y Llan", "siop-y-llan", "Europe/London", "eleri",
								PASSWORD, PASSWORD)))
				.andExpect(model().attributeHasFieldErrorCode("form", "setupCode", "setup.code.wrong"));
		}
		this.mvc
			.perform(from("10.0.0.9",
					setup(code, "Siop y Llan", "siop-y-llan", "Europe/London", "eleri", PASSWORD, PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrorCode("form", "setupCode", "setup.code.tooManyWrong"))
			.andExpect(content().string(containsString("Too many wrong setup codes from this address.")));
		assertThat(count("shop")).isZero();
	}

	@Test
	@Order(4)
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

	/**
	 * Eight setups with the right code at the same moment, each for a different shop and
	 * owner (so no unique name stops them): the claim on the code lets exactly one
	 * through.
	 */
	@Test
	@Order(5)
	void ofEightSetupsAtOnceWithTheRightCodeExactlyOneCreatesTheShopAndItsOwner() throws Exception {
		int setups = 8;
		ExecutorService pool = Executors.newFixedThreadPool(setups);
		CountDownLatch ready = new CountDownLatch(setups);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<MvcResult>> results = new ArrayList<>();
		try {
			for (int i = 0; i < setups; i++) {
				MockHttpServletRequestBuilder request = from("10.0.1." + i, setup(code.toLowerCase(), "Siop " + i,
						"siop-" + i, "Europe/London", "Eleri" + i, PASSWORD, PASSWORD));
				results.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return this.mvc.perform(request).andReturn();
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			go.countDown();
			int won = 0;
			for (Future<MvcResult> result : results) {
				MvcResult done = result.get(60, TimeUnit.SECONDS);
				if (done.getResponse().getStatus() == 302) {
					assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/login?welcome");
					won++;
				}
				else {
					assertThat(done.getResponse().getStatus()).isEqualTo(409);
					assertThat(done.getModelAndView().getViewName()).isEqualTo("system/setup-done");
				}
			}
			assertThat(won).isOne();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(count("shop")).isOne();
		assertThat(count("account")).isOne();
		owner = this.jdbc.sql("select username from account where role = 'OWNER'").query(String.class).single();
		assertThat(this.jdbc.sql("""
				select m.name from team_member m join account a on a.id = m.account_id and a.shop_id = m.shop_id
				where m.active and a.username = ?""").param(owner).query(String.class).list())
			.as("the owner is on the team, and only the owner of the one setup that won")
			.containsExactly("Eleri Prydderch");
		assertThat(count("team_member")).isOne();
		assertThat(this.jdbc.sql("select slug from shop").query(String.class).single())
			.isEqualTo(owner.replace("eleri", "siop-"));
		assertThat(this.jdbc.sql("select count(*) from setup_code where used_at is not null")
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	@Order(6)
	void setupIsThenDoneForGoodAndSaysSo() throws Exception {
		this.mvc.perform(get("/setup"))
			.andExpect(status().isOk())
			.andExpect(view().name("system/setup-done"))
			.andExpect(content().string(containsString("Your shop is set up")))
			.andExpect(content().string(containsString("href=\"/\"")));
		this.mvc.perform(setup(code, "Another shop", "another", "Europe/London", "intruder", PASSWORD, PASSWORD))
			.andExpect(status().isConflict())
			.andExpect(view().name("system/setup-done"));
		assertThat(count("shop")).isOne();
		assertThat(count("account")).isOne();
		this.mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(view().name("system/login"));
	}

	@Test
	@Order(7)
	void theOwnerSignsInAndTheirPasswordIsStoredAsAnArgon2idHash() throws Exception {
		this.mvc.perform(formLogin("/login").user(owner.toUpperCase()).password(PASSWORD))
			.andExpect(authenticated().withUsername(owner))
			.andExpect(redirectedUrl("/"));
		this.mvc.perform(formLogin("/login").user(owner).password(PASSWORD + "x"))
			.andExpect(unauthenticated())
			.andExpect(redirectedUrl("/login?error"));

		String hash = this.jdbc.sql("select password_hash from account where username = ?")
			.param(owner)
			.query(String.class)
			.single();
		assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{40,}")
			.doesNotContain(PASSWORD);
	}

	@Test
	@Order(8)
	void fiveWrongPasswordsLockTheNameEvenForTheRightPassword() throws Exception {
		this.mvc.perform(formLogin("/login").user(owner).password(PASSWORD)).andExpect(authenticated());
		for (int attempt = 1; attempt <= 5; attempt++) {
			String target = this.mvc.perform(formLogin("/login").user(owner).password("wrong " + attempt))
				.andExpect(unauthenticated())
				.andReturn()
				.getResponse()
				.getRedirectedUrl();
			assertThat(target).as("wrong password %d of 5", attempt).isEqualTo("/login?error");
		}
		this.mvc.perform(formLogin("/login").user(owner).password(PASSWORD))
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
		return setup(code, shopName, shortName, timeZone, username, password, confirmPassword);
	}

	private static MockHttpServletRequestBuilder setup(String setupCode, String shopName, String shortName,
			String timeZone, String username, String password, String confirmPassword) {
		MockHttpServletRequestBuilder request = post("/setup").with(csrf());
		if (setupCode != null) {
			request.param("setupCode", setupCode);
		}
		return request.param("shopName", shopName)
			.param("shortName", shortName)
			.param("timeZone", timeZone)
			.param("ownerName", "Eleri Prydderch")
			.param("username", username)
			.param("password", password)
			.param("confirmPassword", confirmPassword);
	}

	private static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
		return request.with((mock) -> {
			mock.setRemoteAddr(address);
			return mock;
		});
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

}
