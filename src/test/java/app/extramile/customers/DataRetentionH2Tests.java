package app.extramile.customers;

import java.util.Locale;

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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Retention on H2 with the durable scheduler running, plus the settings page.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(HandMovedClock.class)
class DataRetentionH2Tests extends DataRetentionContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	MessageSource messages;

	@Test
	void theOwnerSetsRetentionInSettingsAndAValueOutOfRangeIsExplainedByItsFieldWithTheTextKept() throws Exception {
		String html = this.mvc
			.perform(post("/settings/retention").param("visitsDays", "10")
				.param("closedChecksDays", "60")
				.param("alarmDetailsDays", "")
				.param("accessLogDays", "365")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"visitsDays-error\"");
		int input = html.indexOf("id=\"visitsDays\"");
		assertThat(error).isPositive().isLessThan(input);
		assertThat(html.substring(error, input))
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage("retention.refused.visitsDays", null, Locale.UK)));
		assertThat(html.substring(input, html.indexOf('>', input))).contains("value=\"10\"");
		assertThat(html).contains("value=\"60\"");
		assertThat(this.retention.of(this.shop)).isEqualTo(Retention.FOREVER);

		this.mvc
			.perform(post("/settings/retention").param("visitsDays", "400")
				.param("closedChecksDays", "60")
				.param("alarmDetailsDays", "")
				.param("accessLogDays", "365")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(redirectedUrl("/settings/retention?saved"));
		assertThat(this.retention.of(this.shop)).isEqualTo(new Retention(400, 60, null, 365));
		this.mvc.perform(get("/settings/retention").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isForbidden());
	}

}
