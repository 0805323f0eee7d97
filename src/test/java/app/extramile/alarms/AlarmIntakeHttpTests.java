package app.extramile.alarms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The signed intake over real HTTP: what a provider sends, what an attacker sends, and
 * the API-token listing.
 */
@AppTest(systemTime = true)
class AlarmIntakeHttpTests {

	static final String SECRET = "http-test-secret-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	AlarmSetup setup;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	final HttpClient http = HttpClient.newHttpClient();

	ShopId shop;

	String provider;

	@BeforeEach
	void aProviderAndAPendant() {
		this.shop = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		this.provider = "p" + UUID.randomUUID().toString().substring(0, 8);
		this.setup.addProvider(owner, this.provider, SECRET);
		CustomerId gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null, null,
				null, "3 Stryd y Capel", null, null, null, null, null, null, List.of()));
		this.setup.addDevice(owner, this.setup.providers(this.shop).get(0).id(), "PENDANT-1", gwen, 3600);
	}

	HttpResponse<String> send(String path, String provider, String timestamp, String signature, byte[] body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (provider != null) {
			request.header("X-Extramile-Provider", provider);
		}
		if (timestamp != null) {
			request.header("X-Extramile-Timestamp", timestamp);
		}
		if (signature != null) {
			request.header("X-Extramile-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> signed(String path, String body) throws IOException, InterruptedException {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(path, this.provider, timestamp,
				Signatures.sign(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, bytes), bytes);
	}

	static String alarm(String eventId, String deviceId, String kind) {
		return "{\"eventId\":\"" + eventId + "\",\"deviceId\":\"" + deviceId + "\",\"kind\":\"" + kind
				+ "\",\"occurredAt\":\"" + Instant.now().minusSeconds(1) + "\"}";
	}

	long count(String table) {
		return this.jdbc.sql("select count(*) from " + table + " where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	@Test
	void aSignedPressIsStoredOnceAndListedForApiTokens() throws Exception {
		String body = alarm("evt-1", "PENDANT-1", "button");
		HttpResponse<String> first = signed("/api/alarms", body);
		HttpResponse<String> again = signed("/api/alarms", body);

		assertThat(first.statusCode()).isEqualTo(201);
		JsonNode answer = this.json.readTree(first.body());
		assertThat(answer.get("status").asString()).isEqualTo("DISPATCHING");
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.headers().firstValue("X-Extramile-Replay")).contains("true");
		assertThat(count("alarm")).isEqualTo(1);

		String token = this.tokens.create(this.shop, "Partner", null);
		HttpResponse<String> list = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/alarms"))
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(list.statusCode()).isEqualTo(200);
		JsonNode alarms = this.json.readTree(list.body());
		assertThat(alarms).hasSize(1);
		assertThat(alarms.get(0).get("id").asString()).isEqualTo(answer.get("alarmId").asString());
		assertThat(alarms.get(0).get("kind").asString()).isEqualTo("button");
		assertThat(alarms.get(0).get("timeline").get(0).get("what").asString()).isEqualTo("received");

		HttpResponse<String> anonymous = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/alarms")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).as("listing needs an API token").isEqualTo(401);
	}

	@Test
	void anUnknownDeviceIs422AndUnmatchedAndHeartbeatsAreRecorded() throws Exception {
		HttpResponse<String> unknown = signed("/api/alarms", alarm("evt-2", "NOBODY", "fall"));
		assertThat(unknown.statusCode()).isEqualTo(422);
		assertThat(unknown.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(unknown.body()).get("field").asString()).isEqualTo("deviceId");
		assertThat(count("alarm_unmatched")).isEqualTo(1);
		assertThat(count("alarm")).isZero();

		assertThat(signed("/api/alarms/heartbeat", "{\"deviceId\":\"PENDANT-1\"}").statusCode()).isEqualTo(204);
		assertThat(signed("/api/alarms/heartbeat", "{\"deviceId\":\"NOBODY\"}").statusCode()).isEqualTo(422);
		assertThat(this.jdbc.sql("select last_heartbeat_at from alarm_device where shop_id = ?")
			.param(this.shop.value())
			.query(java.time.OffsetDateTime.class)
			.single()).isNotNull();
	}

	/**
	 * A thousand requests an attacker (or a broken partner) might send: every one a clear
	 * 4xx problem naming what is wrong, nothing stored, and the next good alarm still
	 * accepted.
	 */
	@Test
	void aThousandHostileRequestsAreRefusedAndNothingIsStored() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
		byte[] otherSecret = "someone-elses-secret-000000".getBytes(StandardCharsets.UTF_8);
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			long now = Instant.now().getEpochSecond();
			String ts = Long.toString(now);
			String path = random.nextInt(5) == 0 ? "/api/alarms/heartbeat" : "/api/alarms";
			byte[] good = alarm("h-" + i, "PENDANT-1", "button").getBytes(StandardCharsets.UTF_8);
			int kind = random.nextInt(14);
			HttpResponse<String> response = switch (kind) {
				case 0 -> send(path, null, null, null, good);
				case 1 -> send(path, this.provider, null, null, good);
				case 2 -> send(path, "nobody-" + i, ts, Signatures.sign(secret, ts, good), good);
				case 3 -> send(path, this.provider, "yesterday", Signatures.sign(secret, "yesterday", good), good);
				case 4 -> {
					String stale = Long.toString(now - 61 - random.nextInt(86_400));
					yield send(path, this.provider, stale, Signatures.sign(secret, stale, good), good);
				}
				case 5 -> {
					String future = Long.toString(now + 61 + random.nextInt(86_400));
					yield send(path, this.provider, future, Signatures.sign(secret, future, good), good);
				}
				case 6 -> send(path, this.provider, ts, "sha256=nothex", good);
				case 7 -> send(path, this.provider, ts, Signatures.sign(otherSecret, ts, good), good);
				case 8 -> {
					byte[] tampered = alarm("h-" + i, "PENDANT-1", "fall").getBytes(StandardCharsets.UTF_8);
					yield send(path, this.provider, ts, Signatures.sign(secret, ts, good), tampered);
				}
				case 9 -> {
					byte[] junk = new byte[1 + random.nextInt(200)];
					random.nextBytes(junk);
					yield send(path, this.provider, ts, Signatures.sign(secret, ts, junk), junk);
				}
				case 10 -> {
					String[] bad = { "{\"eventId\":\"x\"}", "[]",
							"{\"eventId\":\"a b\",\"deviceId\":\"PENDANT-1\","
									+ "\"kind\":\"button\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}",
							alarm("h-" + i, "PENDANT-1", "explosion"),
							alarm("h-" + i, "PENDANT-1", "button").replace("\"occurredAt\":\"", "\"occurredAt\":\"x"),
							"{\"eventId\":\"h\",\"deviceId\":\"PENDANT-1\",\"kind\":\"button\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}",
							"{\"deviceId\":\"../../etc\",\"eventId\":\"e\",\"kind\":\"test\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}",
							"{\"eventId\":\"e\",\"deviceId\":\"PENDANT-1\",\"kind\":\"button\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"extra\":1}",
							"null", "{\"deviceId\":12}" };
					String body = bad[random.nextInt(bad.length)];
					if (path.endsWith("heartbeat") && body.contains("PENDANT-1")) {
						body = "{\"deviceId\":\"\"}";
					}
					byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
					yield send(path, this.provider, ts, Signatures.sign(secret, ts, bytes), bytes);
				}
				case 11 -> {
					byte[] huge = ("{\"eventId\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
					yield send(path, this.provider, ts, Signatures.sign(secret, ts, huge), huge);
				}
				case 12 -> send(path, this.provider, ts, Signatures.sign(secret, ts, good).toUpperCase(), good);
				default -> send(path, this.provider, ts, "", new byte[0]);
			};
			int status = response.statusCode();
			String type = response.headers().firstValue("Content-Type").orElse("");
			if (status < 400 || status >= 500 || !type.startsWith("application/problem+json")
					|| !response.body().contains("\"detail\"")) {
				problems.add("case " + kind + " " + path + ": " + status + " " + type + " " + response.body());
			}
		}
		assertThat(problems).as("seed " + seed).isEmpty();
		assertThat(count("alarm")).as("no alarm stored").isZero();
		assertThat(count("alarm_unmatched")).isZero();
		assertThat(this.jdbc
			.sql("select count(*) from alarm_intake i join alarm_provider p on p.id = i.provider_id "
					+ "where p.shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("select last_heartbeat_at from alarm_device where shop_id = ?")
			.param(this.shop.value())
			.query(java.time.OffsetDateTime.class)
			.optional()).isEmpty();

		assertThat(signed("/api/alarms", alarm("after", "PENDANT-1", "button")).statusCode()).as("still serving")
			.isEqualTo(201);
	}

	/**
	 * Two shops may each work with a partner of the same name: the signature says whose
	 * it is, and each shop gets only its own alarms and heartbeats.
	 */
	@Test
	void providersOfOneNameInTwoShopsEachReceiveOnlyTheirOwnAlarms() throws Exception {
		ShopId other = TestShops.create(this.jdbc);
		ShopUser otherOwner = TestShops.user(other, Role.OWNER);
		String otherSecret = "the-other-shops-secret-98765";
		this.setup.addProvider(otherOwner, this.provider, otherSecret);
		CustomerId ifan = this.customers.register(other, new CustomerDetails(null, "Ifan Bowen", null, null, null,
				"1 Heol y Bont", null, null, null, null, null, null, List.of()));
		this.setup.addDevice(otherOwner, this.setup.providers(other).get(0).id(), "PENDANT-1", ifan, 3600);

		HttpResponse<String> ours = signed("/api/alarms", alarm("same-1", "PENDANT-1", "button"));
		String ts = Long.toString(Instant.now().getEpochSecond());
		byte[] theirs = alarm("same-1", "PENDANT-1", "fall").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> theirAnswer = send("/api/alarms", this.provider, ts,
				Signatures.sign(otherSecret.getBytes(StandardCharsets.UTF_8), ts, theirs), theirs);

		assertThat(ours.statusCode()).isEqualTo(201);
		assertThat(theirAnswer.statusCode()).as("the same event id from another shop's provider is its own")
			.isEqualTo(201);
		assertThat(alarmsOf(this.shop)).containsExactly("BUTTON");
		assertThat(alarmsOf(other)).containsExactly("FALL");
		assertThat(this.jdbc.sql("select customer_id from alarm where shop_id = ?")
			.param(other.value())
			.query(UUID.class)
			.single()).isEqualTo(ifan.value());

		byte[] beat = "{\"deviceId\":\"PENDANT-1\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(send("/api/alarms/heartbeat", this.provider, ts,
				Signatures.sign(otherSecret.getBytes(StandardCharsets.UTF_8), ts, beat), beat)
			.statusCode()).isEqualTo(204);
		assertThat(heartbeatOf(other)).isNotNull();
		assertThat(heartbeatOf(this.shop)).as("our pendant did not beat").isNull();

		// A third shop whose owner gave the provider the very same secret: the device
		// decides.
		ShopId third = TestShops.create(this.jdbc);
		ShopUser thirdOwner = TestShops.user(third, Role.OWNER);
		this.setup.addProvider(thirdOwner, this.provider, SECRET);
		CustomerId nia = this.customers.register(third, new CustomerDetails(null, "Nia Morgan", null, null, null,
				"2 Lôn Las", null, null, null, null, null, null, List.of()));
		this.setup.addDevice(thirdOwner, this.setup.providers(third).get(0).id(), "PENDANT-3", nia, 3600);
		assertThat(signed("/api/alarms", alarm("third-1", "PENDANT-3", "button")).statusCode()).isEqualTo(201);
		assertThat(alarmsOf(third)).containsExactly("BUTTON");
		assertThat(alarmsOf(this.shop)).containsExactly("BUTTON");
		assertThat(count("alarm_unmatched")).isZero();

		assertThatThrownBy(() -> this.setup.addProvider(otherOwner, this.provider, otherSecret))
			.as("still one provider of a name per shop")
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("name");
	}

	/**
	 * Whether a provider name exists cannot be learnt from the answers: an unknown name
	 * gets exactly the answer a known name with a wrong signature gets, header for header
	 * and byte for byte.
	 */
	@Test
	void anUnknownProviderGetsTheSameAnswerAsAWrongSignature() throws Exception {
		byte[] body = alarm("probe-1", "PENDANT-1", "button").getBytes(StandardCharsets.UTF_8);
		byte[] wrongSecret = "not-the-secret-at-all-000000".getBytes(StandardCharsets.UTF_8);
		String ts = Long.toString(Instant.now().getEpochSecond());
		String wrong = Signatures.sign(wrongSecret, ts, body);
		String[][] cases = { { ts, wrong }, { ts, "sha256=nothex" }, { ts, null }, { null, wrong },
				{ "yesterday", wrong } };
		for (String[] headers : cases) {
			HttpResponse<String> known = send("/api/alarms", this.provider, headers[0], headers[1], body);
			HttpResponse<String> unknown = send("/api/alarms", "nobody-" + this.provider, headers[0], headers[1], body);
			HttpResponse<String> none = send("/api/alarms", null, headers[0], headers[1], body);
			for (HttpResponse<String> other : List.of(unknown, none)) {
				assertThat(other.statusCode()).isEqualTo(401).isEqualTo(known.statusCode());
				assertThat(other.body()).as(String.join(" ", java.util.Arrays.toString(headers)))
					.isEqualTo(known.body());
				assertThat(other.headers().firstValue("Content-Type"))
					.isEqualTo(known.headers().firstValue("Content-Type"));
				assertThat(other.headers().firstValue("WWW-Authenticate"))
					.isEqualTo(known.headers().firstValue("WWW-Authenticate"));
			}
		}
		HttpResponse<String> probe = send("/api/alarms", "nobody-" + this.provider, ts, wrong, body);
		assertThat(probe.body()).doesNotContain("X-Extramile-Provider\"").doesNotContain("nknown");
		assertThat(count("alarm_unmatched")).isZero();
	}

	List<String> alarmsOf(ShopId shop) {
		return this.jdbc.sql("select kind from alarm where shop_id = ? order by received_at")
			.param(shop.value())
			.query(String.class)
			.list();
	}

	java.time.OffsetDateTime heartbeatOf(ShopId shop) {
		return this.jdbc.sql("select last_heartbeat_at from alarm_device where shop_id = ?")
			.param(shop.value())
			.query(java.time.OffsetDateTime.class)
			.optional()
			.orElse(null);
	}

}
