package app.extramile.ledger;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import app.extramile.AppTest;
import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.timeline.Timeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Pay-it-forward pools, occasions and gifts, the staff pages, the printable certificate,
 * and the public balance page and window board (no sign-in), on H2.
 */
@AppTest
class LedgerPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	PayItForward pools;

	@Autowired
	Occasions occasions;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Timeline timeline;

	@Autowired
	BalanceCheck check;

	@Autowired
	MessageSource messages;

	@Autowired
	MutableClock clock;

	@Autowired
	LedgerSettings settings;

	ShopId shop;

	ShopUser staff;

	ShopUser owner;

	@BeforeEach
	void newShop() {
		this.clock.set(HandMovedClock.NOON);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.owner = TestShops.user(this.shop, Role.OWNER);
	}

	String slug() {
		return this.jdbc.sql("select slug from shop where id = ?")
			.param(this.shop.value())
			.query(String.class)
			.single();
	}

	@Test
	void threeCoffeesPaidForwardAndOneGivenLeavesTwoOnTheBoard() throws Exception {
		UUID coffee = this.pools.open(this.staff, "Coffee", 280L);
		this.pools.donate(this.staff, coffee, 3, 0, null, "Enjoy!", "d1");
		this.pools.donate(this.staff, coffee, 3, 0, null, "Enjoy!", "d1");
		PayItForward.PoolReceipt given = this.pools.giveOut(this.staff, coffee, 0, "cold morning", "food bank", "g1");

		assertThat(given.balanceMinor()).isEqualTo(560);
		assertThat(this.pools.get(this.shop, coffee).available()).isEqualTo(2);
		assertThat(this.pools.monthlyTotals(this.shop, 1)).singleElement().satisfies((month) -> {
			assertThat(month.donatedUnits()).isEqualTo(3);
			assertThat(month.givenUnits()).isEqualTo(1);
			assertThat(month.donatedMinor()).isEqualTo(840);
		});
		this.mvc.perform(get("/p/" + slug() + "/board"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<strong>2</strong>")))
			.andExpect(content().string(containsString("Coffee")));
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void theLastCoffeeIsGivenOnceAndAMoneyPoolCannotGoBelowNothing() {
		UUID coffee = this.pools.open(this.staff, "Coffee", 280L);
		UUID meals = this.pools.open(this.staff, "Meal fund", null);
		this.pools.donate(this.staff, coffee, 1, 0, "Eleri", null, "d1");
		this.pools.donate(this.staff, meals, 0, 1000, null, null, "d2");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "g1");

		assertThatThrownBy(() -> this.pools.giveOut(this.staff, coffee, 0, null, null, "g2")).isInstanceOfSatisfying(
				LedgerRefusedException.class, (ex) -> assertThat(ex.reason()).isEqualTo(Reason.POOL_EMPTY));
		assertThatThrownBy(() -> this.pools.giveOut(this.staff, meals, 1001, null, null, "g3")).isInstanceOfSatisfying(
				LedgerRefusedException.class, (ex) -> assertThat(ex.reason()).isEqualTo(Reason.POOL_EMPTY));
		assertThatThrownBy(() -> this.pools.donate(this.staff, coffee, 101, 0, null, null, "d3"))
			.isInstanceOfSatisfying(LedgerRefusedException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNITS));
		assertThat(this.pools.giveOut(this.staff, meals, 1000, null, null, "g4").balanceMinor()).isZero();
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void theBalancePageShowsOnlyBalanceStateAndExpiryWithoutSigningIn() throws Exception {
		CertificateReceipt receipt = this.certificates.issue(this.staff,
				new IssueRequest(2000, "GBP", null, "Gwen Buyer", null, "Nia Recipient", LocalDate.of(2027, 6, 30)),
				"i1");
		this.certificates.redeem(this.staff, receipt.code(), 750, "r1");

		this.mvc.perform(get("/gift/" + CertificateCodes.grouped(receipt.code())).with((request) -> {
			request.setRemoteAddr("10.0.0.1");
			return request;
		}))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("£12.50")))
			.andExpect(content().string(not(containsString("Gwen Buyer"))))
			.andExpect(content().string(not(containsString("Nia Recipient"))));
		this.mvc.perform(post("/gift").param("code", receipt.code().toLowerCase()).with(csrf()).with((request) -> {
			request.setRemoteAddr("10.0.0.1");
			return request;
		})).andExpect(status().isOk()).andExpect(content().string(containsString("£12.50")));
		this.mvc.perform(get("/gift/2222-3333-4444-5555").with((request) -> {
			request.setRemoteAddr("10.0.0.1");
			return request;
		})).andExpect(status().isNotFound());
	}

	@Test
	void tooManyLookupsFromOneAddressAreTurnedAway() throws Exception {
		// Addresses of this test's own: the count per address is kept in the database
		// that the other tests share.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String address = "10.9." + random.nextInt(256) + "." + random.nextInt(1, 128);
		String another = "10.9." + random.nextInt(256) + "." + random.nextInt(128, 255);
		int allowed = this.settings.lookupsPerWindow();
		for (int i = 0; i < allowed; i++) {
			this.mvc.perform(get("/gift/2222-3333-4444-5555").with((request) -> {
				request.setRemoteAddr(address);
				return request;
			})).andExpect(status().isNotFound());
		}
		this.mvc.perform(get("/gift/2222-3333-4444-5555").with((request) -> {
			request.setRemoteAddr(address);
			return request;
		})).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/gift/2222-3333-4444-5555").with((request) -> {
			request.setRemoteAddr(another);
			return request;
		})).andExpect(status().isNotFound());
		this.clock.advance(this.settings.lookupWindow().plusMinutes(1));
		this.mvc.perform(get("/gift/2222-3333-4444-5555").with((request) -> {
			request.setRemoteAddr(address);
			return request;
		})).andExpect(status().isNotFound());
	}

	@Test
	void staffIssueAndSpendFromTheLedgerPageAndADoubleTapPostsOnce() throws Exception {
		this.mvc.perform(get("/ledger").with(user(this.staff))).andExpect(status().isOk());
		MvcResult issued = this.mvc
			.perform(post("/ledger/certificates").param("key", "form-1")
				.param("amount", "20.00")
				.param("recipientName", "Nia")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String page = issued.getResponse().getRedirectedUrl();
		UUID id = UUID.fromString(page.substring(page.lastIndexOf('/') + 1));
		for (int tap = 0; tap < 2; tap++) {
			this.mvc
				.perform(post(page + "/redeem").param("key", "form-2")
					.param("amount", "7.50")
					.with(csrf())
					.with(user(this.staff)))
				.andExpect(status().is3xxRedirection());
		}
		this.mvc
			.perform(post(page + "/redeem").param("key", "form-3")
				.param("amount", "7.5x")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().is3xxRedirection());

		assertThat(this.certificates.get(this.shop, id).balanceMinor()).isEqualTo(1250);
		this.mvc.perform(get(page).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("£12.50")));
	}

	@Test
	void aRefusedSpendShowsItsMessageByTheAmountAndKeepsWhatWasTyped() throws Exception {
		CertificateReceipt receipt = this.certificates.issue(this.staff, IssueRequest.of(1000, "GBP"), "refusal-1");
		String page = "/ledger/certificates/" + receipt.certificateId();

		MvcResult refused = this.mvc
			.perform(post(page + "/redeem").param("key", "refusal-2")
				.param("amount", "12.00")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String html = this.mvc.perform(get(page).cookie(refused.getResponse().getCookies()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		String overdraft = this.messages.getMessage("ledger.refused.OVERDRAFT", null, Locale.UK);
		int field = html.indexOf("id=\"redeem-amount\"");
		int message = html.indexOf("id=\"redeem-amount-error\"");
		assertThat(message).as("the message sits just before the amount it is about").isPositive().isLessThan(field);
		assertThat(html.substring(message, field)).contains(HtmlUtils.htmlEscape(overdraft));
		String input = html.substring(field, html.indexOf('>', field));
		assertThat(input).contains("value=\"12.00\"")
			.contains("aria-invalid=\"true\"")
			.contains("aria-describedby=\"redeem-amount-error\"");
		assertThat(html).doesNotContain("id=\"load-amount-error\"");
		assertThat(this.certificates.get(this.shop, receipt.certificateId()).balanceMinor()).isEqualTo(1000);
	}

	@Test
	void anAmountThatIsNotMoneyIsExplainedInPoundsByTheField() throws Exception {
		MvcResult refused = this.mvc
			.perform(post("/ledger/certificates").param("key", "refusal-3")
				.param("amount", "twenty")
				.param("recipientName", "Nia")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String html = this.mvc.perform(get("/ledger").cookie(refused.getResponse().getCookies()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(html).contains("id=\"amount-error\"")
			.contains(
					HtmlUtils.htmlEscape(this.messages.getMessage("ledger.refused.AMOUNT_UNREADABLE", null, Locale.UK)))
			.contains("value=\"Nia\"");
	}

	@Test
	void printsTheCertificateAsAPdf() throws Exception {
		CertificateReceipt receipt = this.certificates.issue(this.staff,
				new IssueRequest(2000, "GBP", null, null, null, "Nia", null), "p1");

		MvcResult pdf = this.mvc
			.perform(get("/ledger/certificates/" + receipt.certificateId() + "/certificate.pdf").with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn();

		assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
		assertThat(new String(pdf.getResponse().getContentAsByteArray(), 0, 5)).isEqualTo("%PDF-");
	}

	@Test
	void printsTheCertificateInWelshAndEnglishWelshFirst() throws Exception {
		LocalDate until = LocalDate.now().plusYears(1).withMonth(12).withDayOfMonth(31);
		CertificateReceipt receipt = this.certificates.issue(this.staff,
				new IssueRequest(2000, "GBP", null, null, null, "Nia", until), "p-bilingual");

		byte[] pdf = this.mvc
			.perform(get("/ledger/certificates/" + receipt.certificateId() + "/certificate.pdf")
				.param("bilingual", "true")
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();

		try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
			String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " ");
			assertThat(text).contains("Tystysgrif rhodd", "Gift certificate", "I Nia", "For Nia",
					"Yn ddilys tan 31 Rhagfyr " + until.getYear(), "Valid until 31 December " + until.getYear());
			assertThat(text.indexOf("Tystysgrif rhodd")).isLessThan(text.indexOf("Gift certificate"));
		}
	}

	@Test
	void onlyOwnersSeeTheChecks() throws Exception {
		this.mvc.perform(get("/ledger/checks").with(user(this.staff))).andExpect(status().isForbidden());
		this.mvc.perform(post("/ledger/checks").with(csrf()).with(user(this.owner)))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/ledger/checks").with(user(this.owner))).andExpect(status().isOk());
	}

	@Test
	void birthdaysAWeekAheadAndAGiftOnTheTimeline() throws Exception {
		CustomerId evans = this.customers.register(this.shop, new CustomerDetails(null, "Glenys Evans", "Mrs Evans",
				null, null, null, null, null, null, null, LocalDate.of(1936, 11, 27), null, List.of()));
		this.customers.register(this.shop, new CustomerDetails(null, "Later Person", null, null, null, null, null, null,
				null, null, LocalDate.of(1950, 12, 20), null, List.of()));

		assertThat(this.occasions.upcoming(this.shop, 7)).singleElement().satisfies((o) -> {
			assertThat(o.name()).isEqualTo("Mrs Evans");
			assertThat(o.years()).isEqualTo(90);
			assertThat(o.inDays()).isEqualTo(3);
		});
		this.mvc.perform(get("/ledger/occasions").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Mrs Evans turns 90 on Friday")));
		this.mvc.perform(get("/counter").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("hx-get=\"/ledger/occasions/coming-up\"")));
		this.mvc.perform(get("/ledger/occasions/coming-up").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Mrs Evans turns 90 on Friday")))
			.andExpect(content().string(not(containsString("Later Person"))))
			.andExpect(content().string(not(containsString("<html"))));

		org.springframework.test.web.servlet.MvcResult refused = this.mvc
			.perform(post("/ledger/gifts").with(csrf())
				.with(user(this.staff))
				.param("customerId", "Glenys Evens")
				.param("what", "Flowers")
				.param("occasion", "her 90th"))
			.andExpect(redirectedUrl("/ledger/occasions"))
			.andReturn();
		String page = this.mvc
			.perform(get("/ledger/occasions").cookie(refused.getResponse().getCookie("SESSION")).with(user(this.staff)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = page.indexOf("id=\"gift-customer-error\"");
		int input = page.indexOf("id=\"gift-customer\"");
		assertThat(error).as("a name that is nobody's is refused by the customer field").isPositive().isLessThan(input);
		assertThat(page.substring(error, input)).contains("There is no such customer in your shop.");
		assertThat(page.substring(input, page.indexOf('>', input))).contains("value=\"Glenys Evens\"");
		assertThat(page).contains("value=\"Flowers\"");

		this.mvc
			.perform(post("/ledger/gifts").with(csrf())
				.with(user(this.staff))
				.param("customerId", "Glenys Evans")
				.param("what", "Flowers")
				.param("occasion", "her 90th"))
			.andExpect(redirectedUrl("/ledger/occasions"));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.timeline.of(this.shop, evans, 10))
				.anySatisfy((item) -> assertThat(item.kind()).isEqualTo("gift.given")));
	}

}
