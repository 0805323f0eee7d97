package app.extramile.recognition;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.notifications.Channel;
import app.extramile.notifications.Notifier;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.team.Team;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Thanking colleagues and the monthly digest, on H2 and PostgreSQL (subclasses), with a
 * real SMTP server for the digest.
 */
abstract class RecognitionContract {

	static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static {
		MAIL.start();
	}

	static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	@Autowired
	Recognition recognition;

	@Autowired
	Team team;

	@Autowired
	Accounts accounts;

	@Autowired
	Notifier notifier;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser owner;

	ShopUser nia;

	UUID niaMember;

	UUID menna;

	String mennaEmail;

	@BeforeEach
	void aTeam() {
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		UUID niaAccount = this.accounts.create(this.shop, "nia-" + UUID.randomUUID(), "Nia Morgan", Role.VOLUNTEER,
				"a long enough password");
		this.nia = new ShopUser(niaAccount, this.shop, "nia", "Nia Morgan", Role.VOLUNTEER, null);
		this.niaMember = this.team.addMember(this.owner,
				new Team.MemberDetails("Nia Morgan", null, null, niaAccount, null, null));
		this.mennaEmail = "menna-" + UUID.randomUUID() + "@example.org";
		this.menna = this.team.addMember(this.owner,
				new Team.MemberDetails("Menna Cadwgan", "07700 900123", this.mennaEmail, null, null, null));
	}

	@Test
	void aVolunteerThanksAColleagueAndItIsOnTheBoard() {
		UUID thanks = this.recognition.thank(this.nia, this.menna, "Covered my Saturday at the till", null, null);

		assertThat(this.recognition.recent(this.shop, 10)).singleElement().satisfies((t) -> {
			assertThat(t.id()).isEqualTo(thanks);
			assertThat(t.fromName()).isEqualTo("Nia Morgan");
			assertThat(t.toName()).isEqualTo("Menna Cadwgan");
			assertThat(t.note()).isEqualTo("Covered my Saturday at the till");
		});
		assertThat(this.recognition.recent(TestShops.create(this.jdbc), 10)).as("scoped by shop").isEmpty();
	}

	@Test
	void theThankedColleagueHearsOfItInTheAppWithoutTheNote() {
		UUID thanks = this.recognition.thank(this.owner, this.niaMember, "Sat with Mrs Evans all evening", "ALARM",
				UUID.randomUUID());

		assertThat(this.notifier.delivery(this.shop, "thanks:" + thanks, Channel.IN_APP)).isPresent();
		String stored = this.jdbc.sql("select * from notification where shop_id = ?")
			.param(this.shop.value())
			.query()
			.listOfRows()
			.toString();
		assertThat(stored).doesNotContain("Mrs Evans").doesNotContain("evening");
	}

	@Test
	void refusedThanksSayWhichFieldAndStoreNothing() {
		ShopId elsewhere = TestShops.create(this.jdbc);
		UUID stranger = this.team.addMember(TestShops.user(elsewhere, Role.OWNER),
				new Team.MemberDetails("Somebody Else", null, null, null, null, null));

		assertRefused(() -> this.recognition.thank(this.nia, stranger, "Thanks", null, null), "toMemberId");
		assertRefused(() -> this.recognition.thank(this.nia, null, "Thanks", null, null), "toMemberId");
		assertRefused(() -> this.recognition.thank(this.nia, this.niaMember, "Me!", null, null), "toMemberId");
		assertRefused(() -> this.recognition.thank(this.nia, this.menna, "   ", null, null), "note");
		assertRefused(() -> this.recognition.thank(this.nia, this.menna, "x".repeat(281), null, null), "note");
		assertRefused(() -> this.recognition.thank(this.nia, this.menna, "Thanks", "PARTY", UUID.randomUUID()),
				"about");
		assertRefused(() -> this.recognition.thank(this.nia, this.menna, "Thanks", "ALARM", null), "about");
		assertThat(this.recognition.recent(this.shop, 10)).isEmpty();
	}

	@Test
	void theMonthlyDigestGoesOutOnceAndCarriesNoNotes() throws Exception {
		this.recognition.thank(this.nia, this.menna, "Drove Mr Llwyd to the surgery", null, null);
		this.recognition.thank(this.owner, this.niaMember, "Stock-take on a Sunday", null, null);
		// The clock starts on 24 November; on 1 December November's digest is due.
		moveTo(Instant.parse("2026-12-01T09:00:00Z"));

		this.recognition.sendDigests();
		this.recognition.sendDigests();

		assertThat(this.jdbc.sql("select thanks from recognition_digest where shop_id = ? and month_of = '2026-11'")
			.param(this.shop.value())
			.query(Integer.class)
			.list()).containsExactly(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> toMenna().size() == 1);
		MimeMessage digest = toMenna().get(0);
		String body = GreenMailUtil.getBody(digest);
		assertThat(body).contains("Menna").contains("/team/thanks").doesNotContain("Llwyd").doesNotContain("surgery");
		Thread.sleep(500);
		assertThat(toMenna()).as("once").hasSize(1);
	}

	private List<MimeMessage> toMenna() {
		return Arrays.stream(MAIL.getReceivedMessages()).filter((m) -> {
			try {
				return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
					.anyMatch((a) -> a.toString().contains(this.mennaEmail));
			}
			catch (Exception ex) {
				return false;
			}
		}).toList();
	}

	private void moveTo(Instant when) {
		assertThat(when).isAfterOrEqualTo(this.clock.instant());
		this.clock.advance(Duration.between(this.clock.instant(), when));
	}

	private static void assertRefused(Runnable thanks, String field) {
		assertThatThrownBy(thanks::run).isInstanceOfSatisfying(Refused.class,
				(ex) -> assertThat(ex.field()).isEqualTo(field));
	}

}
