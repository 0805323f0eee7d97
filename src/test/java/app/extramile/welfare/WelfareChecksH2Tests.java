package app.extramile.welfare;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CustomerDetails;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
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
 * The welfare contract on H2, plus the pages (run once, on H2).
 */
@AppTest
class WelfareChecksH2Tests extends WelfareChecksContract {

	@Autowired
	MockMvc mvc;

	@Autowired
	MessageSource messages;

	@Test
	void aRegularCheckInIsAddedFromTheChecksPageAndABadTimeIsExplainedByTheField() throws Exception {
		String html = this.mvc
			.perform(post("/checks/check-ins").param("customerId", this.gwen.value().toString())
				.param("weekday", "4")
				.param("at", "25:99")
				.param("note", "Check in and chat")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String message = HtmlUtils.htmlEscape(this.messages.getMessage("checkIns.refused.at", null, Locale.UK));
		int error = html.indexOf("id=\"checkin-at-error\"");
		int input = html.indexOf("id=\"checkin-at\"");
		assertThat(error).as("the message is by the time field").isPositive().isLessThan(input);
		assertThat(html.substring(error, input)).contains(message);
		assertThat(html.substring(input, html.indexOf('>', input))).contains("aria-invalid=\"true\"")
			.contains("value=\"25:99\"");
		assertThat(html).contains("value=\"Check in and chat\"");
		assertThat(this.checkIns.list(this.shop)).isEmpty();

		String nobody = this.mvc
			.perform(post("/checks/check-ins").param("customerId", "Gwen Prydd")
				.param("weekday", "4")
				.param("at", "10:00")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int customerError = nobody.indexOf("id=\"checkin-customer-error\"");
		int customerInput = nobody.indexOf("id=\"checkin-customer\"");
		assertThat(customerError).as("a name that is nobody's is refused by the customer field")
			.isPositive()
			.isLessThan(customerInput);
		assertThat(nobody.substring(customerInput, nobody.indexOf('>', customerInput))).contains("value=\"Gwen Prydd\"")
			.contains("list=\"checkin-customer-list\"");
		assertThat(this.checkIns.list(this.shop)).isEmpty();

		this.mvc
			.perform(post("/checks/check-ins").param("customerId", "Gwen Prydderch")
				.param("weekday", "4")
				.param("at", "10:00")
				.param("note", "Check in and chat")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(redirectedUrl("/checks#check-ins"));
		this.mvc.perform(get("/checks").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("every Thursday at 10:00")))
			.andExpect(content().string(containsString("Gwen Prydderch")));
		UUID id = this.checkIns.list(this.shop).get(0).id();

		this.mvc.perform(post("/checks/check-ins/" + id + "/end").with(csrf()).with(user(this.staff)))
			.andExpect(redirectedUrl("/checks#check-ins"));
		assertThat(this.checkIns.list(this.shop)).isEmpty();
	}

	@Test
	void aCheckIsStartedByHandForACustomerTypedIntoThePickerAndNobodyIsRefusedByTheField() throws Exception {
		this.mvc.perform(get("/checks").with(user(this.staff)))
			.andExpect(content().string(containsString("id=\"start-customer\"")))
			.andExpect(content().string(containsString("list=\"start-customer-list\"")));

		String nobody = this.mvc
			.perform(post("/checks").param("customerId", "Gwen Prydd").with(csrf()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = nobody.indexOf("id=\"start-customer-error\"");
		int input = nobody.indexOf("id=\"start-customer\"");
		assertThat(error).as("refused by the customer field").isPositive().isLessThan(input);
		assertThat(nobody.substring(input, nobody.indexOf('>', input))).contains("value=\"Gwen Prydd\"")
			.contains("aria-invalid=\"true\"");
		assertThat(this.checks.checks(this.shop, true, 10)).isEmpty();

		String started = this.mvc
			.perform(post("/checks").param("customerId", "gwen prydderch").with(csrf()).with(user(this.staff)))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(this.checks.checks(this.shop, true, 10)).singleElement().satisfies((c) -> {
			assertThat(started).isEqualTo("/checks/" + c.id());
			assertThat(c.customer().id()).isEqualTo(this.gwen);
		});
		// from Who's missing, by id: the check already open
		this.mvc.perform(
				post("/checks").param("customerId", this.gwen.value().toString()).with(csrf()).with(user(this.staff)))
			.andExpect(redirectedUrl(started));
	}

	@Test
	void volunteersCannotSeeOrAddCheckInsButSeeTheirTasks() throws Exception {
		var volunteer = TestShops.user(this.shop, Role.VOLUNTEER);
		this.mvc.perform(get("/checks").with(user(volunteer))).andExpect(status().isForbidden());
		this.mvc
			.perform(post("/checks/check-ins").param("customerId", this.gwen.value().toString())
				.param("weekday", "4")
				.param("at", "10:00")
				.with(csrf())
				.with(user(volunteer)))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/tasks").with(user(volunteer))).andExpect(status().isOk());
		assertThat(this.checkIns.list(this.shop)).isEmpty();
	}

	@Test
	void needsHelpWithoutSayingWhatIsRefusedByTheFieldWithTheTextKept() throws Exception {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		UUID step = this.checks.check(this.shop, id).currentStep().id();
		this.mvc.perform(get("/checks/" + id).with(user(this.staff)))
			.andExpect(content().string(containsString("id=\"help-" + step + "\"")));

		this.mvc
			.perform(post("/checks/steps/" + step + "/outcome").param("outcome", "NEEDS_HELP")
				.param("help", " ")
				.header("Referer", "http://localhost/checks/" + id)
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"help-" + step + "-error\"")))
			.andExpect(content().string(containsString("aria-invalid=\"true\"")));
		assertThat(this.checks.check(this.shop, id).open()).isTrue();
		String long501 = "x".repeat(501);
		this.mvc
			.perform(post("/checks/steps/" + step + "/outcome").param("outcome", "NEEDS_HELP")
				.param("help", long501)
				.header("Referer", "http://localhost/checks/" + id)
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("under 500 characters")))
			.andExpect(content().string(containsString("value=\"" + long501 + "\"")));
		assertThat(this.checks.check(this.shop, id).open()).isTrue();
	}

	@Test
	void theCheckPageSaysWhyItWasStarted() throws Exception {
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		this.mvc.perform(get("/checks/" + id).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(
					HtmlUtils.htmlEscape(this.messages.getMessage("check.reason.BY_HAND", null, Locale.UK)))));
	}

	@Test
	void theOwnerSetsStepDeadlinesOnTheChecksPageAndANonsenseValueIsExplainedByItsField() throws Exception {
		var owner = TestShops.user(this.shop, Role.OWNER);
		String html = this.mvc
			.perform(post("/checks/deadlines").param("RING_CUSTOMER", "20")
				.param("RING_CONTACT", "30")
				.param("POP_ROUND", "0")
				.param("EMERGENCY", "15")
				.with(csrf())
				.with(user(owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"deadline-POP_ROUND-error\"");
		assertThat(error).isPositive().isLessThan(html.indexOf("id=\"deadline-POP_ROUND\""));
		assertThat(html).contains("value=\"20\"");

		this.mvc
			.perform(post("/checks/deadlines").param("RING_CUSTOMER", "20")
				.param("RING_CONTACT", "30")
				.param("POP_ROUND", "45")
				.param("EMERGENCY", "15")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/checks#deadlines"));
		assertThat(this.deadlines.allowed(this.shop, StepKind.POP_ROUND)).isEqualTo(java.time.Duration.ofMinutes(45));
		this.mvc.perform(post("/checks/deadlines").param("RING_CUSTOMER", "20").with(csrf()).with(user(this.staff)))
			.andExpect(status().isForbidden());
	}

	static final Pattern SECONDS = Pattern.compile("\\d{1,2}:\\d{2}:\\d{2}");

	ShopUser dbsVolunteer(String name) {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		UUID account = this.accounts.create(this.shop, "vol-" + UUID.randomUUID(), name, Role.VOLUNTEER,
				"a long enough password");
		UUID member = this.team.addMember(owner, new Team.MemberDetails(name, null, null, account, null, null));
		this.team.grantSkill(owner, member, Skill.DBS_CHECKED, LocalDate.now(this.clock).plusYears(2));
		return new ShopUser(account, this.shop, name, name, Role.VOLUNTEER, null);
	}

	String page(String path, ShopUser who) throws Exception {
		String html = this.mvc.perform(get(path).with(user(who)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(SECONDS.matcher(html).find()).as("a time with seconds on " + path).isFalse();
		return html;
	}

	long accessNotesReveals() {
		return this.jdbc
			.sql("select count(*) from care_access_log where shop_id = ? and customer_id = ? and what = 'ACCESS_NOTES'")
			.params(this.shop.value(), this.gwen.value())
			.query(Long.class)
			.single();
	}

	@Test
	void thePopRoundPageShowsWhoWhereAMapAndAPhoneAndTheAccessNotesOnlyAfterALoggedRevealByWhoeverTookIt()
			throws Exception {
		this.customers.update(this.shop, this.gwen, new CustomerDetails(null, "Gwenllian Prydderch", "Gwen",
				"01970 600001", null, "3 Stryd y Capel", "Llanfair", "SY23 1AA", 52.41, -4.08, null, null, List.of()));
		this.careProfiles.save(this.staff, this.gwen, new CareProfile(true, false, false, false, null, null, null, null,
				null, null, "Key safe 1234 by the back door"));
		ShopUser menna = dbsVolunteer("Menna Cadwgan");
		ShopUser huw = dbsVolunteer("Huw Bevan");
		UUID id = this.checks.openByHand(this.staff, this.gwen);
		for (int i = 0; i < 3; i++) {
			this.checks.record(this.staff, this.checks.check(this.shop, id).currentStep().id(),
					app.extramile.welfare.Outcome.NO_ANSWER, null);
		}
		UUID step = this.checks.check(this.shop, id).currentStep().id();
		String path = "/checks/steps/" + step;

		String offered = page(path, menna);
		assertThat(offered).contains("Gwen (Gwenllian Prydderch)")
			.contains("3 Stryd y Capel, Llanfair, SY23 1AA")
			.contains("https://www.openstreetmap.org/?mlat=52.410000&amp;mlon=-4.080000#map=18/52.410000/-4.080000")
			.contains("href=\"tel:01970600001\"")
			.doesNotContain("Show access notes")
			.doesNotContain("Key safe");
		this.mvc.perform(post(path + "/access-notes").with(csrf()).with(user(menna))).andExpect(status().isForbidden());
		assertThat(accessNotesReveals()).as("nothing revealed before she took it").isZero();
		assertThat(page("/tasks", menna)).contains("Gwen (Gwenllian Prydderch)")
			.contains("tel:01970600001")
			.contains("openstreetmap.org")
			.doesNotContain("Key safe");

		this.mvc.perform(post(path + "/accept").with(csrf()).with(user(menna))).andExpect(redirectedUrl(path));
		assertThat(page(path, menna)).contains("Show access notes").doesNotContain("Key safe");

		this.mvc.perform(get(path).with(user(huw))).andExpect(status().isForbidden());
		this.mvc.perform(post(path + "/access-notes").with(csrf()).with(user(huw)))
			.andExpect(status().isForbidden())
			.andExpect(content().string(not(containsString("Key safe"))));
		assertThat(accessNotesReveals()).as("a volunteer who has not taken it sees none").isZero();

		String revealed = this.mvc.perform(post(path + "/access-notes").with(csrf()).with(user(menna)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(revealed).contains("Key safe 1234 by the back door").contains("Gwen (Gwenllian Prydderch)");
		assertThat(SECONDS.matcher(revealed).find()).isFalse();
		assertThat(accessNotesReveals()).isEqualTo(1);
		assertThat(this.jdbc.sql("select account_id from care_access_log where shop_id = ? and customer_id = ?")
			.params(this.shop.value(), this.gwen.value())
			.query(UUID.class)
			.single()).isEqualTo(menna.accountId());

		this.mvc.perform(post(path + "/access-notes").with(csrf()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Key safe 1234 by the back door")));
		assertThat(accessNotesReveals()).isEqualTo(2);
		assertThat(page(path, this.staff)).contains("Gwen (Gwenllian Prydderch)").doesNotContain("Key safe");
		assertThat(page("/checks/" + id, this.staff)).contains(path);
	}

}
