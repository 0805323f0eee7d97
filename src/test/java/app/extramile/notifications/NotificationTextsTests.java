package app.extramile.notifications;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The safeguarding rule for what notifications say, checked on the texts themselves: only
 * a first name, the ask and a link, whatever someone adds to the bundle later.
 */
class NotificationTextsTests {

	private static final Path BUNDLE = Path.of("src/main/resources/messages/notifications.properties");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

	/**
	 * A whole number from {@code MessageArgs.figures()}: {3} onwards, formatted only as a
	 * number.
	 */
	private static final Pattern FIGURE = Pattern.compile("([3-9]|1[0-8])(,number(,[#0.,]+)?)?");

	@Test
	void notificationTextsUseOnlyFirstNameAskAndLink() throws IOException {
		Properties texts = load();
		Set<String> problems = new TreeSet<>();
		int checked = 0;
		for (String key : texts.stringPropertyNames()) {
			if (!key.startsWith("notify.")) {
				continue;
			}
			checked++;
			Set<String> allowed = key.startsWith("notify.ask.") ? Set.of("0") : Set.of("0", "1", "2");
			if (!key.startsWith("notify.ask.") && !key.endsWith(".subject") && !key.endsWith(".body")) {
				problems.add(key + ": a message is <key>.subject and <key>.body, an ask is notify.ask.*");
			}
			Matcher placeholder = PLACEHOLDER.matcher(texts.getProperty(key));
			while (placeholder.find()) {
				if (!allowed.contains(placeholder.group(1).trim())
						&& !(!key.startsWith("notify.ask.") && FIGURE.matcher(placeholder.group(1).trim()).matches())) {
					problems.add(key + ": {" + placeholder.group(1) + "} is not one of " + allowed);
				}
			}
		}
		assertThat(checked).as("notification texts found").isGreaterThan(5);
		assertThat(problems).as("placeholders beyond first name, ask and link").isEmpty();
	}

	@Test
	void everyMessageHasASubjectAndABody() throws IOException {
		Properties texts = load();
		for (String key : texts.stringPropertyNames()) {
			if (key.startsWith("notify.") && key.endsWith(".subject")) {
				String message = key.substring(0, key.length() - ".subject".length());
				assertThat(texts.getProperty(message + ".body")).as(message + ".body").isNotBlank();
			}
		}
	}

	@Test
	void freeTextCannotBeSmuggledInThroughTheArguments() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessageArgs("Gwen, key safe 4721", "notify.ask.ring", "/welfare/1"));
		assertThatIllegalArgumentException().isThrownBy(() -> new MessageArgs("Gwen Insulin", "notify.ask.ring", "/x"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessageArgs("Gwen", "She has diabetes, please bring insulin", "/x"));
		assertThatIllegalArgumentException().isThrownBy(() -> new MessageArgs("Gwen", "customers.care.notes", "/x"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessageArgs("Gwen", "notify.ask.ring", "/welfare/1?note=key+under+the+mat"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessageArgs("Gwen", "notify.ask.ring", "https://elsewhere.example/x"));
		assertThat(new MessageArgs("Siân", "notify.ask.pop-round", "/welfare/6f1c-22")).isNotNull();
		assertThat(new MessageArgs("O’Neill", "notify.ask.ring", "/")).isNotNull();
	}

	@Test
	void aFirstNameIsTheFirstWordOfANameAndNeverMore() {
		assertThat(MessageArgs.firstNameOf("Gwen Prydderch", "them")).isEqualTo("Gwen");
		assertThat(MessageArgs.firstNameOf("  Siân   Ellis-Jones ", "them")).isEqualTo("Siân");
		assertThat(MessageArgs.firstNameOf("O'Brien", "them")).isEqualTo("O'Brien");
		assertThat(MessageArgs.firstNameOf("'Nia", "them")).isEqualTo("Nia");
		assertThat(MessageArgs.firstNameOf("4721 keysafe", "them")).isEqualTo("them");
		assertThat(MessageArgs.firstNameOf(null, "them")).isEqualTo("them");
		assertThat(MessageArgs.firstNameOf("A".repeat(50), "them")).hasSize(30);
		for (String name : new String[] { "Gwen Prydderch", "'Nia", "4721", "Dr. Evans", "Æthelflæd" }) {
			new MessageArgs(MessageArgs.firstNameOf(name, "them"), "notify.ask.ring", "/checks");
		}
	}

	@Test
	void addressesDoNotAppearWhenARecipientIsLogged() {
		assertThat(Recipient.phone("07700 900123").toString()).doesNotContain("900123");
		assertThat(Recipient.email("gwen@example.org").toString()).doesNotContain("gwen");
		assertThat(((Recipient.Phone) Recipient.phone("07700 900-123")).number()).isEqualTo("07700900123");
		assertThatIllegalArgumentException().isThrownBy(() -> Recipient.phone("ring Gwen"));
	}

	@Test
	void nationalNumbersGetTheCountryCode() {
		assertThat(SmsGateway.international("07700 900123", "+44")).isEqualTo("+447700900123");
		assertThat(SmsGateway.international("0044 7700 900123", "+44")).isEqualTo("+447700900123");
		assertThat(SmsGateway.international("+353851234567", "+44")).isEqualTo("+353851234567");
	}

	private static Properties load() throws IOException {
		Properties texts = new Properties();
		try (Reader reader = Files.newBufferedReader(BUNDLE, StandardCharsets.UTF_8)) {
			texts.load(reader);
		}
		return texts;
	}

}
