package app.extramile.recognition;

import java.util.Locale;

import app.extramile.HandMovedClock;
import app.extramile.TestDatabases;
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
 * The recognition contract on H2, plus the thank-you board page (run once, on H2).
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@Import(HandMovedClock.class)
class RecognitionH2Tests extends RecognitionContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
		mail(registry);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	MessageSource messages;

	@Test
	void aVolunteerThanksFromTheBoardAndAnEmptyNoteIsExplainedByTheField() throws Exception {
		String html = this.mvc
			.perform(post("/team/thanks").param("toMemberId", this.menna.toString())
				.param("note", " ")
				.with(csrf())
				.with(user(this.nia)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"note-error\"");
		int field = html.indexOf("id=\"note\"");
		assertThat(error).isPositive().isLessThan(field);
		assertThat(html.substring(error, field))
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage("thanks.refused.note.empty", null, Locale.UK)));
		assertThat(html.substring(field, html.indexOf('>', field))).contains("aria-invalid=\"true\"");
		assertThat(html).contains("selected");

		this.mvc
			.perform(post("/team/thanks").param("toMemberId", this.menna.toString())
				.param("note", "Covered my Saturday")
				.with(csrf())
				.with(user(this.nia)))
			.andExpect(redirectedUrl("/team/thanks"));
		this.mvc.perform(get("/team/thanks").with(user(this.nia)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Nia Morgan thanked Menna Cadwgan")))
			.andExpect(content().string(containsString("Covered my Saturday")));
	}

	@Test
	void aLinkFromAResolvedCheckCarriesWhatTheThanksIsAbout() throws Exception {
		String check = java.util.UUID.randomUUID().toString();
		this.mvc.perform(
				get("/team/thanks").param("aboutKind", "WELFARE_CHECK").param("aboutId", check).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"" + check + "\"")))
			.andExpect(content().string(containsString("about a welfare check")));
	}

}
