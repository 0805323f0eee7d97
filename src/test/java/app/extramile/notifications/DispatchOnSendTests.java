package app.extramile.notifications;

import java.util.UUID;

import app.extramile.TestDatabases;
import app.extramile.TestShops;
import app.extramile.notifications.Delivery.Status;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * As configured by default: an email goes out right after the sending transaction
 * commits, without waiting for the dispatcher task, and only once.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
class DispatchOnSendTests {

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
	Notifier notifier;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	Accounts accounts;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anEmailIsSentRightAfterCommit() throws Exception {
		ShopId shop = TestShops.create(this.jdbc);
		UUID rhys = this.accounts.create(shop, "rhys-" + UUID.randomUUID().toString().substring(0, 8), "Rhys",
				Role.VOLUNTEER, "a long enough sentence");
		this.accounts.updateContactDetails(shop, rhys, "rhys@example.org", null);

		this.transactions.executeWithoutResult((tx) -> {
			this.notifier.send(shop, "now", Recipient.member(rhys), Channel.EMAIL, "notify.task",
					new MessageArgs("Gwen", "notify.ask.check", "/missing"));
			assertThat(MAIL.getReceivedMessages()).as("not before commit").isEmpty();
		});

		assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
		await().until(() -> this.notifier.delivery(shop, "now", Channel.EMAIL).orElseThrow().status() == Status.SENT);
		assertThat(this.dispatcher.dispatchDue()).isZero();
		assertThat(MAIL.getReceivedMessages()).hasSize(1);
		assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("Extra Mile: Could you check on Gwen?");
	}

}
