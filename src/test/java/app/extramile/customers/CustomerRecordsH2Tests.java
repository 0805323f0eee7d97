package app.extramile.customers;

import java.util.Locale;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The data rights contract on H2, plus the pages (run once, on H2).
 */
@AppTest(systemTime = true)
class CustomerRecordsH2Tests extends CustomerRecordsContract {

	@Autowired
	MockMvc mvc;

	@Autowired
	MessageSource messages;

	@Test
	void theOwnerDownloadsTheExportFromHerPageAndStaffAndVolunteersAreRefused() throws Exception {
		String path = "/customers/" + this.mair.value() + "/data-export";
		this.mvc.perform(get("/customers/" + this.mair.value()).with(user(this.owner)))
			.andExpect(content().string(containsString(path)));
		this.mvc.perform(get("/customers/" + this.mair.value()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(path))));

		this.mvc.perform(get(path).with(user(this.staff))).andExpect(status().isForbidden());
		this.mvc.perform(get(path).with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
		byte[] zip = this.mvc.perform(get(path).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/zip"))
			.andExpect(header().string("Content-Disposition", containsString("attachment")))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(zip).startsWith('P', 'K');
	}

	@Test
	void erasingAsksForHerNameAndAWrongOneIsExplainedByTheFieldWithTheTextKept() throws Exception {
		String path = "/customers/" + this.mair.value() + "/erase";
		this.mvc
			.perform(post(path).param("confirmName", FIRST_NAME + " " + SURNAME).with(csrf()).with(user(this.staff)))
			.andExpect(status().isForbidden());

		String html = this.mvc
			.perform(post(path).param("confirmName", "Mair Quill").with(csrf()).with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"confirmName-error\"");
		int input = html.indexOf("id=\"confirmName\"");
		assertThat(error).isPositive().isLessThan(input);
		assertThat(html.substring(error, input))
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage("rights.erase.refused.name", null, Locale.UK)));
		assertThat(html.substring(input, html.indexOf('>', input))).contains("aria-invalid=\"true\"")
			.contains("value=\"Mair Quill\"");
		assertThat(this.records.erasedAt(this.shop, this.mair)).isEmpty();

		this.mvc
			.perform(
					post(path)
						.param("confirmName",
								" " + FIRST_NAME.toLowerCase(Locale.ROOT) + " " + SURNAME.toLowerCase(Locale.ROOT)
										+ " ")
						.with(csrf())
						.with(user(this.owner)))
			.andExpect(redirectedUrl("/customers/" + this.mair.value() + "?erased"));
		assertThat(this.records.erasedAt(this.shop, this.mair)).isPresent();
		this.mvc.perform(get("/customers/" + this.mair.value()).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(SURNAME))));
	}

}
