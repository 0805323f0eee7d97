package app.extramile.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import app.extramile.TestShops;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.notifications.Delivery.Status;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Accounts;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery on a real database (H2 and PostgreSQL by the subclasses), to a real SMTP
 * server (GreenMail) and a real HTTP server answering like Twilio. The clock is moved by
 * hand; the dispatcher is run by the test, not by the scheduler.
 */
abstract class NotifierContract {

	static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static final SmsProviderStub SMS = new SmsProviderStub();

	static {
		MAIL.start();
	}

	@DynamicPropertySource
	static void gateways(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
		registry.add("extramile.notifications.sms.base-url", SMS::baseUrl);
		registry.add("extramile.notifications.sms.account", () -> "AC123");
		registry.add("extramile.notifications.sms.token", () -> "secret-token");
		registry.add("extramile.notifications.sms.from", () -> "+447700900000");
		registry.add("extramile.notifications.base-url", () -> "https://siop.example.org/");
		registry.add("extramile.notifications.dispatch-on-send", () -> "false");
		// the test beats by hand, on its own clock
		registry.add("extramile.notifications.heartbeat-every", () -> "0");
		registry.add("extramile.notifications.mail.from", () -> "siop@example.org");
	}

	@Autowired
	Notifier notifier;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	Notifications notifications;

	@Autowired
	Accounts accounts;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	UUID volunteer;

	@BeforeEach
	void shopWithAVolunteer() throws Exception {
		// What earlier tests left undelivered must not be delivered in this one.
		this.jdbc.sql("update notification set status = 'FAILED' where status in ('PENDING', 'SENDING')").update();
		SMS.reset();
		MAIL.purgeEmailFromAllMailboxes();
		this.shop = TestShops.create(this.jdbc);
		this.volunteer = this.accounts.create(this.shop, "vol-" + UUID.randomUUID().toString().substring(0, 8),
				"Rhys Ifans-Jones", Role.VOLUNTEER, "a long enough sentence");
		this.accounts.updateContactDetails(this.shop, this.volunteer, "rhys@example.org", "07700 900123");
	}

	/** Gwen, with care notes and access notes that must never leave the app. */
	CustomerId gwenWithCareNotes() {
		ShopUser staff = TestShops.user(this.shop, Role.STAFF);
		CustomerId gwen = this.customers.register(this.shop,
				new CustomerDetails(null, "Gwen Prydderch", null, "01970 600001", null, "3 Stryd y Capel",
						"Llanfair Fach", "SY23 1AB", null, null, LocalDate.of(1936, 5, 2), null, List.of()));
		this.consents.record(staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(staff, gwen, new CareProfile(true, false, false, false, null, null, null, null, null,
				"Insulin twice a day, daughter visits on Sundays", "Key safe by the back door, code 4721"));
		return gwen;
	}

	NotificationId ask(String key, Channel channel) {
		return this.notifier.send(this.shop, key, Recipient.member(this.volunteer), channel, "notify.welfare.ask",
				new MessageArgs("Gwen", "notify.ask.ring", "/welfare/check-1"));
	}

	Delivery delivery(String key, Channel channel) {
		return this.notifier.delivery(this.shop, key, channel).orElseThrow();
	}

	@Test
	void anEmailCarriesTheFirstNameTheAskAndTheLinkButNoCareNotes() throws Exception {
		CustomerId gwen = gwenWithCareNotes();
		NotificationId id = this.notifier.send(this.shop, "welfare:c1:step:1:ask:" + this.volunteer,
				Recipient.member(this.volunteer), Channel.EMAIL, "notify.welfare.ask",
				new MessageArgs("Gwen", "notify.ask.pop-round", "/customers/" + gwen.value()));

		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		MimeMessage[] received = MAIL.getReceivedMessages();
		assertThat(received).hasSize(1);
		MimeMessage email = received[0];
		String body = GreenMailUtil.getBody(email);
		assertThat(email.getAllRecipients()[0].toString()).isEqualTo("rhys@example.org");
		assertThat(email.getFrom()[0].toString()).isEqualTo("siop@example.org");
		assertThat(email.getSubject()).contains("Gwen").contains("Could you pop round to see Gwen?");
		assertThat(body).contains("Gwen").contains("https://siop.example.org/customers/" + gwen.value());
		assertThat(email.getSubject() + body).doesNotContain("Insulin")
			.doesNotContain("daughter")
			.doesNotContain("Key safe")
			.doesNotContain("4721")
			.doesNotContain("Prydderch");
		assertThat(email.getMessageID()).contains(id.toString());
		Delivery delivery = delivery("welfare:c1:step:1:ask:" + this.volunteer, Channel.EMAIL);
		assertThat(delivery.status()).isEqualTo(Status.SENT);
		assertThat(delivery.sentAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void anSmsIsPostedToTheProviderWithBasicAuthAndItsMessageIdIsKept() {
		NotificationId id = ask("welfare:c1:step:2:ask", Channel.SMS);

		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		assertThat(SMS.received()).hasSize(1);
		SmsProviderStub.Received post = SMS.received().get(0);
		assertThat(post.method()).isEqualTo("POST");
		assertThat(post.path()).isEqualTo("/2010-04-01/Accounts/AC123/Messages.json");
		assertThat(post.basicUser()).isEqualTo("AC123:secret-token");
		assertThat(post.idempotencyToken()).isEqualTo(id.toString());
		assertThat(post.form()).containsEntry("To", "+447700900123").containsEntry("From", "+447700900000");
		assertThat(post.form().get("Body")).contains("Could you ring Gwen?")
			.contains("https://siop.example.org/welfare/check-1");
		assertThat(this.notifications.find(id.value()).orElseThrow().providerId()).matches("SM[0-9]+");
		assertThat(delivery("welfare:c1:step:2:ask", Channel.SMS).status()).isEqualTo(Status.SENT);
	}

	@Test
	void aFailingProviderIsRetriedWithBackoffAndTheMessageIsSentExactlyOnce() {
		SMS.thenAnswer(500, 503);
		NotificationId id = ask("retry", Channel.SMS);

		assertThat(this.dispatcher.dispatchDue()).isZero();
		Delivery first = delivery("retry", Channel.SMS);
		assertThat(first.status()).isEqualTo(Status.PENDING);
		assertThat(first.lastError()).isEqualTo("SMS provider answered 500");
		assertThat(first.nextAttemptAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(1)));

		// Not due yet: nothing happens.
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.dispatcher.dispatchDue()).isZero();
		assertThat(SMS.received()).hasSize(1);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.dispatcher.dispatchDue()).isZero();
		assertThat(delivery("retry", Channel.SMS).nextAttemptAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));

		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.dispatcher.dispatchDue()).isZero();

		assertThat(SMS.received()).extracting(SmsProviderStub.Received::answered).containsExactly(500, 503, 201);
		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken).containsOnly(id.toString());
		assertThat(SMS.accepted()).hasSize(1);
		Delivery sent = delivery("retry", Channel.SMS);
		assertThat(sent.status()).isEqualTo(Status.SENT);
		assertThat(sent.attempts()).isEqualTo(3);
		assertThat(sent.lastError()).isNull();
	}

	@Test
	void afterTheLastRetryItIsFailedAndTheOwnerSeesWhy() {
		SMS.alwaysAnswer(500);
		ask("gives-up", Channel.SMS);

		for (Duration wait : List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5),
				Duration.ofMinutes(15), Duration.ofHours(1))) {
			this.clock.advance(wait);
			this.dispatcher.dispatchDue();
		}

		assertThat(SMS.received()).hasSize(4);
		Delivery failed = delivery("gives-up", Channel.SMS);
		assertThat(failed.status()).isEqualTo(Status.FAILED);
		assertThat(failed.attempts()).isEqualTo(4);
		assertThat(failed.lastError()).isEqualTo("SMS provider answered 500");
		assertThat(this.notifier.failed(this.shop, 10)).extracting(Delivery::key).containsExactly("gives-up");
	}

	@Test
	void aRefusedMessageIsNotRetried() {
		SMS.thenAnswer(400);
		ask("refused", Channel.SMS);

		this.dispatcher.dispatchDue();
		this.clock.advance(Duration.ofHours(1));
		this.dispatcher.dispatchDue();

		assertThat(SMS.received()).hasSize(1);
		assertThat(delivery("refused", Channel.SMS).status()).isEqualTo(Status.FAILED);
		assertThat(delivery("refused", Channel.SMS).lastError()).isEqualTo("SMS provider refused the message (400)");
	}

	@Test
	void sendingTwiceWithTheSameKeyRecordsAndSendsOnce() {
		NotificationId first = ask("welfare:c9:step:1:ask", Channel.SMS);
		NotificationId second = ask("welfare:c9:step:1:ask", Channel.SMS);
		NotificationId byEmail = ask("welfare:c9:step:1:ask", Channel.EMAIL);

		this.dispatcher.dispatchDue();
		this.dispatcher.dispatchDue();

		assertThat(second).isEqualTo(first);
		assertThat(byEmail).isNotEqualTo(first);
		assertThat(this.jdbc.sql("select count(*) from notification where shop_id = ? and dedup_key = ?")
			.params(this.shop.value(), "welfare:c9:step:1:ask")
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(SMS.received()).hasSize(1);
		assertThat(MAIL.getReceivedMessages()).hasSize(1);
	}

	@Test
	void theSameKeyInAnotherShopIsAnotherNotification() {
		ShopId other = TestShops.create(this.jdbc);
		NotificationId here = ask("same-key", Channel.SMS);
		NotificationId there = this.notifier.send(other, "same-key", Recipient.phone("+447700900555"), Channel.SMS,
				"notify.task", new MessageArgs("Gwen", "notify.ask.check", "/missing"));

		assertThat(there).isNotEqualTo(here);
		assertThat(this.notifier.delivery(other, "same-key", Channel.SMS)).isPresent();
	}

	@Test
	void twoDispatchersAtOnceNeverSendTwice() throws Exception {
		SMS.latency(15);
		int count = 40;
		for (int i = 0; i < count; i++) {
			this.notifier.send(this.shop, "burst:" + i, Recipient.phone("07700 900" + (100 + i)), Channel.SMS,
					"notify.task", new MessageArgs("Gwen", "notify.ask.check", "/missing"));
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> dispatchers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String worker = "instance-" + i;
				Callable<Integer> dispatch = () -> {
					start.await();
					return this.dispatcher.dispatchDue(worker);
				};
				dispatchers.add(pool.submit(dispatch));
			}
			start.countDown();
			int delivered = 0;
			for (Future<Integer> dispatch : dispatchers) {
				delivered += dispatch.get();
			}
			assertThat(delivered).isEqualTo(count);
		}
		finally {
			pool.shutdown();
		}
		List<SmsProviderStub.Received> received = SMS.received();
		assertThat(received).hasSize(count);
		Set<String> tokens = received.stream()
			.map(SmsProviderStub.Received::idempotencyToken)
			.collect(Collectors.toSet());
		assertThat(tokens).hasSize(count);
		assertThat(this.jdbc.sql("select count(*) from notification where shop_id = ? and status = 'SENT'")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isEqualTo(count);
	}

	@Test
	void anAttemptLeftHalfClaimedByAKilledProcessDoesNotBlockTheMessageForever() {
		NotificationId id = ask("half-claimed", Channel.SMS);
		// What a process killed between the two writes of an old, non-atomic claim left.
		this.jdbc
			.sql("insert into notification_attempt (notification_id, attempt, worker, started_at) values (?, 1, ?, ?)")
			.params(id.value(), "killed-instance", Times.column(this.clock.instant()))
			.update();
		assertThat(this.dispatcher.dispatchDue()).as("the stale attempt is younger than the claim timeout").isZero();

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken)
			.containsExactly(id.toString());
		assertThat(delivery("half-claimed", Channel.SMS).status()).isEqualTo(Delivery.Status.SENT);
	}

	@Test
	void aDispatcherThatStoppedMidSendIsTakenOverWithTheSameToken() {
		NotificationId id = ask("taken-over", Channel.SMS);
		assertThat(this.notifications.claim(id.value(), "instance-that-dies", this.clock.instant())).isTrue();

		assertThat(this.dispatcher.dispatchDue()).isZero();
		assertThat(SMS.received()).isEmpty();

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken)
			.containsExactly(id.toString());
		assertThat(delivery("taken-over", Channel.SMS).attempts()).isEqualTo(2);
		// The instance that stopped cannot mark it afterwards.
		assertThat(this.notifications.sent(id.value(), "instance-that-dies", this.clock.instant(), null)).isFalse();
	}

	@Test
	void aClaimOfAnInstanceThatWentSilentIsDueAgainWithinSecondsWithTheSameToken() {
		NotificationId id = ask("silent-instance", Channel.SMS);
		this.notifications.beat("instance-that-dies", this.clock.instant());
		assertThat(this.notifications.claim(id.value(), "instance-that-dies", this.clock.instant())).isTrue();

		this.clock.advance(Duration.ofSeconds(4));
		this.dispatcher.beat();
		assertThat(this.dispatcher.dispatchDue()).as("its instance beat 4 s ago: still its own").isZero();

		// killed: no more beats; another instance's dispatcher beats on
		this.clock.advance(Duration.ofSeconds(2));
		this.dispatcher.beat();
		assertThat(this.dispatcher.dispatchDue()).as("silent for 6 s, long before the 60 s claim timeout").isEqualTo(1);

		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken)
			.containsExactly(id.toString());
		assertThat(delivery("silent-instance", Channel.SMS).attempts()).isEqualTo(2);
		assertThat(this.notifications.sent(id.value(), "instance-that-dies", this.clock.instant(), null)).isFalse();
	}

	@Test
	void aClaimOfAnInstanceThatStillBeatsIsNeverTakenHoweverLongItsSendTakes() {
		NotificationId id = ask("slow-provider", Channel.SMS);
		Instant claimed = this.clock.instant();
		assertThat(this.notifications.claim(id.value(), "busy-instance", claimed)).isTrue();
		for (int second = 1; second <= 70; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.notifications.beat("busy-instance", this.clock.instant());
			this.dispatcher.beat();
		}
		assertThat(this.dispatcher.dispatchDue()).as("70 s, past the claim timeout, but its instance is alive")
			.isZero();
		assertThat(SMS.received()).isEmpty();
		assertThat(this.notifications.sent(id.value(), "busy-instance", this.clock.instant(), "SM1")).isTrue();
	}

	@Test
	void anOwnClaimWhoseOutcomeWasNeverWrittenIsSentAgainButNotOneStillBeingSent() {
		NotificationId left = ask("outcome-lost", Channel.SMS);
		NotificationId sending = ask("being-sent", Channel.SMS);
		String me = this.dispatcher.worker();
		// the send ended while the database was away: SENDING stays, and nobody is
		// sending it
		assertThat(this.notifications.claim(left.value(), me, this.clock.instant())).isTrue();
		assertThat(this.notifications.claim(sending.value(), me, this.clock.instant())).isTrue();
		this.clock.advance(Duration.ofSeconds(2));

		assertThat(this.notifications.releaseOwnLeftOver(me, Set.of(sending.value()), this.clock.instant(),
				this.clock.instant()))
			.containsExactly(left.value());
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);
		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken)
			.containsExactly(left.toString());
		assertThat(delivery("being-sent", Channel.SMS).status()).isEqualTo(Delivery.Status.SENDING);
	}

	@Test
	void aDispatcherThatStoppedCleanlyLeavesItsClaimsToTheClaimTimeout() {
		NotificationId id = ask("stopped-cleanly", Channel.SMS);
		this.notifications.beat("instance-stopping", this.clock.instant());
		assertThat(this.notifications.claim(id.value(), "instance-stopping", this.clock.instant())).isTrue();
		this.notifications.stopBeating("instance-stopping");

		this.clock.advance(Duration.ofSeconds(30));
		this.dispatcher.beat();
		assertThat(this.dispatcher.dispatchDue()).as("it may still be finishing its send").isZero();

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);
		assertThat(SMS.received()).extracting(SmsProviderStub.Received::idempotencyToken)
			.containsExactly(id.toString());
	}

	@Test
	void aMemberWithoutAMobileNumberIsFailedWithAReason() {
		this.accounts.updateContactDetails(this.shop, this.volunteer, "rhys@example.org", "");
		ask("no-phone", Channel.SMS);

		this.dispatcher.dispatchDue();

		assertThat(SMS.received()).isEmpty();
		Delivery failed = delivery("no-phone", Channel.SMS);
		assertThat(failed.status()).isEqualTo(Status.FAILED);
		assertThat(failed.lastError()).isEqualTo("No mobile number for this team member");
	}

	@Test
	void aCorrectedNumberIsUsedForTheRetry() {
		SMS.thenAnswer(500);
		ask("corrected", Channel.SMS);
		this.dispatcher.dispatchDue();
		this.accounts.updateContactDetails(this.shop, this.volunteer, null, "+447700900999");

		this.clock.advance(Duration.ofMinutes(1));
		this.dispatcher.dispatchDue();

		assertThat(SMS.received()).extracting((r) -> r.form().get("To"))
			.containsExactly("+447700900123", "+447700900999");
	}

	@Test
	void inAppNotificationsAreRecordedAsShownWithoutTheDispatcher() {
		ask("in-app", Channel.IN_APP);

		assertThat(this.dispatcher.dispatchDue()).isZero();

		assertThat(delivery("in-app", Channel.IN_APP).status()).isEqualTo(Status.SENT);
		assertThat(SMS.received()).isEmpty();
	}

	@Test
	void aTextIsInTheLanguageOfWhoReadsIt() {
		this.jdbc.sql("update account set language = 'cy' where id = ?").param(this.volunteer).update();
		ask("welfare:c1:step:3:ask", Channel.SMS);
		this.notifier.send(this.shop, "neighbour:1", Recipient.phone("07700 900456"), Channel.SMS, "notify.welfare.ask",
				new MessageArgs("Gwen", "notify.ask.ring", "/welfare/check-1"));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(2);
		this.jdbc.sql("update shop set language = 'cy' where id = ?").param(this.shop.value()).update();
		this.notifier.send(this.shop, "neighbour:2", Recipient.phone("07700 900789"), Channel.SMS, "notify.welfare.ask",
				new MessageArgs("Gwen", "notify.ask.ring", "/welfare/check-1"));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		assertThat(SMS.received()).hasSize(3);
		java.util.Map<String, String> bodies = new java.util.HashMap<>();
		SMS.received().forEach((post) -> bodies.put(post.form().get("To"), post.form().get("Body")));
		assertThat(bodies.get("+447700900123")).as("a volunteer who chose Welsh")
			.contains("Allech chi ffonio Gwen?")
			.contains("https://siop.example.org/welfare/check-1");
		assertThat(bodies.get("+447700900456")).as("a neighbour, while the shop's language was English")
			.contains("Could you ring Gwen?");
		assertThat(bodies.get("+447700900789")).as("a neighbour, once the shop's language is Welsh")
			.contains("Allech chi ffonio Gwen?");
	}

	@Test
	void anEmailIsInTheLanguageOfWhoReadsIt() throws Exception {
		this.jdbc.sql("update account set language = 'cy' where id = ?").param(this.volunteer).update();
		this.notifier.send(this.shop, "welfare:c1:step:1:ask:" + this.volunteer, Recipient.member(this.volunteer),
				Channel.EMAIL, "notify.welfare.ask", new MessageArgs("Gwen", "notify.ask.pop-round", "/customers/c1"));

		assertThat(this.dispatcher.dispatchDue()).isEqualTo(1);

		MimeMessage email = MAIL.getReceivedMessages()[0];
		String body = GreenMailUtil.getBody(email);
		assertThat(email.getSubject()).isEqualTo("Allwch chi helpu? Allech chi alw heibio i weld Gwen?");
		assertThat(body).contains("Allech chi alw heibio i weld Gwen?")
			.contains("Atebwch ie neu na yma (angen mewngofnodi)")
			.contains("https://siop.example.org/customers/c1")
			.doesNotContain("Could you")
			.doesNotContain("Open the task");
	}

}
