package app.extramile.system;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Until the application is ready, sign-in and every page answer "starting" (503) instead
 * of a refusal for a demo account not seeded yet; health stays open.
 */
class StartingUpTests {

	private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();

	private final StartingUp filter;

	StartingUpTests() {
		StaticMessageSource messages = new StaticMessageSource();
		messages.addMessage("starting.message", Locale.UK, "Extra Mile is starting.");
		messages.addMessage("app.name", Locale.UK, "Extra Mile");
		this.filter = new StartingUp(this.availability, messages);
	}

	@Test
	void beforeTheAppIsReadySignInAndPagesAnswerStartingAndHealthStaysOpen() throws Exception {
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC));

		MockHttpServletResponse login = run("POST", "/login");
		assertThat(login.getStatus()).isEqualTo(503);
		assertThat(login.getHeader("Retry-After")).isEqualTo("2");
		assertThat(login.getContentAsString()).contains("Extra Mile is starting.").contains("http-equiv=\"refresh\"");
		MockHttpServletResponse api = run("GET", "/api/customers");
		assertThat(api.getStatus()).isEqualTo(503);
		assertThat(api.getContentType()).startsWith("application/problem+json");
		assertThat(run("GET", "/actuator/health").getStatus()).isEqualTo(200);
	}

	@Test
	void onceReadyEverythingPassesThrough() throws Exception {
		this.availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));

		assertThat(run("POST", "/login").getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse run(String method, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.addPreferredLocale(Locale.UK);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
