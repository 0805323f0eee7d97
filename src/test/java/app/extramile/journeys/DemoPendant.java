package app.extramile.journeys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A press of one of the demo village's pendants, as the alarm provider sends it: a signed
 * {@code POST /api/alarms} over real HTTP (provider {@code demo}, secret
 * {@code demo-alarm-secret}).
 */
final class DemoPendant {

	private DemoPendant() {
	}

	static HttpResponse<String> press(int port, String deviceId) throws Exception {
		long timestamp = Instant.now().getEpochSecond();
		String body = "{\"eventId\":\"journey-" + UUID.randomUUID() + "\",\"deviceId\":\"" + deviceId + "\","
				+ "\"kind\":\"button\",\"occurredAt\":\"" + Instant.now() + "\"}";
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec("demo-alarm-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = HexFormat.of()
			.formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/alarms"))
				.header("Content-Type", "application/json")
				.header("X-Extramile-Provider", "demo")
				.header("X-Extramile-Timestamp", Long.toString(timestamp))
				.header("X-Extramile-Signature", "sha256=" + signature)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
