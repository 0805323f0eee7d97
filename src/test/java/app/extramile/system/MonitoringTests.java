package app.extramile.system;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.welfare.WelfareChecks;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Numbers for monitoring: the Prometheus endpoint answers only the scraper holding the
 * metrics token, and holds what an operator watches (alarms open and the time to the
 * first "I'm going", welfare checks and overdue steps, notifications waiting and each
 * attempt's outcome, the sweep's duration, ledger postings, the depths of the event
 * registry and the scheduler), with values that follow the shop's work.
 */
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.operations.token=scrape-me-7d1f0c2a",
		"management.defaults.metrics.export.enabled=true", "management.prometheus.metrics.export.enabled=true" })
@AutoConfigureMockMvc
class MonitoringTests {

	private static final String TOKEN = "scrape-me-7d1f0c2a";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	WelfareChecks checks;

	private String scrape() throws Exception {
		return this.mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + TOKEN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static double value(String scrape, String metric) {
		Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$")
			.matcher(scrape);
		assertThat(line.find()).as("the scrape has " + metric).isTrue();
		return Double.parseDouble(line.group(2));
	}

	@Test
	void onlyTheScraperWithTheTokenIsLetIn() throws Exception {
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer realm=\"extramile-operations\""));
		this.mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer scrape-me-7d1f0c2b"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/actuator/prometheus").header("Authorization", "Basic " + TOKEN))
			.andExpect(status().isUnauthorized());
		assertThat(scrape()).contains("# TYPE");
		// the token opens the scrape and nothing else: the rest wants a signed-in person
		this.mvc.perform(get("/actuator").header("Authorization", "Bearer " + TOKEN))
			.andExpect(status().is3xxRedirection())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/login"));
	}

	@Test
	void withoutATokenConfiguredNobodyIsLetIn() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
		request.addHeader("Authorization", "Bearer ");
		new OperationsTokenFilter("  ").doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(404);
	}

	@Test
	void theScrapeHoldsWhatAnOperatorWatchesAndFollowsTheWork() throws Exception {
		String scrape = scrape();
		for (String metric : List.of("extramile_alarms_open", "extramile_alarms_unacknowledged",
				"extramile_welfare_checks_open", "extramile_welfare_steps_overdue", "extramile_notifications_waiting",
				"extramile_events_incomplete", "extramile_scheduler_due", "extramile_scheduler_running",
				"extramile_ledger_postings_total", "extramile_alarms_first_acknowledgement_seconds_count",
				"extramile_absences_sweep_seconds_count")) {
			value(scrape, metric);
		}
		double checksBefore = value(scrape, "extramile_welfare_checks_open");

		ShopId shop = TestShops.create(this.jdbc);
		ShopUser staff = TestShops.user(shop, Role.STAFF);
		CustomerId gwen = this.customers.register(shop, new CustomerDetails("M-1", "Gwen Metrics", null, null, null,
				null, null, null, null, null, null, null, List.of()));
		this.consents.record(staff, gwen, true, false, false, "Spoken");
		UUID check = this.checks.openByHand(staff, gwen);
		assertThat(check).isNotNull();
		assertThat(value(scrape(), "extramile_welfare_checks_open")).isEqualTo(checksBefore + 1);
	}

}
