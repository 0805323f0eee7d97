package app.extramile.today;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import app.extramile.TestShops;
import app.extramile.absences.AbsenceSweep;
import app.extramile.alarms.AlarmSetup;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandKind;
import app.extramile.errands.ErrandRequests;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import app.extramile.welfare.WelfareChecks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

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
 * The Today page, on H2 and on PostgreSQL (subclasses): where everyone lands, what owners
 * and staff see with each item's link, what an on-duty volunteer sees and answers (and
 * never: care notes), and nothing of another shop.
 */
abstract class TodayContract {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final String SECRET = "today-test-provider-secret";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AlarmSetup alarms;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	Team team;

	@Autowired
	WelfareChecks checks;

	@Autowired
	ErrandRequests requests;

	@Autowired
	AbsenceSweep absences;

	@Autowired
	VisitBatches visits;

	ShopId shop;

	ShopUser owner;

	ShopUser staff;

	ShopUser volunteer;

	String provider;

	UUID menna;

	@BeforeEach
	void aShopWithAnOwnerStaffAndAVolunteerOnDuty() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.volunteer = TestShops.user(this.shop, Role.VOLUNTEER);
		this.provider = "p" + UUID.randomUUID().toString().substring(0, 8);
		this.alarms.addProvider(this.owner, this.provider, SECRET);
		this.menna = this.team.addMember(this.owner,
				new Team.MemberDetails("Menna Cadwgan", "07700 900123", null, this.volunteer.accountId(), null, null));
		onDutyAlways(this.menna);
	}

	void onDutyAlways(UUID member) {
		for (DayOfWeek day : DayOfWeek.values()) {
			this.team.addSlot(this.owner, member, day, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
		}
	}

	@Test
	void everyoneSignedInLandsOnToday() throws Exception {
		for (ShopUser who : List.of(this.owner, this.staff, this.volunteer)) {
			this.mvc.perform(get("/").with(user(who))).andExpect(redirectedUrl("/today"));
			this.mvc.perform(get("/today").with(user(who)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("aria-current=\"page\"")));
		}
	}

	@Test
	void theOwnerSeesEachThingToDoWithItsLink() throws Exception {
		CustomerId gwen = customer("Gwen Prydderch", "3 Stryd y Capel", null);
		UUID alarm = alarmFor(gwen, "PENDANT-G");
		UUID check = this.checks.openByHand(this.staff,
				this.customers.register(this.shop, new CustomerDetails(null, "Ifan Bowen", "Mr Bowen", "01970 600001",
						null, "1 Heol y Bont", "Llan", null, null, null, null, null, List.of())));
		CustomerId dilys = absentRegular("Dilys Morgan");
		UUID errand = this.requests.request(this.staff,
				new ErrandRequests.Request(customer("Nia Rowlands", "9 Lôn Goed", null), ErrandKind.DELIVERY,
						"Bread, milk", 1, 0L, today(), LocalTime.of(10, 0), LocalTime.of(12, 0), false, null, null));
		LocalDate birthday = today().plusDays(3);
		CustomerId elin = customer("Elin Parry", "2 Maes y Llan", birthday.minusYears(84));

		String page = this.mvc.perform(get("/today").with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Gwen Prydderch", "3 Stryd y Capel", "Came in", "href=\"/alarms/" + alarm + "\"");
		assertThat(page).as("the name as people say it, never a title alone")
			.contains("Mr Bowen (Ifan Bowen)", "href=\"/checks/" + check + "\"");
		assertThat(page).contains("Dilys Morgan", "href=\"/customers/" + dilys.value() + "\"",
				"action=\"/missing/sweep\"", "href=\"/missing\"");
		assertThat(page).contains("Errands nobody can take", "Needs a driver", "href=\"/errands/" + errand + "\"");
		assertThat(page).contains("Elin Parry", "href=\"/customers/" + elin.value() + "\"",
				DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH).format(birthday));
		assertThat(page).contains("<strong>1</strong> <span>live alarms</span>",
				"<strong>1</strong> <span>errands nobody can take</span>", "<strong>1</strong> <span>red in Who");

		this.mvc.perform(get("/today/live").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"today-live\"")))
			.andExpect(content().string(containsString("Gwen Prydderch")))
			.andExpect(content().string(not(containsString("<html"))));
	}

	@Test
	void aQuietDaySaysSoBriefly() throws Exception {
		this.mvc.perform(get("/today").with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("No alarms. All quiet.")))
			.andExpect(content().string(containsString("None open.")));
	}

	@Test
	void aVolunteerOnDutySeesTheLiveAlarmAndAnswersIt() throws Exception {
		CustomerId gwen = customer("Gwen Prydderch", "3 Stryd y Capel", null);
		UUID alarm = alarmFor(gwen, "PENDANT-V");

		this.mvc.perform(get("/today").with(user(this.volunteer)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Gwen Prydderch")))
			.andExpect(content().string(containsString("3 Stryd y Capel")))
			.andExpect(content().string(containsString("action=\"/alarms/" + alarm + "/answer\"")))
			.andExpect(content().string(not(containsString("href=\"/alarms/" + alarm + "\""))));

		MvcResult answered = this.mvc
			.perform(post("/alarms/" + alarm + "/answer").with(user(this.volunteer)).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String respond = answered.getResponse().getRedirectedUrl();
		assertThat(respond).startsWith("/respond/");
		this.mvc.perform(get(respond)).andExpect(status().isOk()).andExpect(content().string(containsString("Gwen")));
	}

	@Test
	void aVolunteerOffDutyNeitherSeesNorAnswersAnAlarmTheyWereNotAskedTo() throws Exception {
		ShopUser gethin = TestShops.user(this.shop, Role.VOLUNTEER);
		this.team.addMember(this.owner,
				new Team.MemberDetails("Gethin Llwyd", "07700 900456", null, gethin.accountId(), null, null));
		UUID alarm = alarmFor(customer("Gwen Prydderch", "3 Stryd y Capel", null), "PENDANT-O");

		this.mvc.perform(get("/today").with(user(gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("Gwen Prydderch"))))
			.andExpect(content().string(not(containsString("/alarms/" + alarm))));
		this.mvc.perform(post("/alarms/" + alarm + "/answer").with(user(gethin)).with(csrf()))
			.andExpect(redirectedUrl("/today"));
	}

	@Test
	void someoneWhoCameOnDutyAfterTheAlarmAnswersItFromToday() throws Exception {
		UUID alarm = alarmFor(customer("Gwen Prydderch", "3 Stryd y Capel", null), "PENDANT-L");
		ShopUser gethin = TestShops.user(this.shop, Role.VOLUNTEER);
		UUID member = this.team.addMember(this.owner,
				new Team.MemberDetails("Gethin Llwyd", "07700 900456", null, gethin.accountId(), null, null));
		onDutyAlways(member);

		this.mvc.perform(get("/today").with(user(gethin)))
			.andExpect(content().string(containsString("action=\"/alarms/" + alarm + "/answer\"")));
		String respond = this.mvc.perform(post("/alarms/" + alarm + "/answer").with(user(gethin)).with(csrf()))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(respond).startsWith("/respond/");
		this.mvc.perform(post(respond + "/going").with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(this.jdbc.sql("select acked_by from alarm where id = ?").param(alarm).query(UUID.class).single())
			.isEqualTo(member);
	}

	@Test
	void anErrandTodayIsOfferedToTheVolunteerWhoCanTakeItAndIsNotStuck() throws Exception {
		this.team.grantSkill(this.owner, this.menna, Skill.DRIVER, null);
		UUID errand = this.requests.request(this.staff,
				new ErrandRequests.Request(customer("Nia Rowlands", "9 Lôn Goed", null), ErrandKind.DELIVERY, "Bread",
						1, 0L, today(), LocalTime.of(10, 0), LocalTime.of(12, 0), false, null, null));

		this.mvc.perform(get("/today").with(user(this.volunteer)))
			.andExpect(content().string(containsString("Nia Rowlands")))
			.andExpect(content().string(containsString("action=\"/errands/" + errand + "/accept\"")));
		this.mvc.perform(get("/today").with(user(this.owner)))
			.andExpect(content().string(containsString("href=\"/errands/" + errand + "\"")))
			.andExpect(content().string(containsString("Every errand has someone who can take it.")));
	}

	@Test
	void aVolunteerNeverSeesCareNotesOnToday() throws Exception {
		CustomerId gwen = customer("Gwen Prydderch", "3 Stryd y Capel", null);
		this.consents.record(this.staff, gwen, true, true, true, "in person");
		this.careProfiles.save(this.staff, gwen, new CareProfile(true, true, true, true, "MOBILITY-SECRET",
				"SIGHT-SECRET", "HEARING-SECRET", "usual", "paper", "CARE-NOTE-SECRET", "KEY-SAFE-SECRET"));
		alarmFor(gwen, "PENDANT-C");
		this.checks.openByHand(this.staff, gwen);

		for (ShopUser who : List.of(this.volunteer, this.owner)) {
			String page = this.mvc.perform(get("/today").with(user(who)))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(page).contains("Gwen Prydderch")
				.doesNotContain("CARE-NOTE-SECRET", "KEY-SAFE-SECRET", "MOBILITY-SECRET", "SIGHT-SECRET",
						"HEARING-SECRET");
		}
	}

	@Test
	void anotherShopsItemsNeverAppear() throws Exception {
		ShopId other = TestShops.create(this.jdbc);
		ShopUser otherStaff = TestShops.user(other, Role.STAFF);
		CustomerId stranger = this.customers.register(other,
				new CustomerDetails(null, "Stranger Elsewhere", null, "01970 999999", null, "99 Other Street",
						"Elsewhere", null, null, null, today().plusDays(1).minusYears(70), null, List.of()));
		this.checks.openByHand(otherStaff, stranger);
		this.requests.request(otherStaff, new ErrandRequests.Request(stranger, ErrandKind.DELIVERY, "Eggs", 1, 0L,
				today(), LocalTime.of(10, 0), LocalTime.of(12, 0), false, null, null));

		for (ShopUser who : List.of(this.owner, this.volunteer)) {
			this.mvc.perform(get("/today").with(user(who)))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("Stranger"))))
				.andExpect(content().string(not(containsString("99 Other Street"))));
		}
	}

	// --- Fixtures
	// ----------------------------------------------------------------------------

	LocalDate today() {
		return LocalDate.now(LONDON);
	}

	CustomerId customer(String name, String address, LocalDate birthday) {
		return this.customers.register(this.shop, new CustomerDetails(null, name, null, "01970 600001", null, address,
				"Llan", null, null, null, birthday, null, List.of()));
	}

	/** A weekday regular for half a year who has not been in for ten days, swept. */
	CustomerId absentRegular(String name) {
		CustomerId id = customer(name, "5 Heol Fawr", null);
		LocalDate last = today().minusDays(10);
		List<IncomingVisit> history = new ArrayList<>();
		for (LocalDate day = last.minusDays(180); !day.isAfter(last); day = day.plusDays(1)) {
			if (day.getDayOfWeek().getValue() <= 5) {
				Instant at = day.atTime(9, day.getDayOfMonth() % 20).atZone(LONDON).toInstant();
				history.add(new IncomingVisit(name + ":" + at, id, at, null));
			}
		}
		this.visits.add(this.shop, Visit.Source.IMPORT, history);
		this.absences.sweep(this.shop, Instant.now());
		return id;
	}

	/** A pendant for the customer and a signed fall alarm from it, over HTTP. */
	UUID alarmFor(CustomerId customer, String deviceId) throws Exception {
		UUID providerId = this.alarms.providers(this.shop)
			.stream()
			.filter((p) -> p.name().equals(this.provider))
			.findFirst()
			.orElseThrow()
			.id();
		this.alarms.addDevice(this.staff, providerId, deviceId, customer, 3600);
		String body = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"deviceId\":\"" + deviceId
				+ "\",\"kind\":\"fall\",\"occurredAt\":\"" + Instant.now().minusSeconds(1) + "\"}";
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
		mac.update((byte) '.');
		String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		String answer = this.mvc
			.perform(post("/api/alarms").contentType(MediaType.APPLICATION_JSON)
				.header("X-Extramile-Provider", this.provider)
				.header("X-Extramile-Timestamp", timestamp)
				.header("X-Extramile-Signature", signature)
				.content(body))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(answer.substring(answer.indexOf("\"alarmId\":\"") + 11).substring(0, 36));
	}

	// --- A new shop's first hour

	private String todayOf(ShopUser who) throws Exception {
		return this.mvc.perform(get("/today").with(user(who)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private static boolean ticked(String html, String step) {
		java.util.regex.Matcher line = java.util.regex.Pattern.compile("<li[^>]*id=\"start-" + step + "\"[^>]*>")
			.matcher(html);
		assertThat(line.find()).as("the list has the step " + step).isTrue();
		return line.group().contains("done");
	}

	@Test
	void aNewShopsOwnerIsWalkedThroughTheFirstHourAndTheListGoesWhenPutAway() throws Exception {
		ShopId fresh = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(fresh, Role.OWNER);
		String html = todayOf(owner);
		assertThat(html).contains("id=\"getting-started\"", "0 of 8 done", "href=\"/missing/settings\"",
				"href=\"/visits/import\"", "href=\"/alarms/devices\"");
		for (String step : List.of("shop", "hours", "team", "customers", "visits", "consent", "alarms",
				"public-page")) {
			assertThat(ticked(html, step)).as(step).isFalse();
		}
		assertThat(todayOf(TestShops.user(fresh, Role.STAFF))).as("the owner's list only")
			.doesNotContain("id=\"getting-started\"");
		assertThat(todayOf(this.owner)).as("another shop's owner sees their own list")
			.contains("id=\"getting-started\"");

		// What the shop's own data shows is ticked by itself
		CustomerId first = this.customers.register(fresh, new CustomerDetails("F-1", "Ffion Morgan", null, null, null,
				null, null, null, null, null, null, null, List.of()));
		this.consents.record(owner, first, true, false, false, "Spoken, at the counter");
		html = todayOf(owner);
		assertThat(ticked(html, "customers")).isTrue();
		assertThat(ticked(html, "consent")).isTrue();
		assertThat(html).contains("2 of 8 done");

		// Saving the opening hours through their own form ticks that step (an event,
		// after commit)
		this.mvc
			.perform(post("/missing/settings").param("day", "1", "2", "3", "4", "5", "6")
				.param("opensAt", "08:00")
				.param("closesAt", "17:30")
				.param("amberOneIn", "20")
				.param("redBudget", "2")
				.param("redAfterMissedDays", "3")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/missing/settings"));
		Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> ticked(todayOf(owner), "hours"));

		// A step that is not for this shop is ticked by hand; only by the owner
		this.mvc
			.perform(post("/today/getting-started/alarms/skip").with(csrf())
				.with(user(TestShops.user(fresh, Role.STAFF))))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/today/getting-started/alarms/skip").with(csrf()).with(user(owner)))
			.andExpect(redirectedUrl("/today#getting-started"));
		this.mvc.perform(post("/today/getting-started/no-such-step/skip").with(csrf()).with(user(owner)))
			.andExpect(status().isNotFound());
		html = todayOf(owner);
		assertThat(ticked(html, "alarms")).isTrue();
		assertThat(html).contains("4 of 8 done");

		this.mvc.perform(post("/today/getting-started/hide").with(csrf()).with(user(owner)))
			.andExpect(redirectedUrl("/today"));
		assertThat(todayOf(owner)).doesNotContain("id=\"getting-started\"");
		assertThat(todayOf(this.owner)).as("another shop's list stays").contains("id=\"getting-started\"");
	}

	@Test
	void theListGoesByItselfWhenEveryStepIsDone() throws Exception {
		ShopId fresh = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(fresh, Role.OWNER);
		for (String step : List.of("shop", "hours", "team", "customers", "visits", "consent", "alarms")) {
			this.mvc.perform(post("/today/getting-started/" + step + "/skip").with(csrf()).with(user(owner)))
				.andExpect(status().is3xxRedirection());
		}
		assertThat(todayOf(owner)).contains("7 of 8 done");
		this.mvc.perform(post("/today/getting-started/public-page/skip").with(csrf()).with(user(owner)))
			.andExpect(status().is3xxRedirection());
		assertThat(todayOf(owner)).doesNotContain("id=\"getting-started\"");
	}

}
