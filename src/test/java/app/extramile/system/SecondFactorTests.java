package app.extramile.system;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import app.extramile.AppTest;
import app.extramile.shared.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A second factor from setting it up to signing in with it, over the app's real security
 * filters: the session is not signed in until the code is right, wrong codes lock out
 * like wrong passwords, a code or a recovery code works once, and a shop can send its
 * owners to set one up.
 */
@AppTest(systemTime = true)
class SecondFactorTests {

	private static final String PASSWORD = "a long enough sentence";

	private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

	private static final Pattern RECOVERY = Pattern.compile("<code>([a-z2-9]{5}-[a-z2-9]{5})</code>");

	@Autowired
	MockMvc mvc;

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	Shop shop;

	String owner;

	String staff;

	@BeforeEach
	void shopWithAnOwnerAndStaff() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.shop = this.shops.create("shop-" + suffix, "Siop " + suffix, ZoneId.of("Europe/London"));
		this.owner = "owner-" + suffix;
		this.staff = "staff-" + suffix;
		this.accounts.create(this.shop.id(), this.owner, "Eleri " + suffix, Role.OWNER, PASSWORD);
		this.accounts.create(this.shop.id(), this.staff, "Gethin " + suffix, Role.STAFF, PASSWORD);
	}

	@Test
	void settingUpNeedsAFirstRightCodeAndGivesTenRecoveryCodesStoredHashed() throws Exception {
		Browser eleri = signedInWithPasswordOnly(this.owner);
		assertThat(eleri.perform(get("/account")).getResponse().getContentAsString())
			.contains("Set up a second factor");
		String page = eleri.perform(post("/account/second-factor").with(csrf())).getResponse().getContentAsString();
		String secret = secretOn(page);
		assertThat(page).contains("otpauth://totp/")
			.contains("secret=" + secret)
			.contains("digits=6")
			.contains("period=30")
			.contains("algorithm=SHA1");

		String refused = eleri.perform(post("/account/second-factor/confirm").with(csrf()).param("code", "000000"))
			.getResponse()
			.getContentAsString();
		assertThat(refused).contains("That code is not right")
			.contains("value=\"000000\"")
			.contains(Totp.grouped(secret));
		assertThat(secondFactorOn(this.owner)).isFalse();

		String confirmed = eleri
			.perform(post("/account/second-factor/confirm").with(csrf()).param("code", codeNow(secret)))
			.getResponse()
			.getContentAsString();
		List<String> recoveryCodes = all(RECOVERY, confirmed);
		assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
		assertThat(secondFactorOn(this.owner)).isTrue();
		List<String> stored = this.jdbc.sql("select code_hash from account_recovery_code where shop_id = ?")
			.param(this.shop.id().value())
			.query(String.class)
			.list();
		assertThat(stored).hasSize(10).allMatch((hash) -> hash.matches("[0-9a-f]{64}"));
		assertThat(stored)
			.noneMatch((hash) -> recoveryCodes.stream().anyMatch((code) -> hash.contains(code.replace("-", ""))));
	}

	@Test
	void withASecondFactorTheRightPasswordAloneSignsNobodyIn() throws Exception {
		String secret = enrolled(this.owner);
		Browser browser = new Browser();
		MvcResult password = browser.signIn(this.owner, PASSWORD);
		assertThat(password.getResponse().getRedirectedUrl()).isEqualTo("/login/code");
		assertThat(browser.perform(get("/today")).getResponse().getRedirectedUrl()).endsWith("/login");
		assertThat(browser.perform(get("/login/code")).getResponse().getContentAsString()).contains("Your code")
			.doesNotContain("not right");

		MvcResult code = browser.perform(post("/login/code").with(csrf()).param("code", codeNow(secret)));
		// back to the page asked for before signing in
		assertThat(code.getResponse().getRedirectedUrl()).endsWith("/today?continue");
		assertThat(browser.perform(get("/today")).getResponse().getStatus()).isEqualTo(200);
	}

	@Test
	void aWrongCodeIsRefusedAndFiveLockTheNameOutFromThatAddress() throws Exception {
		String secret = enrolled(this.owner);
		Browser browser = new Browser();
		browser.signIn(this.owner, PASSWORD);
		String wrong = Totp.code(secret, Totp.step(Instant.now()) + 5);
		MvcResult refused = browser.perform(post("/login/code").with(csrf()).param("code", wrong));
		assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login/code?error");
		assertThat(browser.perform(get("/login/code").param("error", "")).getResponse().getContentAsString())
			.contains("That code is not right");
		assertThat(browser.perform(get("/today")).getResponse().getRedirectedUrl()).endsWith("/login");
		for (int i = 0; i < 3; i++) {
			browser.perform(post("/login/code").with(csrf()).param("code", wrong));
		}
		MvcResult fifth = browser.perform(post("/login/code").with(csrf()).param("code", wrong));
		assertThat(fifth.getResponse().getRedirectedUrl()).isEqualTo("/login?locked");
		// locked: the right password and then the right code get nowhere either
		Browser again = new Browser();
		assertThat(again.signIn(this.owner, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/login?locked");
		assertThat(again.perform(post("/login/code").with(csrf()).param("code", codeNow(secret)))
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/login?expired");
		assertThat(again.perform(get("/today")).getResponse().getRedirectedUrl()).endsWith("/login");
	}

	@Test
	void aCodeIsAcceptedOnceWithinItsWindow() throws Exception {
		String secret = enrolled(this.owner);
		long step = Totp.step(Instant.now()) + 1;
		Browser first = new Browser();
		first.signIn(this.owner, PASSWORD);
		String code = Totp.code(secret, step);
		assertThat(first.perform(post("/login/code").with(csrf()).param("code", code)).getResponse().getRedirectedUrl())
			.isEqualTo("/");

		Browser replay = new Browser();
		replay.signIn(this.owner, PASSWORD);
		assertThat(
				replay.perform(post("/login/code").with(csrf()).param("code", code)).getResponse().getRedirectedUrl())
			.isEqualTo("/login/code?error");
		// an earlier code of the window is refused too: only later ones count
		assertThat(replay.perform(post("/login/code").with(csrf()).param("code", Totp.code(secret, step - 1)))
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/login/code?error");
		assertThat(replay.perform(get("/today")).getResponse().getRedirectedUrl()).endsWith("/login");
	}

	@Test
	void aRecoveryCodeSignsInOnce() throws Exception {
		Browser eleri = signedInWithPasswordOnly(this.owner);
		String secret = secretOn(
				eleri.perform(post("/account/second-factor").with(csrf())).getResponse().getContentAsString());
		List<String> recoveryCodes = all(RECOVERY,
				eleri.perform(post("/account/second-factor/confirm").with(csrf()).param("code", codeNow(secret)))
					.getResponse()
					.getContentAsString());

		Browser lostPhone = new Browser();
		lostPhone.signIn(this.owner, PASSWORD);
		assertThat(lostPhone.perform(post("/login/code").with(csrf()).param("code", recoveryCodes.get(3).toUpperCase()))
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/");
		assertThat(lostPhone.perform(get("/account")).getResponse().getContentAsString())
			.contains("You have 9 unused recovery codes");

		Browser again = new Browser();
		again.signIn(this.owner, PASSWORD);
		assertThat(again.perform(post("/login/code").with(csrf()).param("code", recoveryCodes.get(3)))
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/login/code?error");
		assertThat(again.perform(post("/login/code").with(csrf()).param("code", recoveryCodes.get(4)))
			.getResponse()
			.getRedirectedUrl()).isEqualTo("/");
	}

	@Test
	void aShopThatRequiresItSendsOwnersWithoutOneToSetItUpAndLeavesStaffAndPhoneLinksAlone() throws Exception {
		Browser eleri = signedInWithPasswordOnly(this.owner);
		eleri.perform(post("/settings/second-factor").with(csrf()).param("required", "true"));
		assertThat(this.shops.ownersNeedSecondFactor(this.shop.id())).isTrue();

		Browser owner = new Browser();
		assertThat(owner.signIn(this.owner, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/account?required");
		assertThat(owner.perform(get("/customers")).getResponse().getRedirectedUrl()).isEqualTo("/account?required");
		assertThat(owner.perform(post("/settings/tokens").with(csrf()).param("name", "Till")).getResponse().getStatus())
			.isEqualTo(403);
		String page = owner.perform(get("/account")).getResponse().getContentAsString();
		assertThat(page).contains("Your shop asks every owner to use a second factor");
		String secret = secretOn(
				owner.perform(post("/account/second-factor").with(csrf())).getResponse().getContentAsString());
		owner.perform(post("/account/second-factor/confirm").with(csrf()).param("code", codeNow(secret)));
		assertThat(owner.perform(get("/customers")).getResponse().getStatus()).isEqualTo(200);
		// required: an owner cannot switch it off
		owner.perform(post("/account/second-factor/off").with(csrf())
			.param("code", Totp.code(secret, Totp.step(Instant.now()) + 1)));
		assertThat(secondFactorOn(this.owner)).isTrue();

		Browser staff = new Browser();
		assertThat(staff.signIn(this.staff, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
		assertThat(staff.perform(get("/customers")).getResponse().getStatus()).isEqualTo(200);

		// a volunteer's phone link needs no sign-in (an unknown one is simply not found)
		int phoneLink = new Browser().perform(get("/respond/" + UUID.randomUUID())).getResponse().getStatus();
		assertThat(phoneLink).isEqualTo(404);
	}

	@Test
	void anOwnerCanSwitchOffAMembersSecondFactorForALostPhone() throws Exception {
		enrolled(this.staff);
		Browser eleri = signedInWithPasswordOnly(this.owner);
		UUID gethin = this.jdbc.sql("select id from account where username = ?")
			.param(this.staff)
			.query(UUID.class)
			.single();
		eleri.perform(post("/settings/members/" + gethin + "/second-factor/off").with(csrf()));
		assertThat(secondFactorOn(this.staff)).isFalse();
		assertThat(new Browser().signIn(this.staff, PASSWORD).getResponse().getRedirectedUrl()).isEqualTo("/");
	}

	private String enrolled(String username) throws Exception {
		Browser browser = signedInWithPasswordOnly(username);
		String secret = secretOn(
				browser.perform(post("/account/second-factor").with(csrf())).getResponse().getContentAsString());
		// an older step than now: the tests' own codes of now and later stay unused
		browser.perform(post("/account/second-factor/confirm").with(csrf())
			.param("code", Totp.code(secret, Totp.step(Instant.now()) - 1)));
		assertThat(secondFactorOn(username)).isTrue();
		return secret;
	}

	private Browser signedInWithPasswordOnly(String username) throws Exception {
		Browser browser = new Browser();
		MvcResult result = browser.signIn(username, PASSWORD);
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/");
		return browser;
	}

	private boolean secondFactorOn(String username) {
		return this.jdbc.sql("""
				select count(*) from account_second_factor f join account a on a.id = f.account_id
				where a.username = ? and f.confirmed_at is not null""").param(username).query(Long.class).single() == 1;
	}

	private static String secretOn(String page) {
		Matcher matcher = SECRET.matcher(page);
		assertThat(matcher.find()).as("the secret is shown in groups").isTrue();
		return matcher.group(1).replace(" ", "");
	}

	private static String codeNow(String secret) {
		return Totp.code(secret, Totp.step(Instant.now()));
	}

	private static List<String> all(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	/** Keeps the session cookie from one response to the next, as a browser does. */
	private final class Browser {

		private Cookie session;

		MvcResult signIn(String username, String password) throws Exception {
			return perform(post("/login").with(csrf()).param("username", username).param("password", password));
		}

		MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
			if (this.session != null) {
				request.cookie(this.session);
			}
			MvcResult result = SecondFactorTests.this.mvc.perform(request).andReturn();
			Cookie set = result.getResponse().getCookie("SESSION");
			if (set != null) {
				this.session = set;
			}
			return result;
		}

	}

}
