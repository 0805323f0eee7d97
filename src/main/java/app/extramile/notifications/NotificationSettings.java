package app.extramile.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How notifications are delivered, under {@code extramile.notifications}.
 *
 * @param baseUrl where people open the app; links in messages start with it
 * @param locale the language of emails and SMS (the bundle's base texts by default)
 * @param retryDelays the waits after the first, second, ... failed attempt; after the
 * last one the notification is FAILED
 * @param claimTimeout a notification claimed longer ago than this was being sent by an
 * instance that died, or stopped; it is tried again (with the same idempotency token).
 * Must outlast the slowest send. Usually sooner: see {@code heartbeatEvery}
 * @param heartbeatEvery how often each instance's dispatcher says it is alive, and looks
 * for claims of dispatchers that stopped saying so
 * @param deadAfter a dispatcher silent this long has died: its claims are due again at
 * once. Longer than any pause of a live instance (a pause that long would send a text
 * twice, with the same idempotency token)
 * @param dispatchEvery how often the durable dispatcher task looks for due notifications
 * @param dispatchOnSend also try right after the sending transaction commits
 * @param livePollEvery how often each instance looks for new in-app notifications for the
 * people connected to it
 * @param liveLookback how far back that look reaches (covers transactions that commit
 * late)
 */
@ConfigurationProperties("extramile.notifications")
record NotificationSettings(URI baseUrl, Locale locale, List<Duration> retryDelays, Duration claimTimeout,
		Duration heartbeatEvery, Duration deadAfter, Duration dispatchEvery, Boolean dispatchOnSend,
		Duration livePollEvery, Duration liveLookback, Mail mail, Sms sms) {

	NotificationSettings {
		baseUrl = (baseUrl != null) ? baseUrl : URI.create("http://localhost:8080");
		locale = (locale != null) ? locale : Locale.UK;
		retryDelays = (retryDelays != null) ? List.copyOf(retryDelays)
				: List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));
		claimTimeout = (claimTimeout != null) ? claimTimeout : Duration.ofSeconds(60);
		heartbeatEvery = (heartbeatEvery != null) ? heartbeatEvery : Duration.ofSeconds(1);
		deadAfter = (deadAfter != null) ? deadAfter : Duration.ofSeconds(5);
		dispatchEvery = (dispatchEvery != null) ? dispatchEvery : Duration.ofSeconds(10);
		dispatchOnSend = (dispatchOnSend != null) ? dispatchOnSend : Boolean.TRUE;
		livePollEvery = (livePollEvery != null) ? livePollEvery : Duration.ofSeconds(2);
		liveLookback = (liveLookback != null) ? liveLookback : Duration.ofMinutes(2);
		mail = (mail != null) ? mail : new Mail(null);
		sms = (sms != null) ? sms : new Sms(null, null, null, null, null);
	}

	/** The absolute link for a path in the app. */
	String link(String path) {
		String base = this.baseUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

	/**
	 * @param from the sender's address, e.g. {@code Siop y Llan <shop@example.org>}
	 */
	record Mail(String from) {

		Mail {
			from = (from != null && !from.isBlank()) ? from : "extramile@localhost";
		}

	}

	/**
	 * A Twilio-style SMS provider. With any of base URL, account, token or sender
	 * missing, SMS is off.
	 *
	 * @param countryCode replaces a leading 0 of a national number, e.g. +44
	 */
	record Sms(String baseUrl, String account, String token, String from, String countryCode) {

		Sms {
			countryCode = (countryCode != null && !countryCode.isBlank()) ? countryCode : "+44";
		}

		boolean configured() {
			return present(this.baseUrl) && present(this.account) && present(this.token) && present(this.from);
		}

		private static boolean present(String value) {
			return value != null && !value.isBlank();
		}

	}

}
