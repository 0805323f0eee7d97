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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * In-app notifications over server-sent events: pushed after commit to the member's open
 * connections here, and found by the poll when another instance recorded them. The
 * background poll is slowed down so that the test runs each poll itself.
 */
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.notifications.live-poll-every=1h" })
@AutoConfigureMockMvc
@Import(MutableClock.Configuration.class)
class LiveUpdatesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Notifier notifier;

	@Autowired
	Notifications notifications;

	@Autowired
	LiveConnections live;

	@Autowired
	Accounts accounts;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser rhys;

	ShopUser eleri;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeEach
	void shopWithTwoMembers() {
		this.shop = TestShops.create(this.jdbc);
		this.rhys = member("Rhys Jones", Role.VOLUNTEER);
		this.eleri = member("Eleri Owen", Role.STAFF);
	}

	ShopUser member(String name, Role role) {
		String username = "m-" + UUID.randomUUID().toString().substring(0, 8);
		UUID id = this.accounts.create(this.shop, username, name, role, "a long enough sentence");
		return new ShopUser(id, this.shop, username, name, role, null);
	}

	MvcResult connect(ShopUser user) throws Exception {
		return this.mvc.perform(get("/live").with(user(user)))
			.andExpect(status().isOk())
			.andExpect(request().asyncStarted())
			.andReturn();
	}

	NotificationId askInApp(ShopUser to, String key) {
		return this.notifier.send(this.shop, key, Recipient.member(to.accountId()), Channel.IN_APP,
				"notify.welfare.ask", new MessageArgs("Gwen", "notify.ask.pop-round", "/welfare/c7"));
	}

	@Test
	void anInAppNotificationIsPushedToTheMembersConnectionsAfterCommit() throws Exception {
		MvcResult rhysPhone = connect(this.rhys);
		MvcResult rhysTablet = connect(this.rhys);
		MvcResult eleriTablet = connect(this.eleri);

		NotificationId id = this.transactions.execute((tx) -> {
			NotificationId recorded = askInApp(this.rhys, "welfare:c7:step:3:ask:rhys");
			assertThat(body(rhysPhone)).as("nothing before commit").doesNotContain("event:notification");
			return recorded;
		});

		for (MvcResult connection : new MvcResult[] { rhysPhone, rhysTablet }) {
			assertThat(body(connection)).contains("event:notification")
				.contains("id:" + id)
				.contains("Can you help? Could you pop round to see Gwen?")
				.contains("\"link\":\"/welfare/c7\"")
				.contains("\"open\":\"Open\"");
		}
		assertThat(body(eleriTablet)).doesNotContain("event:notification");
		assertThat(
				this.notifier.delivery(this.shop, "welfare:c7:step:3:ask:rhys", Channel.IN_APP).orElseThrow().status())
			.isEqualTo(Status.SENT);
	}

	@Test
	void oneRecordedByAnotherInstanceArrivesWithTheNextPollAndOnlyOnce() throws Exception {
		MvcResult rhysPhone = connect(this.rhys);
		// Another instance wrote the row: no after-commit push reaches this one.
		UUID id = UUID.randomUUID();
		this.notifications.insert(id, this.shop, "elsewhere", Channel.IN_APP, this.rhys.accountId(), null,
				"notify.welfare.ask", new MessageArgs("Gwen", "notify.ask.ring", "/welfare/c8"), Status.SENT,
				this.clock.instant());
		assertThat(body(rhysPhone)).doesNotContain("event:notification");

		this.live.poll();
		this.live.poll();

		assertThat(body(rhysPhone)).contains("id:" + id).contains("Could you ring Gwen?");
		assertThat(occurrences(body(rhysPhone), "event:notification")).isEqualTo(1);
	}

	@Test
	void aNewConnectionDoesNotReplayOldNotifications() throws Exception {
		askInApp(this.rhys, "old");
		this.clock.advance(java.time.Duration.ofMinutes(1));

		MvcResult rhysPhone = connect(this.rhys);
		this.live.poll();

		assertThat(body(rhysPhone)).doesNotContain("event:notification");
	}

	@Test
	void aStreamThatConnectsLateStillGetsWhatCameSinceItsPageWasShown() throws Exception {
		java.time.Instant pageShown = this.clock.instant();
		this.clock.advance(java.time.Duration.ofSeconds(8));
		NotificationId id = askInApp(this.rhys, "while-the-phone-connects");
		// The phone's stream connects 14 s after its page loaded, 6 s after the ask:
		// later than the grace a stream gets without its page's time.
		this.clock.advance(java.time.Duration.ofSeconds(6));

		MvcResult late = this.mvc
			.perform(get("/live").param("since", String.valueOf(pageShown.toEpochMilli())).with(user(this.rhys)))
			.andExpect(request().asyncStarted())
			.andReturn();
		MvcResult withoutItsPage = connect(this.rhys);
		this.live.poll();

		assertThat(body(late)).contains("id:" + id).contains("Could you pop round to see Gwen?");
		assertThat(body(withoutItsPage)).as("a stream that does not say when its page was shown starts just before it")
			.doesNotContain("event:notification");
	}

	@Test
	void aPageShownLongAgoGetsNoMoreThanTheLookback() throws Exception {
		java.time.Instant pageShown = this.clock.instant();
		askInApp(this.rhys, "long-ago");
		this.clock.advance(java.time.Duration.ofMinutes(9));
		NotificationId recent = askInApp(this.rhys, "a-minute-ago");
		this.clock.advance(java.time.Duration.ofMinutes(1));

		MvcResult reconnected = this.mvc
			.perform(get("/live").param("since", String.valueOf(pageShown.toEpochMilli())).with(user(this.rhys)))
			.andExpect(request().asyncStarted())
			.andReturn();
		this.live.poll();

		assertThat(body(reconnected)).contains("id:" + recent);
		assertThat(occurrences(body(reconnected), "event:notification")).isEqualTo(1);
	}

	@Test
	void liveUpdatesNeedSigningIn() throws Exception {
		this.mvc.perform(get("/live")).andExpect(status().is3xxRedirection());
	}

	private static String body(MvcResult result) {
		try {
			return result.getResponse().getContentAsString().replace("event: ", "event:").replace("id: ", "id:");
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
