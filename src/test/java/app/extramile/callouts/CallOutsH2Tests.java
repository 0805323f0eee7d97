package app.extramile.callouts;

import app.extramile.AppTest;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The call-outs contract on H2, plus the pages (run once, on H2): the staff page and a
 * member's own link, which needs no sign-in.
 */
@AppTest
class CallOutsH2Tests extends CallOutsContract {

	@Autowired
	MockMvc mvc;

	@Test
	void aHelperWithOnlyATextMessageSignsUpFromTheirLinkWithoutSigningIn() throws Exception {
		UUID nia = member("Nia Morgan", "07700 900555");
		this.callOuts.invite(this.owner, this.fete);
		String link = this.jdbc.sql("select link_path from notification where shop_id = ? and channel = 'SMS'")
			.param(this.shop.value())
			.query(String.class)
			.single();

		this.mvc.perform(get(link))
			.andExpect(status().isOk())
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(content().string(containsString("Village fete")))
			.andExpect(content().string(containsString("3 of 3 still needed")));
		this.mvc.perform(post(link + "/slots/" + this.teaTent + "/signup").with(csrf())).andExpect(redirectedUrl(link));
		this.mvc.perform(get(link))
			.andExpect(content().string(containsString("Coming: Nia Morgan")))
			.andExpect(content().string(containsString("I cannot after all")));
		assertThat(this.callOuts.get(this.shop, this.fete).slots().get(0).people()).containsOnlyKeys(nia);

		this.mvc.perform(post(link + "/slots/" + this.teaTent + "/signup")).andExpect(status().isForbidden());
		this.mvc.perform(get("/c/c_not-a-real-link-at-all")).andExpect(status().isNotFound());
	}

	@Test
	void staffPostACallOutAndSeeItsGapsAndABadSlotIsExplainedByTheField() throws Exception {
		String page = this.mvc
			.perform(post("/callouts").param("title", "Harvest supper").with(csrf()).with(user(this.owner)))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		String html = this.mvc
			.perform(post(page + "/slots").param("label", "Washing up")
				.param("date", "2026-12-05")
				.param("from", "19:00")
				.param("until", "18:00")
				.param("needed", "2")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"until-error\"");
		assertThat(error).isPositive().isLessThan(html.indexOf("id=\"until\""));
		assertThat(html).contains("value=\"Washing up\"");

		this.mvc
			.perform(post(page + "/slots").param("label", "Washing up")
				.param("date", "2026-12-05")
				.param("from", "19:00")
				.param("until", "22:00")
				.param("needed", "2")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(redirectedUrl(page));
		this.mvc.perform(get("/callouts").with(user(this.owner)))
			.andExpect(content().string(containsString("Harvest supper")))
			.andExpect(content().string(containsString("2 more people needed")));
		this.mvc.perform(get(page).with(user(this.owner)))
			.andExpect(content().string(containsString("2 of 2 still needed")))
			.andExpect(content().string(not(containsString("id=\"until-error\""))));
	}

}
