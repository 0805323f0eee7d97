package app.extramile.alarms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.shared.ShopUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/alarms} for partners and scripts (API token): the shop's alarms with
 * their state and timeline. Customer name and device only; never access notes.
 */
@RestController
@Tag(name = "Alarms")
class AlarmApiController {

	private final AlarmDesk desk;

	AlarmApiController(AlarmDesk desk) {
		this.desk = desk;
	}

	@Operation(summary = "List alarms, newest first, with their timeline")
	@GetMapping("/api/alarms")
	List<Map<String, Object>> list(@AuthenticationPrincipal ShopUser api,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
			@RequestParam(defaultValue = "100") int limit) {
		int capped = Math.max(1, Math.min(limit, 500));
		return this.desk.recent(api.shopId(), since, capped).stream().map(AlarmApiController::json).toList();
	}

	static Map<String, Object> json(Alarm alarm) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("id", alarm.id());
		out.put("customerId", alarm.customerId().value());
		out.put("deviceId", alarm.deviceId());
		out.put("kind", alarm.kind().wire());
		out.put("status", alarm.status());
		out.put("occurredAt", alarm.occurredAt());
		out.put("receivedAt", alarm.receivedAt());
		out.put("acknowledgedAt", alarm.ackedAt());
		out.put("arrivedAt", alarm.arrivedAt());
		out.put("resolvedAt", alarm.resolvedAt());
		out.put("outcome", (alarm.outcome() != null) ? alarm.outcome().name() : null);
		out.put("timeline", alarm.events().stream().map((e) -> Map.of("at", e.at(), "what", e.kind())).toList());
		return out;
	}

}
