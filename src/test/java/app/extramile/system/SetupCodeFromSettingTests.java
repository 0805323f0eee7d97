package app.extramile.system;

import app.extramile.TestDatabases;
import org.junit.jupiter.api.Test;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A setup code chosen in {@code EXTRAMILE_SETUP_CODE} (here the property it sets): no
 * code is generated or printed, and setup takes the chosen one, however it is typed.
 */
@SpringBootTest(properties = "extramile.setup.code=kite-moss-7harp")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SetupCodeFromSettingTests {

	private static final String PASSWORD = "a long enough sentence";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Test
	void theChosenCodeSetsUpTheShopAndNoOtherIsMade(CapturedOutput output) throws Exception {
		assertThat(output.getAll()).contains("Setup code: the one set in extramile.setup.code")
			.doesNotContainPattern("Setup code: [A-Z0-9]{4}-");

		this.mvc.perform(setup("KITE-MOSS-7HARQ"))
			.andExpect(status().isOk())
			.andExpect(model().attributeHasFieldErrorCode("form", "setupCode", "setup.code.wrong"));
		assertThat(this.jdbc.sql("select count(*) from shop").query(Integer.class).single()).isZero();

		this.mvc.perform(setup("KITE MOSS 7HARP"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?welcome"));
		assertThat(this.jdbc.sql("select count(*) from shop").query(Integer.class).single()).isOne();
		assertThat(this.jdbc.sql("select count(*) from setup_code where used_at is not null")
			.query(Integer.class)
			.single()).isOne();
	}

	private static MockHttpServletRequestBuilder setup(String code) {
		return post("/setup").with(csrf())
			.param("setupCode", code)
			.param("shopName", "Siop y Llan")
			.param("shortName", "siop-y-llan")
			.param("timeZone", "Europe/London")
			.param("ownerName", "Eleri Prydderch")
			.param("username", "eleri")
			.param("password", PASSWORD)
			.param("confirmPassword", PASSWORD);
	}

}
