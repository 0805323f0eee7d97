package app.extramile.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Sends an SMS through a provider with Twilio's API: {@code POST
 * {base-url}/2010-04-01/Accounts/{account}/Messages.json} with the form fields To, From
 * and Body and HTTP basic authentication. Our notification id goes with it as the
 * idempotency token, so a retry after a lost answer is not sent twice by a provider that
 * honours it. 429 and 5xx are tried again later; other 4xx are not.
 */
@Component
class SmsGateway {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final NotificationSettings settings;

	SmsGateway(NotificationSettings settings) {
		this.settings = settings;
	}

	boolean configured() {
		return this.settings.sms().configured();
	}

	/** Returns the provider's message id (Twilio's sid), if it told us one. */
	String send(UUID notificationId, String to, String body) {
		NotificationSettings.Sms sms = this.settings.sms();
		if (!sms.configured()) {
			throw DeliveryFailure.permanent("SMS not configured");
		}
		String base = sms.baseUrl().endsWith("/") ? sms.baseUrl().substring(0, sms.baseUrl().length() - 1)
				: sms.baseUrl();
		URI uri = URI.create(base + "/2010-04-01/Accounts/" + encode(sms.account()) + "/Messages.json");
		String form = "To=" + encode(international(to, sms.countryCode())) + "&From=" + encode(sms.from()) + "&Body="
				+ encode(body);
		String credentials = Base64.getEncoder()
			.encodeToString((sms.account() + ":" + sms.token()).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			.header("Accept", "application/json")
			.header("I-Twilio-Idempotency-Token", notificationId.toString())
			.header("Idempotency-Key", notificationId.toString())
			.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
			.build();
		HttpResponse<String> response;
		try {
			response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw DeliveryFailure.temporary("SMS provider unreachable");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw DeliveryFailure.temporary("Interrupted while sending");
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return messageId(response.body());
		}
		if (status == 429 || status >= 500) {
			throw DeliveryFailure.temporary("SMS provider answered " + status);
		}
		throw DeliveryFailure.permanent("SMS provider refused the message (" + status + ")");
	}

	/** 07700 900123 becomes +447700900123 with country code +44. */
	static String international(String number, String countryCode) {
		String digits = number.replaceAll("[ ()-]", "");
		if (digits.startsWith("00")) {
			return "+" + digits.substring(2);
		}
		if (digits.startsWith("0")) {
			return countryCode + digits.substring(1);
		}
		return digits;
	}

	private static String messageId(String body) {
		try {
			JsonNode sid = JsonMapper.shared().readTree(body).get("sid");
			return (sid != null && sid.isString()) ? truncate(sid.asString()) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String truncate(String value) {
		return (value.length() > 100) ? value.substring(0, 100) : value;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The HTTP client, made at the first text rather than at start-up (its threads and
	 * classes cost a start a fifth of a second, and many installations send no texts).
	 */
	private static final class Http {

		static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	}

}
