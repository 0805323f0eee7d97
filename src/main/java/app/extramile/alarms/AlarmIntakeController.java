package app.extramile.alarms;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import app.extramile.alarms.AlarmIntake.Answer;
import app.extramile.alarms.AlarmIntake.Intake;
import app.extramile.alarms.AlarmSetup.Provider;
import app.extramile.alarms.Signatures.Check;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Intake for alarm-receiving partners. Authenticated by the provider's HMAC signature
 * (not an API token): {@code X-Extramile-Provider}, {@code X-Extramile-Timestamp} (unix
 * seconds, within ±60 s) and {@code X-Extramile-Signature: sha256=<hex>} of
 * {@code <timestamp>.<raw body>}. Nothing is stored before the signature is checked.
 */
@RestController
@Tag(name = "Alarms")
class AlarmIntakeController {

	/**
	 * The largest body accepted. The system module's body limit refuses a larger one
	 * before it is read (a 100 MB body is never held); this check is the second line.
	 */
	static final int MAX_BODY = 4096;

	/**
	 * What an unknown provider name is checked against: random, held by nobody, so the
	 * refusal costs the same HMAC as a known name's.
	 */
	private static final byte[] NOBODYS_KEY = randomKey();

	private static final Set<String> FIELDS = Set.of("eventId", "deviceId", "kind", "occurredAt");

	private final AlarmSetup setup;

	private final AlarmIntake alarmIntake;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration tolerance;

	AlarmIntakeController(AlarmSetup setup, AlarmIntake alarmIntake, JsonMapper json, Clock clock,
			@Value("${extramile.alarms.timestamp-tolerance:PT60S}") Duration tolerance) {
		this.setup = setup;
		this.alarmIntake = alarmIntake;
		this.json = json;
		this.clock = clock;
		this.tolerance = tolerance;
	}

	@Operation(summary = "Receive an alarm",
			description = "JSON {eventId, deviceId, kind (button, fall, inactivity, low-battery, test), occurredAt}. "
					+ "201 once the alarm is stored; a repeated eventId gets the first answer again. "
					+ "422 (field deviceId) for a device nobody registered.")
	@PostMapping(path = "/api/alarms", consumes = MediaType.ALL_VALUE)
	ResponseEntity<String> receive(@RequestHeader(name = "X-Extramile-Provider", required = false) String providerName,
			@RequestHeader(name = "X-Extramile-Timestamp", required = false) String timestamp,
			@RequestHeader(name = "X-Extramile-Signature", required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		Object checked = authenticate(providerName, timestamp, signature, body);
		if (checked instanceof Answer refused) {
			return respond(refused);
		}
		Object parsed = parse(body, true);
		if (parsed instanceof Answer refused) {
			return respond(refused);
		}
		Intake intake = (Intake) parsed;
		return respond(this.alarmIntake.receive(signer(signers(checked), intake.deviceId()), intake));
	}

	@Operation(summary = "Receive a device heartbeat",
			description = "JSON {deviceId}; signed like an alarm. "
					+ "204 when recorded, 422 (field deviceId) for an unknown device.")
	@PostMapping(path = "/api/alarms/heartbeat", consumes = MediaType.ALL_VALUE)
	ResponseEntity<String> heartbeat(
			@RequestHeader(name = "X-Extramile-Provider", required = false) String providerName,
			@RequestHeader(name = "X-Extramile-Timestamp", required = false) String timestamp,
			@RequestHeader(name = "X-Extramile-Signature", required = false) String signature,
			@RequestBody(required = false) byte[] body) {
		Object checked = authenticate(providerName, timestamp, signature, body);
		if (checked instanceof Answer refused) {
			return respond(refused);
		}
		Object parsed = parse(body, false);
		if (parsed instanceof Answer refused) {
			return respond(refused);
		}
		String deviceId = ((Intake) parsed).deviceId();
		if (!this.alarmIntake.heartbeat(signer(signers(checked), deviceId), deviceId)) {
			return respond(this.alarmIntake.problem(422, "Unprocessable Content",
					"No device with this deviceId is registered with this provider.", "deviceId"));
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * The providers of that name whose secret signed the request (usually one), or the
	 * 401 answer. The answer depends only on the headers and the body, never on whether
	 * the name exists: an unknown name is checked against a key nobody holds, so it takes
	 * the same work and gets the same answer as a known name with a wrong signature.
	 */
	private Object authenticate(String providerName, String timestamp, String signature, byte[] body) {
		if (body == null || body.length == 0) {
			return this.alarmIntake.problem(400, "Bad Request", "The request has no body.", "body");
		}
		if (body.length > MAX_BODY) {
			return this.alarmIntake.problem(413, "Content Too Large", "The body is larger than " + MAX_BODY + " bytes.",
					"body");
		}
		List<Provider> named = this.setup.providersNamed(providerName);
		Instant now = this.clock.instant();
		List<Provider> signers = new ArrayList<>();
		Check refusal = Check.WRONG;
		if (named.isEmpty()) {
			Check check = Signatures.check(NOBODYS_KEY, timestamp, signature, body, now, this.tolerance);
			refusal = (check == Check.VALID) ? Check.WRONG : check;
		}
		for (Provider provider : named) {
			Check check = Signatures.check(provider.secret(), timestamp, signature, body, now, this.tolerance);
			if (check == Check.VALID) {
				signers.add(provider);
			}
			else {
				refusal = check;
			}
		}
		if (!signers.isEmpty()) {
			return signers;
		}
		return switch (refusal) {
			case VALID, WRONG -> this.alarmIntake.problem(401, "Unauthorized",
					"X-Extramile-Provider and X-Extramile-Signature must name a provider and carry the HMAC-SHA256 "
							+ "of <timestamp>.<body> with its secret.",
					"X-Extramile-Signature");
			case MISSING -> this.alarmIntake.problem(401, "Unauthorized",
					"X-Extramile-Timestamp and X-Extramile-Signature are required.",
					(timestamp == null) ? "X-Extramile-Timestamp" : "X-Extramile-Signature");
			case MALFORMED_TIMESTAMP -> this.alarmIntake.problem(401, "Unauthorized",
					"X-Extramile-Timestamp must be unix seconds.", "X-Extramile-Timestamp");
			case STALE -> this.alarmIntake.problem(401, "Unauthorized", "X-Extramile-Timestamp is more than "
					+ this.tolerance.toSeconds() + " s from our clock (" + now.getEpochSecond() + ").",
					"X-Extramile-Timestamp");
			case MALFORMED_SIGNATURE -> this.alarmIntake.problem(401, "Unauthorized",
					"X-Extramile-Signature must be sha256=<64 hex digits>.", "X-Extramile-Signature");
		};
	}

	/**
	 * Of the providers whose secret signed the request, the one the device is registered
	 * with: two shops' providers of one name with the same secret are told apart by the
	 * device; otherwise the oldest.
	 */
	private Provider signer(List<Provider> signers, String deviceId) {
		if (signers.size() > 1) {
			for (Provider provider : signers) {
				if (this.setup.device(provider.id(), deviceId).isPresent()) {
					return provider;
				}
			}
		}
		return signers.get(0);
	}

	/** The body as an intake, or a 400 naming the field. */
	private Object parse(byte[] body, boolean alarm) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return this.alarmIntake.problem(400, "Bad Request", "The body is not JSON.", "body");
		}
		if (root == null || !root.isObject()) {
			return this.alarmIntake.problem(400, "Bad Request", "The body must be a JSON object.", "body");
		}
		if (alarm) {
			for (Iterator<String> names = root.propertyNames().iterator(); names.hasNext();) {
				String name = names.next();
				if (!FIELDS.contains(name)) {
					return this.alarmIntake.problem(400, "Bad Request", "Unknown field.", name);
				}
			}
		}
		String deviceId = text(root, "deviceId");
		if (deviceId == null || !deviceId.matches("[A-Za-z0-9._:-]{1,100}")) {
			return this.alarmIntake.problem(400, "Bad Request", "deviceId: 1 to 100 of A-Z a-z 0-9 . _ : -",
					"deviceId");
		}
		if (!alarm) {
			return new Intake(null, deviceId, null, null);
		}
		String eventId = text(root, "eventId");
		if (eventId == null || !eventId.matches("[A-Za-z0-9._:-]{1,100}")) {
			return this.alarmIntake.problem(400, "Bad Request", "eventId: 1 to 100 of A-Z a-z 0-9 . _ : -", "eventId");
		}
		Optional<AlarmKind> kind = AlarmKind.fromWire(text(root, "kind"));
		if (kind.isEmpty()) {
			return this.alarmIntake.problem(400, "Bad Request",
					"kind: one of button, fall, inactivity, low-battery, test", "kind");
		}
		String occurred = text(root, "occurredAt");
		Instant occurredAt;
		try {
			occurredAt = (occurred != null) ? Instant.parse(occurred) : null;
		}
		catch (DateTimeParseException ex) {
			occurredAt = null;
		}
		if (occurredAt == null || occurredAt.isAfter(this.clock.instant().plus(this.tolerance))) {
			return this.alarmIntake.problem(400, "Bad Request",
					"occurredAt: an ISO-8601 instant such as 2026-11-24T10:00:00Z, not in the future", "occurredAt");
		}
		return new Intake(eventId, deviceId, kind.get(), occurredAt);
	}

	private static byte[] randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	@SuppressWarnings("unchecked")
	private static List<Provider> signers(Object checked) {
		return (List<Provider>) checked;
	}

	private static String text(JsonNode root, String field) {
		JsonNode node = root.get(field);
		return (node != null && node.isString()) ? node.asString() : null;
	}

	private static ResponseEntity<String> respond(Answer answer) {
		MediaType type = (answer.status() >= 400) ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(answer.status()).contentType(type);
		if (answer.replay()) {
			builder.header("X-Extramile-Replay", "true");
		}
		return builder.body(answer.body());
	}

}
