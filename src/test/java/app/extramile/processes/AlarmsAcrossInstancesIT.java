package app.extramile.processes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import app.extramile.RequiresPostgres;
import app.extramile.processes.AlarmFixtures.SmsStub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static app.extramile.processes.AlarmFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two app processes on one PostgreSQL. A provider sends 100 signed alarms, each to both
 * instances at once (as a retrying partner behind a load balancer might): one alarm per
 * event id, both answers name it, and every ladder (ask, ask the next, everyone and the
 * owner) is texted exactly once.
 */
@Tag("process")
@RequiresPostgres
class AlarmsAcrossInstancesIT {

	private static final int ALARMS = 100;

	/** Per alarm: ask both responders in turn, then both and the owner. */
	private static final int TEXTS_PER_ALARM = 2 + 2 + 1;

	@Test
	void everyAlarmIsDispatchedExactlyOnce() throws Exception {
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Path logs = Path.of("target", "process-logs", schema);
		HttpClient http = HttpClient.newHttpClient();
		try (SmsStub sms = new SmsStub()) {
			Map<String, String> env = AlarmFixtures.environment(schema, sms);
			env.put("EXTRAMILE_ALARMS_ACKNOWLEDGE_WITHIN", "PT3S");
			env.put("EXTRAMILE_ALARMS_ALL_HANDS_AFTER", "PT8S");
			try (AppProcess one = AppProcess.start("one", env, logs)) {
				try (AppProcess two = AppProcess.start("two", env, logs)) {
					try (Connection db = AlarmFixtures.connect(schema)) {
						AlarmFixtures.seed(db, "two-instances-it", ALARMS, 2);
					}
					Map<String, List<String>> answers = new HashMap<>();
					for (int i = 0; i < ALARMS; i++) {
						String body = "{\"eventId\":\"ev-" + i + "\",\"deviceId\":\"PENDANT-" + i
								+ "\",\"kind\":\"fall\",\"occurredAt\":\"" + Instant.now() + "\"}";
						List<CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
						for (AppProcess app : List.of(one, two)) {
							String timestamp = Long.toString(Instant.now().getEpochSecond());
							byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
							both.add(http.sendAsync(
									HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/alarms"))
										.header("Content-Type", "application/json")
										.header("X-Extramile-Provider", "two-instances-it")
										.header("X-Extramile-Timestamp", timestamp)
										.header("X-Extramile-Signature", AlarmFixtures.sign(timestamp, bytes))
										.POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
										.build(),
									HttpResponse.BodyHandlers.ofString()));
						}
						for (CompletableFuture<HttpResponse<String>> answer : both) {
							HttpResponse<String> response = answer.get();
							assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
							answers.computeIfAbsent("ev-" + i, (k) -> new ArrayList<>()).add(response.body());
						}
						Thread.sleep(20); // 50 alarms a second
					}
					assertThat(answers.values()).as("both instances gave the same answer")
						.allSatisfy((pair) -> assertThat(pair.get(0)).isEqualTo(pair.get(1)));

					await("every text, the ladders settled; logs in " + logs).atMost(Duration.ofSeconds(90))
						.pollInterval(Duration.ofMillis(250))
						.until(() -> distinctTexts(sms) >= ALARMS * TEXTS_PER_ALARM && settled(schema));
					// more passes of the ladder and the dispatch: nothing may be sent
					// again
					AlarmFixtures.awaitMorePasses(schema, "alarm-deadlines", 2, Duration.ofSeconds(60));
					AlarmFixtures.awaitMorePasses(schema, "notification-dispatch", 2, Duration.ofSeconds(60));
				}
			}
			List<SmsStub.Received> received = sms.received();
			assertThat(received).as("texts, each once").hasSize(ALARMS * TEXTS_PER_ALARM);
			assertThat(received.stream().map((r) -> r.to() + "|" + r.body()).distinct().count())
				.isEqualTo(ALARMS * TEXTS_PER_ALARM);
			try (Connection db = AlarmFixtures.connect(schema)) {
				assertThat(count(db, "select count(*) from alarm")).as("one alarm per event id").isEqualTo(ALARMS);
				assertThat(count(db, "select count(*) from alarm_intake")).isEqualTo(ALARMS);
				assertThat(count(db, "select count(*) from alarm where stage = -1")).isEqualTo(ALARMS);
			}
			Map<String, Long> byInstance = received.stream()
				.collect(Collectors.groupingBy((r) -> r.to(), Collectors.counting()));
			System.out.println("Texts by recipient: " + byInstance);
		}
	}

	private static long distinctTexts(SmsStub sms) {
		return sms.received().stream().map((r) -> r.to() + "|" + r.body()).distinct().count();
	}

	private static boolean settled(String schema) throws Exception {
		try (Connection db = AlarmFixtures.connect(schema)) {
			return count(db, "select count(*) from alarm where all_hands_at is null") == 0
					&& count(db, "select count(*) from notification where status in ('PENDING', 'SENDING')") == 0;
		}
	}

}
