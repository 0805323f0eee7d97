package app.extramile.system;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import app.extramile.TestDatabases;
import app.extramile.alarms.AlarmDesk;
import app.extramile.alarms.AlarmReport;
import app.extramile.alarms.AlarmSetup;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.demo.Demo;
import app.extramile.impact.ImpactKind;
import app.extramile.impact.ImpactStore;
import app.extramile.ledger.GiftCertificate;
import app.extramile.ledger.GiftCertificates;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import app.extramile.welfare.CheckViews.Check;
import app.extramile.welfare.WelfareChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/**
 * The demo village tells one story: its alarm report, alarm board, pendants, certificate
 * and check lists and impact page agree with each other. Seeded as the app seeds it at
 * start, on H2.
 */
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.demo.enabled=true" })
@AutoConfigureMockMvc
class DemoTellsOneStoryTests {

	/** Before the context: the application starts after this. */
	private static final Instant LOADED = Instant.now();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	AlarmDesk alarms;

	@Autowired
	AlarmReport alarmReport;

	@Autowired
	AlarmSetup alarmSetup;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	WelfareChecks checks;

	@Autowired
	ImpactStore impact;

	@Autowired
	Team team;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Autowired
	MockMvc mvc;

	Shop shop;

	ZoneId zone;

	YearMonth thisMonth;

	@BeforeEach
	void theDemoVillage() {
		this.shop = this.shops.findBySlug(Demo.SLUG).orElseThrow();
		this.zone = this.shop.timeZone();
		this.thisMonth = YearMonth.now(this.zone);
	}

	/** The twelve months the impact page and its charts show for the demo. */
	private List<YearMonth> lastTwelveMonths() {
		return java.util.stream.IntStream.range(0, 12).mapToObj(this.thisMonth::minusMonths).toList();
	}

	private Set<YearMonth> sampleMonths() {
		return Set.of(this.thisMonth.getYear(), this.thisMonth.getYear() - 1)
			.stream()
			.flatMap((year) -> this.impact.sampleMonths(this.shop.id(), year).stream())
			.collect(Collectors.toSet());
	}

	/**
	 * The demo start on its new in-memory database loaded the schema the build prepared
	 * (every migration in Flyway's history was installed when the build wrote the script,
	 * before this test ran) and Flyway found nothing left to do.
	 */
	@Test
	void theDemoStartLoadedTheBuildsPreparedSchema() {
		List<Instant> installed = this.jdbc
			.sql("select installed_on from flyway_schema_history where version is not null")
			.query(Timestamp.class)
			.list()
			.stream()
			.map(Timestamp::toInstant)
			.toList();

		assertThat(installed).hasSizeGreaterThan(50).allSatisfy((at) -> assertThat(at).isBefore(LOADED));
	}

	@Test
	void pendantsAreWornByTheCustomersMarkedAsHavingAnAlarmAndByNobodyElse() {
		Set<CustomerId> marked = this.careProfiles.careFlags(this.shop.id())
			.entrySet()
			.stream()
			.filter((e) -> e.getValue().personalAlarm())
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		List<AlarmSetup.Device> pendants = this.alarmSetup.devices(this.shop.id());
		assertThat(marked).as("customers marked as having an alarm").hasSizeGreaterThanOrEqualTo(5);
		assertThat(pendants.stream().map(AlarmSetup.Device::customerId).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(marked);
		assertThat(pendants).hasSize(marked.size());
		// the README's curl example and the journeys press these
		assertThat(pendants).extracting(AlarmSetup.Device::deviceId)
			.contains("DEMO-PENDANT-1", "DEMO-PENDANT-2", "DEMO-PENDANT-3", "DEMO-PENDANT-4", "DEMO-PENDANT-5");
	}

	@Test
	void theAlarmReportOfEachMonthCountsTheAlarmsTheBoardShowsForIt() {
		List<Alarm> history = this.alarms.recent(this.shop.id(), null, 10_000);
		for (YearMonth month : lastTwelveMonths()) {
			long onTheBoard = history.stream()
				.filter((a) -> a.kind().dispatches())
				.filter((a) -> YearMonth.from(a.receivedAt().atZone(this.zone)).equals(month))
				.count();
			assertThat(this.alarmReport.report(this.shop.id(), month).alarms()).as(month.toString())
				.isEqualTo((int) onTheBoard);
		}
	}

	@Test
	void everyMonthThatIsNotSampleHistoryCountsWhatTheListsHold() {
		Set<YearMonth> sample = sampleMonths();
		assertThat(sample).as("this month is never sample history").doesNotContain(this.thisMonth);
		assertThat(sample).as("the charts have history").isNotEmpty();
		// the outcomes the impact page counts as checks (no answer and consent withdrawn
		// are not)
		Set<String> counted = Set.of("ALL_WELL", "AWAY", "IN_HOSPITAL", "NEEDS_HELP", "EMERGENCY_SERVICES_CALLED");
		// module listeners count what the seeders did a moment after it committed
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<GiftCertificate> issued = this.certificates.list(this.shop.id(), 10_000);
			List<Check> resolved = this.checks.checks(this.shop.id(), false, 10_000)
				.stream()
				.filter((c) -> c.resolvedAt() != null && c.outcome() != null && counted.contains(c.outcome().name()))
				.toList();
			List<Alarm> answered = this.alarms.recent(this.shop.id(), null, 10_000)
				.stream()
				.filter((a) -> a.ackedAt() != null)
				.toList();
			for (YearMonth month : lastTwelveMonths()) {
				if (sample.contains(month)) {
					continue;
				}
				ImpactStore.Figures figures = this.impact.month(this.shop.id(), month);
				assertThat(figures.facts(ImpactKind.GIFT_CERTIFICATE_ISSUED)).as("certificates in " + month)
					.isEqualTo(issued.stream().filter((c) -> in(month, c.issuedAt())).count());
				assertThat(figures.welfareChecks()).as("checks in " + month)
					.isEqualTo(resolved.stream().filter((c) -> in(month, c.resolvedAt())).count());
				assertThat(figures.facts(ImpactKind.ALARM_ANSWERED)).as("alarms answered in " + month)
					.isEqualTo(answered.stream().filter((a) -> in(month, a.ackedAt())).count());
			}
		});
		// the demo's own certificate is in this month's figures and in the list
		assertThat(this.impact.month(this.shop.id(), this.thisMonth).facts(ImpactKind.GIFT_CERTIFICATE_ISSUED))
			.isPositive();
	}

	@Test
	void theDemoStartLeavesNoticesOnlyAboutWhatStillWaits() {
		for (String username : List.of("owner", "staff", "volunteer")) {
			java.util.UUID account = this.accounts.members(this.shop.id())
				.stream()
				.filter((m) -> m.username().equals(username))
				.findFirst()
				.orElseThrow()
				.id();
			List<String> waiting = this.jdbc.sql("""
					select dedup_key from notification where shop_id = ? and recipient_account_id = ?
					  and channel = 'IN_APP' and dealt_with_at is null""")
				.params(this.shop.id().value(), account)
				.query(String.class)
				.list();
			assertThat(waiting).as(username + "'s notices").hasSizeLessThanOrEqualTo(4);
			for (String key : waiting) {
				String[] parts = key.split(":");
				java.util.UUID about = java.util.UUID.fromString(parts[1]);
				if (parts[0].equals("welfare")) {
					assertThat(this.checks.check(this.shop.id(), about).open()).as(key).isTrue();
				}
				else {
					assertThat(parts[0]).as(key).isEqualTo("errand");
					assertThat(this.jdbc.sql("select status from errand where id = ?")
						.param(about)
						.query(String.class)
						.single()).as(key).isEqualTo("OPEN");
					assertThat(parts[2]).as(key).isEqualTo("offer");
				}
			}
		}
	}

	@Test
	void settingsAndTeamListTheSamePeople() {
		Set<java.util.UUID> logins = this.accounts.members(this.shop.id())
			.stream()
			.filter(Accounts.Member::enabled)
			.map(Accounts.Member::id)
			.collect(Collectors.toSet());
		List<TeamMember> team = this.team.members(this.shop.id());
		assertThat(team).extracting(TeamMember::accountId).doesNotHaveDuplicates();
		assertThat(team.stream().map(TeamMember::accountId).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(logins);
	}

	@Test
	void theImpactPageSaysWhichMonthsAreSampleHistory() throws Exception {
		ShopUser owner = owner();
		LocalDate today = LocalDate.now(this.zone);
		List<YearMonth> sampleThisYear = this.impact.sampleMonths(this.shop.id(), today.getYear());
		String thisMonthName = this.thisMonth.getMonth().getDisplayName(TextStyle.FULL, Locale.UK);
		if (sampleThisYear.isEmpty()) {
			// January: this year's page holds no sample history; last year's does
			this.mvc.perform(get("/impact").param("year", Integer.toString(today.getYear() - 1)).with(user(owner)))
				.andExpect(content().string(containsString("Sample history: the figures for")));
			return;
		}
		String names = sampleThisYear.stream()
			.map((m) -> m.getMonth().getDisplayName(TextStyle.FULL, Locale.UK))
			.collect(Collectors.joining(", "));
		this.mvc.perform(get("/impact").with(user(owner)))
			.andExpect(content().string(containsString("Sample history: the figures for " + names + " include")))
			.andExpect(content().string(not(containsString("the figures for " + names + ", " + thisMonthName))));
	}

	private boolean in(YearMonth month, java.time.Instant at) {
		return at != null && YearMonth.from(at.atZone(this.zone)).equals(month);
	}

	private ShopUser owner() {
		Accounts.Member member = this.accounts.members(this.shop.id())
			.stream()
			.filter((m) -> m.role() == Role.OWNER)
			.findFirst()
			.orElseThrow();
		return new ShopUser(member.id(), this.shop.id(), member.username(), member.displayName(), Role.OWNER, null);
	}

}
