package app.extramile.welfare;

import java.util.Locale;
import java.util.UUID;

import app.extramile.HandMovedClock;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@Import(HandMovedClock.class)
class WelfareChecksH2Tests extends WelfareChecksContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

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

		this.mvc
			.perform(post("/checks/check-ins").param("customerId", this.gwen.value().toString())
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

}
