package app.extramile.impact;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

import app.extramile.MutableClock;
import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.community.CommunityBoard;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.ledger.LedgerEvents.GiftGiven;
import app.extramile.ledger.PayItForward;
import app.extramile.notifications.Channel;
import app.extramile.notifications.Delivery;
import app.extramile.notifications.Notifier;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.welfare.Outcome;
import app.extramile.welfare.WelfareEvents.WelfareCheckResolved;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The impact module end to end on H2, with the real ledger, community board, welfare
 * events and notifications: facts arrive only through events (a redelivered one counts
 * once), the page and the CSV show them, and the monthly digest reaches the owner by
 * email (a real SMTP server, GreenMail) once, with the same numbers.
 */
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@Import(ImpactClock.class)
class ImpactFromEventsTests {

	static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static {
		MAIL.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	@AfterAll
	static void stopMail() {
		MAIL.stop();
	}

	@Autowired
	ImpactStore store;

	@Autowired
	EventSerializer serializer;

	@Autowired
	ImpactDigest digest;

	@Autowired
	CommunityBoard board;

	@Autowired
	GiftCertificates certificates;

	@Autowired
	PayItForward pools;

	@Autowired
	Accounts accounts;

	@Autowired
	Notifier notifier;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	MockMvc mvc;

	ShopId shop;

	ShopUser staff;

	@BeforeEach
	void newShop() {
		this.clock.set(ImpactClock.START);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
	}

	YearMonth november() {
		return YearMonth.of(2026, 11);
	}

	void resolved(UUID check, Outcome outcome) {
		this.transactions.executeWithoutResult((tx) -> this.events.publishEvent(new WelfareCheckResolved(this.shop,
				new CustomerId(UUID.randomUUID()), check, outcome, this.clock.instant())));
	}

	@Test
	void anEventIsStoredAsJsonAndReadBackEqual() {
		GiftGiven event = new GiftGiven(this.shop, new CustomerId(UUID.randomUUID()), UUID.randomUUID(),
				"Flowers for her 90th", Instant.parse("2026-11-20T10:00:00Z"));
		Object stored = this.serializer.serialize(event);

		assertThat(stored.toString()).contains("\"what\":\"Flowers for her 90th\"").contains(event.giftId().toString());
		assertThat(this.serializer.deserialize(stored, GiftGiven.class)).isEqualTo(event);
		assertThat(this.serializer.deserialize(this.serializer.serialize(event), GiftGiven.class))
			.as("the same again: the mapper is kept")
			.isEqualTo(event);
		assertThat(this.serializer.getClass().getSimpleName()).as("the app's own, not Modulith's")
			.isEqualTo("EventSerialization");
	}

	@Test
	void theModulesEventsAreCountedAndARedeliveredOneOnlyOnce() {
		UUID check = UUID.randomUUID();
		resolved(check, Outcome.ALL_WELL);
		resolved(check, Outcome.ALL_WELL);
		resolved(UUID.randomUUID(), Outcome.IN_HOSPITAL);
		resolved(UUID.randomUUID(), Outcome.NO_ANSWER);
		this.certificates.issue(this.staff, IssueRequest.of(2000, "GBP"), "buy-1");
		this.certificates.issue(this.staff, IssueRequest.of(2000, "GBP"), "buy-1");
		UUID coffee = this.pools.open(this.staff, "Coffee", 280L);
		this.pools.donate(this.staff, coffee, 3, 0, null, null, "donate-1");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-1");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-1");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-2");
		UUID campaign = this.board.openCampaign(this.staff, "Air ambulance", 50000, true);
		this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 20), 4250, "t-1");
		this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 20), 4250, "t-1");
		this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 10, 31), 1000, "t-2");

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ImpactStore.Figures month = this.store.month(this.shop, november());
			assertThat(month.facts(ImpactKind.WELFARE_ALL_WELL)).isEqualTo(1);
			assertThat(month.facts(ImpactKind.WELFARE_IN_HOSPITAL)).isEqualTo(1);
			assertThat(month.welfareChecks()).as("no answer is not an outcome").isEqualTo(2);
			assertThat(month.facts(ImpactKind.GIFT_CERTIFICATE_ISSUED)).isEqualTo(1);
			assertThat(month.amountMinor(ImpactKind.GIFT_CERTIFICATE_ISSUED)).isEqualTo(2000);
			assertThat(month.facts(ImpactKind.PAY_IT_FORWARD_GIVEN)).isEqualTo(2);
			assertThat(month.amountMinor(ImpactKind.CHARITY_RAISED)).isEqualTo(4250);
			assertThat(this.store.month(this.shop, YearMonth.of(2026, 10)).amountMinor(ImpactKind.CHARITY_RAISED))
				.as("takings count in the month they were taken")
				.isEqualTo(1000);
		});
	}

	@Test
	void alarmsAnsweredWithTheirTimesAndThankYousAreCountedOnce() {
		UUID alarm = UUID.randomUUID();
		java.time.Instant now = this.clock.instant();
		for (int i = 0; i < 2; i++) {
			this.transactions.executeWithoutResult(
					(tx) -> this.events.publishEvent(new app.extramile.alarms.AlarmEvents.AlarmAcknowledged(this.shop,
							new CustomerId(UUID.randomUUID()), alarm, now.minusSeconds(42), now)));
		}
		this.transactions.executeWithoutResult(
				(tx) -> this.events.publishEvent(new app.extramile.alarms.AlarmEvents.AlarmAcknowledged(this.shop,
						new CustomerId(UUID.randomUUID()), UUID.randomUUID(), now.minusSeconds(18), now)));
		UUID thanks = UUID.randomUUID();
		for (int i = 0; i < 2; i++) {
			this.transactions.executeWithoutResult(
					(tx) -> this.events.publishEvent(new app.extramile.recognition.RecognitionEvents.ColleagueThanked(
							this.shop, thanks, UUID.randomUUID(), null, null, now)));
		}

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ImpactStore.Figures month = this.store.month(this.shop, november());
			assertThat(month.facts(ImpactKind.ALARM_ANSWERED)).isEqualTo(2);
			assertThat(month.amountMinor(ImpactKind.ALARM_ANSWERED)).as("seconds to answer, summed").isEqualTo(60);
			assertThat(month.facts(ImpactKind.THANK_YOU)).isEqualTo(1);
		});
	}

	@Test
	void deliveriesAndFavoursAreCountedWithTheHoursGivenOnce() {
		UUID delivery = UUID.randomUUID();
		java.time.Instant now = this.clock.instant();
		for (int i = 0; i < 2; i++) {
			this.transactions.executeWithoutResult((tx) -> this.events.publishEvent(
					new app.extramile.errands.ErrandEvents.ErrandDone(this.shop, new CustomerId(UUID.randomUUID()),
							delivery, app.extramile.errands.ErrandKind.DELIVERY, 25, now)));
		}
		this.transactions.executeWithoutResult((tx) -> this.events.publishEvent(
				new app.extramile.errands.ErrandEvents.ErrandDone(this.shop, new CustomerId(UUID.randomUUID()),
						UUID.randomUUID(), app.extramile.errands.ErrandKind.LAWN, 90, now)));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ImpactStore.Figures month = this.store.month(this.shop, november());
			assertThat(month.facts(ImpactKind.DELIVERY_DONE)).isEqualTo(1);
			assertThat(month.amountMinor(ImpactKind.DELIVERY_DONE)).as("minutes").isEqualTo(25);
			assertThat(month.facts(ImpactKind.FAVOUR_DONE)).isEqualTo(1);
			assertThat(month.amountMinor(ImpactKind.FAVOUR_DONE)).isEqualTo(90);
		});
	}

	@Test
	void aFavourBetweenColleaguesCountsForTheTeamNotAsHoursGivenToTheVillage() {
		UUID cover = UUID.randomUUID();
		java.time.Instant now = this.clock.instant();
		for (int i = 0; i < 2; i++) {
			this.transactions.executeWithoutResult((tx) -> {
				this.events.publishEvent(new app.extramile.errands.ErrandEvents.ErrandRequested(this.shop, null, cover,
						app.extramile.errands.ErrandKind.COVER_SHIFT, now));
				this.events.publishEvent(new app.extramile.errands.ErrandEvents.ErrandAccepted(this.shop, null, cover,
						app.extramile.errands.ErrandKind.COVER_SHIFT, now));
				this.events.publishEvent(new app.extramile.errands.ErrandEvents.ErrandDone(this.shop, null, cover,
						app.extramile.errands.ErrandKind.COVER_SHIFT, 240, now));
			});
		}

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ImpactStore.Figures month = this.store.month(this.shop, november());
			assertThat(month.facts(ImpactKind.COLLEAGUE_HELPED)).isEqualTo(1);
			assertThat(month.amountMinor(ImpactKind.COLLEAGUE_HELPED)).as("minutes").isEqualTo(240);
			assertThat(month.facts(ImpactKind.FAVOUR_DONE)).isZero();
			assertThat(month.facts(ImpactKind.DELIVERY_DONE)).isZero();
		});
		// Every listener (the timeline's too) finished without a customer: nothing left
		// to retry, and no timeline entry.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc
				.sql("select count(*) from event_publication where serialized_event like ? and completion_date is null")
				.param("%" + cover + "%")
				.query(Integer.class)
				.single() == 0);
		assertThat(this.jdbc.sql("select count(*) from timeline_entry where shop_id = ?")
			.param(this.shop.value())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void thePageChartsTheYearAndTheCsvHasTheSameNumbers() throws Exception {
		this.store.record(this.shop, ImpactKind.CHARITY_RAISED, UUID.randomUUID(), LocalDate.of(2026, 3, 14), 12345,
				false);
		this.store.record(this.shop, ImpactKind.WELFARE_ALL_WELL, UUID.randomUUID(), LocalDate.of(2026, 3, 2), 0,
				false);

		this.mvc.perform(get("/impact").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Our impact in 2026")))
			.andExpect(content().string(containsString("/webjars/chart.js/4.5.1/dist/chart.umd.min.js")))
			.andExpect(content().string(containsString("data-chart=")))
			.andExpect(content().string(
					containsString("&quot;data&quot;:[0.00,0.00,123.45,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00]")))
			.andExpect(content().string(containsString("£123.45")));
		this.mvc.perform(get("/webjars/chart.js/dist/chart.umd.min.js")).andExpect(status().isOk());
		String csv = this.mvc.perform(get("/impact/2026.csv").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/csv")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv).startsWith("month,kind,count,amount_gbp,minutes_given,seconds_to_answer\r\n")
			.contains("2026-03,charity_raised,1,123.45,,\r\n")
			.as("a count has no money column")
			.contains("2026-03,welfare_all_well,1,,,\r\n")
			.contains("2026-04,charity_raised,0,0.00,,\r\n")
			.as("minutes in their own column, never as pounds")
			.contains("2026-04,delivery_done,0,,0,\r\n")
			.contains("2026-04,alarm_answered,0,,,0\r\n");
		assertThat(csv.split("\r\n")).hasSize(1 + 12 * ImpactKind.values().length);
		this.mvc.perform(get("/impact").with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
	}

	@Test
	void theMonthlyDigestReachesTheOwnerOnceWithTheSameNumbers() throws Exception {
		UUID owner = this.accounts.create(this.shop, "owner-" + UUID.randomUUID().toString().substring(0, 8),
				"Megan Pritchard", Role.OWNER, "a long enough sentence");
		this.accounts.updateContactDetails(this.shop, owner, "megan@example.org", null);
		UUID staffMember = this.accounts.create(this.shop, "staff-" + UUID.randomUUID().toString().substring(0, 8),
				"Gethin", Role.STAFF, "a long enough sentence");
		this.accounts.updateContactDetails(this.shop, staffMember, "gethin@example.org", null);
		for (int i = 0; i < 3; i++) {
			this.store.record(this.shop, ImpactKind.WELFARE_ALL_WELL, UUID.randomUUID(), LocalDate.of(2026, 11, 3 + i),
					0, false);
		}
		this.store.record(this.shop, ImpactKind.PAY_IT_FORWARD_GIVEN, UUID.randomUUID(), LocalDate.of(2026, 11, 5), 280,
				false);
		this.store.record(this.shop, ImpactKind.CHARITY_RAISED, UUID.randomUUID(), LocalDate.of(2026, 11, 9), 12305,
				false);
		int before = MAIL.getReceivedMessages().length;

		assertThat(this.digest.sendDue()).as("November is not over yet").isZero();
		// 1 December, 00:30 in London.
		this.clock.set(Instant.parse("2026-12-01T00:30:00Z"));
		assertThat(this.digest.sendDue()).isEqualTo(1);
		assertThat(this.digest.sendDue()).as("the next run sends nothing").isZero();

		String key = "impact-digest:2026-11:" + owner;
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.notifier.delivery(this.shop, key, Channel.EMAIL)
				.map((delivery) -> delivery.status() == Delivery.Status.SENT)
				.orElse(false));
		MimeMessage[] received = MAIL.getReceivedMessages();
		assertThat(received).hasSize(before + 1);
		MimeMessage mail = received[received.length - 1];
		assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("megan@example.org");
		assertThat(mail.getSubject()).isEqualTo("Extra Mile: what your shop did in 11/2026");
		String body = mail.getContent().toString();
		assertThat(body).contains("Hello Megan.", "Welfare checks seen through: 3", "Paid forward and given out: 1",
				"Gift certificates issued: 0", "Raised for charities: £123.05", "/impact");
		assertThat(this.notifier.delivery(this.shop, "impact-digest:2026-11:" + staffMember, Channel.EMAIL))
			.as("staff get no digest")
			.isEmpty();
	}

}
