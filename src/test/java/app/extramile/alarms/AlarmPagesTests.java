package app.extramile.alarms;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.alarms.AlarmIntake.Intake;
import app.extramile.alarms.AlarmSetup.Provider;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.team.Team;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The alarm board, an alarm's timeline, the report, devices, the team page and a
 * responder's phone page (no login), on H2.
 */
@AppTest(systemTime = true)
class AlarmPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AlarmSetup setup;

	@Autowired
	AlarmDesk desk;

	@Autowired
	AlarmIntake alarmIntake;

	@Autowired
	Team team;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	ShopId shop;

	ShopUser staff;

	ShopUser volunteer;

	Provider provider;

	UUID alarm;

	@BeforeEach
	void anOpenAlarm() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.volunteer = TestShops.user(this.shop, Role.VOLUNTEER);
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		String name = "p" + UUID.randomUUID().toString().substring(0, 8);
		this.setup.addProvider(owner, name, "pages-test-secret-0123");
		Provider provider = this.setup.providersNamed(name).get(0);
		this.provider = provider;
		CustomerId gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null,
				"01970 600001", null, "3 Stryd y Capel", "Llan", null, null, null, null, null, List.of()));
		this.setup.addDevice(this.staff, provider.id(), "PENDANT-1", gwen, 3600);
		UUID menna = this.team.addMember(this.staff,
				new Team.MemberDetails("Menna Cadwgan", "07700 900123", null, null, null, null));
		for (DayOfWeek day : DayOfWeek.values()) {
			this.team.addSlot(this.staff, menna, day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
		}
		this.alarm = press("e1");
	}

	UUID press(String eventId) {
		String body = this.alarmIntake
			.receive(this.provider, new Intake(eventId, "PENDANT-1", AlarmKind.FALL, Instant.now().minusSeconds(1)))
			.body();
		return UUID.fromString(body.substring(body.indexOf("\"alarmId\":\"") + 11).substring(0, 36));
	}

	/** The link in the text Menna was sent: how a responder gets it. */
	String linkSent(UUID alarmId) {
		return this.jdbc.sql("select link_path from notification where shop_id = ? and dedup_key = ?")
			.params(this.shop.value(), "alarm:" + alarmId + ":ask:0")
			.query(String.class)
			.single();
	}

	String statusOf(UUID alarmId) {
		return this.desk.alarm(this.shop, alarmId).status();
	}

	@Test
	void staffSeeTheBoardTheAlarmTheReportAndDevices() throws Exception {
		this.mvc.perform(get("/alarms").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("alarm-open")))
			.andExpect(content().string(containsString("Fall detected")))
			.andExpect(content().string(containsString("Gwen Prydderch")));
		this.mvc.perform(get("/alarms/live").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-open-alarms=\"1\"")));
		this.mvc.perform(get("/alarms/" + this.alarm).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Alarm received")))
			.andExpect(content().string(containsString("Menna Cadwgan")));
		this.mvc.perform(get("/alarms/report").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("98.5th percentile")));
		this.mvc.perform(get("/alarms/devices").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("PENDANT-1")))
			.andExpect(content().string(not(containsString("pages-test-secret"))));
		this.mvc.perform(get("/alarms").with(user(this.volunteer))).andExpect(status().isForbidden());
	}

	@Test
	void theTeamPageShowsTheRotaToEveryoneAndFormsToManagers() throws Exception {
		this.mvc.perform(get("/team").with(user(this.volunteer)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Menna Cadwgan")))
			.andExpect(content().string(not(containsString("Add a member"))));
		this.mvc.perform(get("/team").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Add a member")));
		this.mvc
			.perform(post("/team/members").with(user(this.staff))
				.with(csrf())
				.param("name", "Huw")
				.param("mobile", "not a phone"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("That does not look like a phone number.")))
			.andExpect(content().string(containsString("id=\"mobile-error\"")));
		this.mvc.perform(post("/team/members").with(user(this.volunteer)).with(csrf()).param("name", "Huw"))
			.andExpect(status().isForbidden());
	}

	@Test
	void theResponderPageNeedsOnlyTheLink() throws Exception {
		String link = linkSent(this.alarm);
		assertThat(link).startsWith("/respond/");
		String token = link.substring("/respond/".length());
		this.mvc.perform(get(link))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("I am going")))
			.andExpect(content().string(containsString("3 Stryd y Capel")));
		this.mvc.perform(post("/respond/" + token + "/going").with(csrf())).andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/respond/" + token))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are going")))
			.andExpect(content().string(containsString("Show access notes")));
		this.mvc.perform(post("/respond/" + token + "/resolve").with(csrf()).param("outcome", "ALL_WELL"))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/respond/" + token))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This alarm is over")))
			.andExpect(content().string(not(containsString("3 Stryd y Capel"))));
		this.mvc.perform(get("/respond/not-a-real-token-at-all-xyz")).andExpect(status().isNotFound());
	}

	@Test
	void aLinkMadeTheFormerWayFromTheAlarmIdOpensNothing() throws Exception {
		String kept = this.jdbc.sql("select passphrase from alarm_secret_key").query(String.class).single();
		for (String key : List.of(SecretBox.FORMER_DEFAULT, kept)) {
			for (int seq = 0; seq < 2; seq++) {
				String forged = "/respond/" + AlarmDeskContract.formerDerivedToken(key, this.alarm, seq);
				this.mvc.perform(get(forged))
					.andExpect(status().isNotFound())
					.andExpect(content().string(not(containsString("Gwen"))))
					.andExpect(content().string(not(containsString("3 Stryd y Capel"))));
				this.mvc.perform(post(forged + "/going").with(csrf())).andExpect(status().isNotFound());
				this.mvc.perform(post(forged + "/resolve").with(csrf()).param("outcome", "ALL_WELL"))
					.andExpect(status().isNotFound());
				this.mvc.perform(post(forged + "/access").with(csrf()))
					.andExpect(status().isNotFound())
					.andExpect(content().string(not(containsString("Gwen"))));
			}
		}
		assertThat(statusOf(this.alarm)).isEqualTo("OPEN");
	}

	@Test
	void anExpiredOrRevokedLinkOpensNothing() throws Exception {
		String link = linkSent(this.alarm);
		this.mvc.perform(get(link)).andExpect(status().isOk());
		this.jdbc.sql("update alarm_responder_link set expires_at = ? where alarm_id = ?")
			.params(Times.column(Instant.now().minusSeconds(1)), this.alarm)
			.update();
		this.mvc.perform(get(link))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("3 Stryd y Capel"))));
		this.mvc.perform(post(link + "/going").with(csrf())).andExpect(status().isNotFound());

		UUID other = press("e2");
		String otherLink = linkSent(other);
		this.mvc.perform(get(otherLink)).andExpect(status().isOk());
		assertThat(this.desk.revokeLinks(this.shop, other)).isEqualTo(1);
		this.mvc.perform(get(otherLink))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("3 Stryd y Capel"))));
		this.mvc.perform(post(otherLink + "/going").with(csrf())).andExpect(status().isNotFound());
		assertThat(statusOf(this.alarm)).isEqualTo("OPEN");
		assertThat(statusOf(other)).isEqualTo("OPEN");
	}

	@Test
	void aLinkForOneAlarmActsOnThatAlarmOnly() throws Exception {
		UUID other = press("e2");
		String link = linkSent(this.alarm);

		this.mvc.perform(post(link + "/going").with(csrf())).andExpect(status().is3xxRedirection());
		this.mvc.perform(post(link + "/resolve").with(csrf()).param("outcome", "ALL_WELL"))
			.andExpect(status().is3xxRedirection());
		assertThat(statusOf(this.alarm)).isEqualTo("RESOLVED");
		assertThat(statusOf(other)).isEqualTo("OPEN");
	}

	static final Pattern SECONDS = Pattern.compile("\\d{1,2}:\\d{2}:\\d{2}");

	String html(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
		String html = this.mvc.perform(request)
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(SECONDS.matcher(html).find()).as("a time with seconds").isFalse();
		return html;
	}

	long accessNotesReveals(CustomerId customer) {
		return this.jdbc
			.sql("select count(*) from care_access_log where shop_id = ? and customer_id = ? and what = 'ACCESS_NOTES'")
			.params(this.shop.value(), customer.value())
			.query(Long.class)
			.single();
	}

	@Test
	void theResponderSeesWhoWhereAMapAPhoneAndWhenAndTheAccessNotesOnlyOnceGoingLogged() throws Exception {
		CustomerId gwen = this.desk.alarm(this.shop, this.alarm).customerId();
		this.customers.update(this.shop, gwen, new CustomerDetails(null, "Gwenllian Prydderch", "Gwen", "01970 600001",
				null, "3 Stryd y Capel", "Llan", "SY23 1AA", null, null, null, null, List.of()));
		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen, new CareProfile(true, true, false, false, null, null, null, null, null,
				null, "Key safe 4321 left of the door"));
		String link = linkSent(this.alarm);

		String before = html(get(link));
		assertThat(before).contains("Gwen (Gwenllian Prydderch)")
			.contains("3 Stryd y Capel, Llan, SY23 1AA")
			.contains("https://www.openstreetmap.org/search?query=3+Stryd+y+Capel%2C+Llan%2C+SY23+1AA")
			.contains("href=\"tel:01970600001\"")
			.contains("Came in at ")
			.contains("just now")
			.doesNotContain("Show access notes")
			.doesNotContain("Key safe");
		assertThat(html(post(link + "/access").with(csrf()))).as("not going yet: nothing to reveal")
			.doesNotContain("Key safe");
		assertThat(accessNotesReveals(gwen)).isZero();

		this.mvc.perform(post(link + "/going").with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(html(get(link))).contains("Show access notes").doesNotContain("Key safe");
		assertThat(html(post(link + "/access").with(csrf()))).contains("Key safe 4321 left of the door")
			.contains("Gwen (Gwenllian Prydderch)")
			.contains("tel:01970600001");
		assertThat(accessNotesReveals(gwen)).isEqualTo(1);

		this.jdbc.sql("update alarm set received_at = ? where id = ?")
			.params(Times.column(Instant.now().minusSeconds(12 * 60 + 30)), this.alarm)
			.update();
		assertThat(html(get(link))).contains("12 min ago");
		assertThat(html(get("/alarms").with(user(this.staff)))).contains("Gwen (Gwenllian Prydderch)")
			.contains("12 min ago")
			.contains("tel:01970600001")
			.contains("openstreetmap.org")
			.doesNotContain("Key safe");
		assertThat(html(get("/alarms/" + this.alarm).with(user(this.staff)))).contains("Show access notes")
			.doesNotContain("Key safe");
		assertThat(html(post("/alarms/" + this.alarm + "/access-notes").with(csrf()).with(user(this.staff))))
			.contains("Key safe 4321 left of the door");
		assertThat(accessNotesReveals(gwen)).isEqualTo(2);

		this.mvc.perform(post(link + "/resolve").with(csrf()).param("outcome", "ALL_WELL"))
			.andExpect(status().is3xxRedirection());
		assertThat(html(post(link + "/access").with(csrf()))).as("over: nothing to reveal")
			.doesNotContain("Key safe")
			.doesNotContain("3 Stryd y Capel");
		assertThat(accessNotesReveals(gwen)).isEqualTo(2);
	}

}
