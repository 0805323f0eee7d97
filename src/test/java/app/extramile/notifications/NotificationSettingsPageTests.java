package app.extramile.notifications;

import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.notifications.Delivery.Status;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

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
 * An installation with neither SMS provider nor mail server: sends are recorded as FAILED
 * with the reason, never dropped, and the owner sees warnings and the failures.
 */
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.notifications.dispatch-on-send=false" })
@AutoConfigureMockMvc
@Import(MutableClock.Configuration.class)
class NotificationSettingsPageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Notifier notifier;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser owner;

	UUID volunteer;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeEach
	void shopWithOwnerAndVolunteer() {
		this.shop = TestShops.create(this.jdbc);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		UUID ownerId = this.accounts.create(this.shop, "owner-" + suffix, "Eleri Owen", Role.OWNER,
				"a long enough sentence");
		this.owner = new ShopUser(ownerId, this.shop, "owner-" + suffix, "Eleri Owen", Role.OWNER, null);
		this.volunteer = this.accounts.create(this.shop, "vol-" + suffix, "Rhys Jones", Role.VOLUNTEER,
				"a long enough sentence");
		this.accounts.updateContactDetails(this.shop, this.volunteer, "rhys@example.org", "07700 900123");
	}

	@Test
	void withoutAnSmsProviderTextsAreFailedWithTheReasonAndTheOwnerIsWarned() throws Exception {
		this.notifier.send(this.shop, "welfare:c1:ask", Recipient.member(this.volunteer), Channel.SMS,
				"notify.welfare.ask", new MessageArgs("Gwen", "notify.ask.ring", "/welfare/c1"));
		this.notifier.send(this.shop, "welfare:c1:ask", Recipient.member(this.volunteer), Channel.EMAIL,
				"notify.welfare.ask", new MessageArgs("Gwen", "notify.ask.ring", "/welfare/c1"));

		this.dispatcher.dispatchDue();

		Delivery sms = this.notifier.delivery(this.shop, "welfare:c1:ask", Channel.SMS).orElseThrow();
		assertThat(sms.status()).isEqualTo(Status.FAILED);
		assertThat(sms.lastError()).isEqualTo("SMS not configured");
		assertThat(this.notifier.delivery(this.shop, "welfare:c1:ask", Channel.EMAIL).orElseThrow().lastError())
			.isEqualTo("Email not configured");
		assertThat(this.notifier.smsConfigured()).isFalse();

		this.mvc.perform(get("/settings/notifications").with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"sms-off\"")))
			.andExpect(content().string(containsString("SMS is off")))
			.andExpect(content().string(containsString("id=\"email-off\"")))
			.andExpect(content().string(containsString("SMS not configured")))
			.andExpect(content().string(containsString("Rhys Jones")));
		// The settings page loads the warning by URL; the fragment alone carries it.
		this.mvc.perform(get("/settings").with(user(this.owner)))
			.andExpect(content().string(containsString("hx-get=\"/settings/notifications/status\"")));
		this.mvc.perform(get("/settings/notifications/status").with(user(this.owner)))
			.andExpect(content().string(containsString("SMS is off")))
			.andExpect(content().string(not(containsString("<html"))));
	}

	@Test
	void onlyOwnersSeeNotificationSettings() throws Exception {
		ShopUser staff = TestShops.user(this.shop, Role.STAFF);
		this.mvc.perform(get("/settings/notifications").with(user(staff))).andExpect(status().isForbidden());
		this.mvc.perform(get("/settings/notifications/status").with(user(staff))).andExpect(status().isForbidden());
	}

	@Test
	void theOwnerSetsHowAMemberIsReached() throws Exception {
		this.mvc
			.perform(post("/settings/notifications/members/{id}", this.volunteer).with(user(this.owner))
				.with(csrf())
				.param("email", "rhys.jones@example.org")
				.param("phone", "07700 900456"))
			.andExpect(redirectedUrl("/settings/notifications"));

		Accounts.ContactDetails rhys = this.accounts.contactDetails(this.shop, this.volunteer).orElseThrow();
		assertThat(rhys.email()).isEqualTo("rhys.jones@example.org");
		assertThat(rhys.phone()).isEqualTo("07700 900456");
		assertThat(rhys.firstName()).isEqualTo("Rhys");

		this.mvc
			.perform(post("/settings/notifications/members/{id}", this.volunteer).with(user(this.owner))
				.with(csrf())
				.param("email", "not an address")
				.param("phone", "ring me"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Use an email address like")))
			.andExpect(content().string(containsString("Use only numbers")));
	}

	@Test
	void anotherShopsMemberCannotBeChanged() throws Exception {
		ShopId other = TestShops.create(this.jdbc);
		UUID stranger = this.accounts.create(other, "x-" + UUID.randomUUID().toString().substring(0, 8), "Stranger",
				Role.STAFF, "a long enough sentence");
		this.mvc.perform(get("/settings/notifications/members/{id}", stranger).with(user(this.owner)))
			.andExpect(status().isNotFound());
	}

}
