package app.extramile.notifications;

import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

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
 * In-app notices stay until dealt with: shown on every page the person opens (whatever
 * the device) until they open or dismiss them; only their own; a few at a time.
 */
@AppTest(systemTime = true)
class NoticesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Notifier notifier;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser rhys;

	ShopUser eleri;

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

	NotificationId askInApp(ShopUser to, String key, String customer) {
		return this.notifier.send(this.shop, key, Recipient.member(to.accountId()), Channel.IN_APP,
				"notify.welfare.ask", new MessageArgs(customer, "notify.ask.pop-round", "/checks/c7"));
	}

	@Test
	void aNoticeStaysOnEveryPageUntilItIsOpened() throws Exception {
		NotificationId id = askInApp(this.rhys, "k1-" + UUID.randomUUID(), "Gwen");

		this.mvc.perform(get("/notices").with(user(this.rhys)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Gwen")))
			.andExpect(content().string(containsString("/notices/" + id.value() + "/open")));
		// again, as on the next page or on another device
		this.mvc.perform(get("/notices").with(user(this.rhys))).andExpect(content().string(containsString("Gwen")));
		// not someone else's
		this.mvc.perform(get("/notices").with(user(this.eleri)))
			.andExpect(content().string(not(containsString("Gwen"))));

		this.mvc.perform(get("/notices/" + id.value() + "/open").with(user(this.rhys)))
			.andExpect(redirectedUrl("/checks/c7"));
		this.mvc.perform(get("/notices").with(user(this.rhys)))
			.andExpect(content().string(not(containsString("Gwen"))));
	}

	@Test
	void onlyTheirOwnerCanDismissANotice() throws Exception {
		NotificationId id = askInApp(this.rhys, "k2-" + UUID.randomUUID(), "Myfanwy");

		this.mvc
			.perform(post("/notices/" + id.value() + "/dismiss").header("HX-Request", "true")
				.with(user(this.eleri))
				.with(csrf()))
			.andExpect(status().isOk());
		this.mvc.perform(get("/notices").with(user(this.rhys))).andExpect(content().string(containsString("Myfanwy")));

		this.mvc
			.perform(post("/notices/" + id.value() + "/dismiss").header("HX-Request", "true")
				.with(user(this.rhys))
				.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("Myfanwy"))));
		this.mvc.perform(get("/notices").with(user(this.rhys)))
			.andExpect(content().string(not(containsString("Myfanwy"))));
	}

	@Test
	void aFewAreShownTheRestCountedAndAllCanBeDismissed() throws Exception {
		for (String name : new String[] { "Aled", "Bethan", "Carys", "Dafydd", "Elin" }) {
			askInApp(this.rhys, "k3-" + name + UUID.randomUUID(), name);
		}
		this.mvc.perform(get("/notices").with(user(this.rhys)))
			.andExpect(content().string(containsString("and 2 older")))
			.andExpect(content().string(containsString("Dismiss all")));

		this.mvc.perform(post("/notices/dismiss-all").with(user(this.rhys)).with(csrf()))
			.andExpect(redirectedUrl("/today"));
		this.mvc.perform(get("/notices").with(user(this.rhys)))
			.andExpect(content().string(not(containsString("Dismiss"))));
	}

	@Test
	void everyPageAsksForTheNotices() throws Exception {
		this.mvc.perform(get("/today").with(user(this.rhys)))
			.andExpect(content().string(containsString("hx-get=\"/notices\"")));
	}

}
