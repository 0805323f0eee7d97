package app.extramile.system;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.Cookie;

import app.extramile.AppTest;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Language;
import app.extramile.shared.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Each person reads the language they choose: the browser's on a first visit, a switch on
 * every page, the account's own choice on any device they sign in on, the shop's for
 * those who have not chosen, and each customer's for what is written to them.
 */
@AppTest(systemTime = true)
class LanguageChoiceTests {

	private static final String PASSWORD = "a long enough sentence";

	@Autowired
	MockMvc mvc;

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	Languages languages;

	@Autowired
	CustomerDirectory customers;

	Shop shop;

	String owner;

	UUID staffId;

	@BeforeEach
	void shopWithAnOwnerAndStaff() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.shop = this.shops.create("siop-" + suffix, "Siop " + suffix, ZoneId.of("Europe/London"));
		this.owner = "owner-" + suffix;
		this.accounts.create(this.shop.id(), this.owner, "Eleri " + suffix, Role.OWNER, PASSWORD);
		this.staffId = this.accounts.create(this.shop.id(), "staff-" + suffix, "Gethin " + suffix, Role.STAFF,
				PASSWORD);
	}

	@Test
	void aFirstVisitIsInTheBrowsersLanguageAndTheSwitchSticks() throws Exception {
		Browser browser = new Browser();
		String welsh = browser.page(get("/login").header("Accept-Language", "cy-GB,cy;q=0.9,en;q=0.5"));
		assertThat(welsh).contains("<html lang=\"cy\"").contains("hreflang=\"en\"").contains(">English</a>");

		String english = browser.page(get("/login?lang=en").header("Accept-Language", "cy"));
		assertThat(english).contains("<html lang=\"en\"").contains(">Cymraeg</a>");
		assertThat(browser.page(get("/login").header("Accept-Language", "cy"))).as("the choice outlives the browser's")
			.contains("<html lang=\"en\"");

		assertThat(new Browser().page(get("/login").header("Accept-Language", "fr-FR,de;q=0.8")))
			.as("a language we do not speak")
			.contains("<html lang=\"en\"");
		assertThat(new Browser().page(get("/login?lang=xx").header("Accept-Language", "cy")))
			.as("an unknown switch is ignored")
			.contains("<html lang=\"cy\"");
	}

	@Test
	void anAccountsChoiceFollowsThePersonToAnotherDevice() throws Exception {
		Browser counter = new Browser();
		counter.signIn(this.owner);
		MvcResult chosen = counter
			.perform(post("/account/language").with(csrf()).param("language", "cy").param("back", "/customers?q=a"));
		assertThat(chosen.getResponse().getRedirectedUrl()).isEqualTo("/customers?q=a");
		assertThat(counter.page(get("/account"))).contains("<html lang=\"cy\"");

		Browser phone = new Browser();
		phone.signIn(this.owner);
		assertThat(phone.page(get("/account").header("Accept-Language", "en-GB"))).contains("<html lang=\"cy\"");

		MvcResult away = counter.perform(
				post("/account/language").with(csrf()).param("language", "en").param("back", "//elsewhere.example"));
		assertThat(away.getResponse().getRedirectedUrl()).as("never sent off the site").isEqualTo("/account");
	}

	@Test
	void whoHasNotChosenReadsTheShopsLanguage() throws Exception {
		assertThat(this.languages.ofAccount(this.shop.id(), this.staffId)).isEqualTo(Language.ENGLISH);
		Browser owner = new Browser();
		owner.signIn(this.owner);
		owner.perform(post("/settings/language").with(csrf()).param("language", "cy"));
		assertThat(this.languages.ofShop(this.shop.id())).isEqualTo(Language.WELSH);
		assertThat(this.languages.ofAccount(this.shop.id(), this.staffId)).isEqualTo(Language.WELSH);
		owner.perform(post("/settings/language").with(csrf()).param("language", "fr"));
		assertThat(this.languages.ofShop(this.shop.id())).as("not a language we speak").isEqualTo(Language.WELSH);
	}

	@Test
	void eachCustomerHasTheLanguageTheyRead() throws Exception {
		CustomerId mair = this.customers.register(this.shop.id(), new CustomerDetails("", "Mair Jones", "Mair", "", "",
				"", "", "", null, null, null, "", java.util.List.of()));
		Browser owner = new Browser();
		owner.signIn(this.owner);
		assertThat(owner.page(get("/customers/" + mair.value()))).contains("id=\"customer-language\"");
		owner.perform(post("/customers/" + mair.value() + "/language").with(csrf()).param("language", "cy"));
		assertThat(this.customers.language(this.shop.id(), mair)).contains(Language.WELSH);
		owner.perform(post("/customers/" + mair.value() + "/language").with(csrf()).param("language", ""));
		assertThat(this.customers.language(this.shop.id(), mair)).as("back to the shop's").isEmpty();

		Shop other = this.shops.create("other-" + UUID.randomUUID().toString().substring(0, 8), "Other",
				ZoneId.of("Europe/London"));
		CustomerId elsewhere = this.customers.register(other.id(), new CustomerDetails("", "Someone Else", "", "", "",
				"", "", "", null, null, null, "", java.util.List.of()));
		assertThat(owner
			.perform(post("/customers/" + elsewhere.value() + "/language").with(csrf()).param("language", "cy"))
			.getResponse()
			.getStatus()).as("another shop's customer").isEqualTo(404);
		assertThat(this.customers.language(other.id(), elsewhere)).isEmpty();
	}

	/** A browser's cookies: the session and the language. */
	private final class Browser {

		private final Map<String, Cookie> cookies = new HashMap<>();

		void signIn(String username) throws Exception {
			perform(post("/login").with(csrf()).param("username", username).param("password", PASSWORD));
		}

		String page(MockHttpServletRequestBuilder request) throws Exception {
			return perform(request).getResponse().getContentAsString();
		}

		MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
			if (!this.cookies.isEmpty()) {
				request.cookie(this.cookies.values().toArray(Cookie[]::new));
			}
			MvcResult result = LanguageChoiceTests.this.mvc.perform(request).andReturn();
			for (Cookie set : result.getResponse().getCookies()) {
				this.cookies.put(set.getName(), set);
			}
			return result;
		}

	}

}
