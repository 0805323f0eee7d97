package app.extramile.alarms;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The alarm board for staff (refreshed every second, with sound), one alarm's timeline,
 * devices and providers, and the monthly report.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class AlarmBoardController {

	private final AlarmDesk desk;

	private final DeviceSupervision supervision;

	private final AlarmReport report;

	private final AlarmSetup setup;

	private final Team team;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final Shops shops;

	private final Clock clock;

	private final AlarmBoardStream stream;

	AlarmBoardController(AlarmDesk desk, DeviceSupervision supervision, AlarmReport report, AlarmSetup setup, Team team,
			CustomerDirectory customers, CareProfiles careProfiles, Shops shops, Clock clock, AlarmBoardStream stream) {
		this.stream = stream;
		this.desk = desk;
		this.supervision = supervision;
		this.report = report;
		this.setup = setup;
		this.team = team;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.shops = shops;
		this.clock = clock;
	}

	@GetMapping("/alarms")
	String board(@AuthenticationPrincipal ShopUser user, Model model) {
		boardModel(user, model);
		model.addAttribute("unmatched", this.desk.unmatched(user.shopId(), 20));
		model.addAttribute("recent", this.desk.recent(user.shopId(), null, 20));
		return "alarms/board";
	}

	/**
	 * Server-sent events for the board: {@code changed} whenever this shop's alarms
	 * change (see {@link AlarmBoardStream}).
	 */
	@GetMapping(path = "/alarms/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@AuthenticationPrincipal ShopUser user) {
		return this.stream.connect(user.shopId());
	}

	/** The live part of the board, fetched when the stream says something changed. */
	@GetMapping("/alarms/live")
	String live(@AuthenticationPrincipal ShopUser user, Model model) {
		boardModel(user, model);
		return "alarms/board :: live";
	}

	private void boardModel(ShopUser user, Model model) {
		var live = this.desk.live(user.shopId());
		model.addAttribute("live", live);
		Map<UUID, Customer> customers = new HashMap<>();
		live.forEach(
				(a) -> this.customers.find(user.shopId(), a.customerId()).ifPresent((c) -> customers.put(a.id(), c)));
		model.addAttribute("customers", customers);
		model.addAttribute("openCount", live.stream().filter((a) -> a.open()).count());
		model.addAttribute("silent", this.supervision.silentDevices(user.shopId()));
		model.addAttribute("names", names(user));
		model.addAttribute("now", this.clock.instant());
	}

	@GetMapping("/alarms/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		alarmModel(user, this.desk.alarm(user.shopId(), id), model);
		return "alarms/alarm";
	}

	/**
	 * The staff's logged reveal of the access notes for an alarm's customer, on the alarm
	 * page (not on the board, which stays on the counter screen).
	 */
	@PostMapping("/alarms/{id}/access-notes")
	String accessNotes(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Alarm alarm = this.desk.alarm(user.shopId(), id);
		String notes = this.careProfiles.revealAccessNotes(user, alarm.customerId()).orElse(null);
		alarmModel(user, alarm, model);
		model.addAttribute("accessNotes", notes);
		model.addAttribute("revealed", true);
		return "alarms/alarm";
	}

	private void alarmModel(ShopUser user, Alarm alarm, Model model) {
		model.addAttribute("alarm", alarm);
		model.addAttribute("customer", this.customers.get(user.shopId(), alarm.customerId()));
		model.addAttribute("names", names(user));
		model.addAttribute("outcomes", AlarmOutcome.values());
		model.addAttribute("zone", zone(user));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("revealed", false);
	}

	@PostMapping("/alarms/{id}/resolve")
	String resolve(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @RequestParam AlarmOutcome outcome) {
		this.desk.resolve(user, id, outcome);
		return "redirect:/alarms/" + id;
	}

	@GetMapping("/alarms/report")
	String report(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) YearMonth month,
			Model model) {
		YearMonth chosen = (month != null) ? month : YearMonth.now(this.clock.withZone(zone(user)));
		model.addAttribute("month", chosen);
		model.addAttribute("previous", chosen.minusMonths(1));
		model.addAttribute("next", chosen.plusMonths(1));
		model.addAttribute("report", this.report.report(user.shopId(), chosen));
		return "alarms/report";
	}

	@GetMapping("/alarms/devices")
	String devices(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("providers", this.setup.providers(user.shopId()));
		model.addAttribute("devices", this.setup.devices(user.shopId()));
		model.addAttribute("customerNames",
				this.customers.active(user.shopId())
					.values()
					.stream()
					.collect(Collectors.toMap((c) -> c.id(), (c) -> c.name())));
		model.addAttribute("owner", user.role().name().equals("OWNER"));
		return "alarms/devices";
	}

	@PostMapping("/alarms/devices")
	String addDevice(@AuthenticationPrincipal ShopUser user, @RequestParam UUID providerId,
			@RequestParam String deviceId, @RequestParam String customerReference,
			@RequestParam(defaultValue = "86400") int heartbeatSeconds, RedirectAttributes redirect) {
		try {
			CustomerId customer = this.customers.findByReference(user.shopId(), customerReference.trim())
				.map((c) -> c.id())
				.orElseThrow(() -> new IllegalArgumentException("customerReference"));
			this.setup.addDevice(user, providerId, deviceId, customer, heartbeatSeconds);
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("deviceError", ex.getMessage());
		}
		return "redirect:/alarms/devices";
	}

	@PostMapping("/alarms/devices/{id}/remove")
	String removeDevice(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.setup.removeDevice(user, id);
		return "redirect:/alarms/devices";
	}

	@PostMapping("/alarms/providers")
	@PreAuthorize("hasRole('OWNER')")
	String addProvider(@AuthenticationPrincipal ShopUser user, @RequestParam String name,
			@RequestParam(required = false) String secret, RedirectAttributes redirect) {
		try {
			redirect.addFlashAttribute("newSecret", this.setup.addProvider(user, name, secret));
			redirect.addFlashAttribute("newSecretFor", name.trim());
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("providerError", ex.getMessage());
		}
		return "redirect:/alarms/devices";
	}

	@PostMapping("/alarms/providers/{id}/rotate")
	@PreAuthorize("hasRole('OWNER')")
	String rotate(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		redirect.addFlashAttribute("newSecret", this.setup.rotateSecret(user, id));
		return "redirect:/alarms/devices";
	}

	private Map<UUID, String> names(ShopUser user) {
		return this.team.members(user.shopId())
			.stream()
			.collect(Collectors.toMap(TeamMember::id, TeamMember::name, (a, b) -> a));
	}

	private ZoneId zone(ShopUser user) {
		return this.shops.zone(user.shopId());
	}

}
