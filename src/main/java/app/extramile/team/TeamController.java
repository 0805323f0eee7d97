package app.extramile.team;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Shops;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The team on the web: everyone sees the rota and who is on duty now; owners and staff
 * add members, skills, weekly slots and one-off changes.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class TeamController {

	private final Team team;

	private final Accounts accounts;

	private final Shops shops;

	private final Clock clock;

	TeamController(Team team, Accounts accounts, Shops shops, Clock clock) {
		this.team = team;
		this.accounts = accounts;
		this.shops = shops;
		this.clock = clock;
	}

	/** The add/edit member form. */
	static class MemberForm {

		private String name;

		private String mobile;

		private String email;

		private UUID accountId;

		private Double homeLat;

		private Double homeLon;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getMobile() {
			return this.mobile;
		}

		public void setMobile(String mobile) {
			this.mobile = mobile;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

		public UUID getAccountId() {
			return this.accountId;
		}

		public void setAccountId(UUID accountId) {
			this.accountId = accountId;
		}

		public Double getHomeLat() {
			return this.homeLat;
		}

		public void setHomeLat(Double homeLat) {
			this.homeLat = homeLat;
		}

		public Double getHomeLon() {
			return this.homeLon;
		}

		public void setHomeLon(Double homeLon) {
			this.homeLon = homeLon;
		}

	}

	@GetMapping("/team")
	String index(@AuthenticationPrincipal ShopUser user, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new MemberForm());
		}
		addRota(user, model);
		return "team/index";
	}

	@PostMapping("/team/members")
	@PreAuthorize("hasRole('STAFF')")
	String add(@AuthenticationPrincipal ShopUser user, @ModelAttribute("form") MemberForm form, BindingResult result,
			Model model) {
		Team.MemberDetails details = details(form, result);
		if (details == null) {
			addRota(user, model);
			return "team/index";
		}
		this.team.addMember(user, details);
		return "redirect:/team";
	}

	@PostMapping("/team/members/{id}/remove")
	@PreAuthorize("hasRole('STAFF')")
	String remove(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.team.removeMember(user, id);
		return "redirect:/team";
	}

	@PostMapping("/team/members/{id}/skills")
	@PreAuthorize("hasRole('STAFF')")
	String grant(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @RequestParam Skill skill,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
			RedirectAttributes redirect) {
		try {
			this.team.grantSkill(user, id, skill, expiresOn);
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("skillError", id);
		}
		return "redirect:/team#member-" + id;
	}

	@PostMapping("/team/members/{id}/skills/{skill}/remove")
	@PreAuthorize("hasRole('STAFF')")
	String removeSkill(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable Skill skill) {
		this.team.removeSkill(user, id, skill);
		return "redirect:/team#member-" + id;
	}

	@PostMapping("/team/slots")
	@PreAuthorize("hasRole('STAFF')")
	String addSlot(@AuthenticationPrincipal ShopUser user, @RequestParam UUID memberId, @RequestParam DayOfWeek weekday,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime to,
			@RequestParam(defaultValue = "ON_DUTY") RotaSlot.Kind kind) {
		this.team.addSlot(user, memberId, kind, weekday, from, to);
		return "redirect:/team#rota";
	}

	/** Anyone on the team says when they are usually available to help. */
	@PostMapping("/team/availability")
	String addAvailability(@AuthenticationPrincipal ShopUser user, @RequestParam DayOfWeek weekday,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.TIME) LocalTime to) {
		this.team.addAvailability(user, weekday, from, to);
		return "redirect:/team#rota";
	}

	@PostMapping("/team/availability/{id}/remove")
	String removeAvailability(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.team.removeAvailability(user, id);
		return "redirect:/team#rota";
	}

	@PostMapping("/team/slots/{id}/remove")
	@PreAuthorize("hasRole('STAFF')")
	String removeSlot(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.team.removeSlot(user, id);
		return "redirect:/team#rota";
	}

	@PostMapping("/team/changes")
	@PreAuthorize("hasRole('STAFF')")
	String addChange(@AuthenticationPrincipal ShopUser user, @RequestParam UUID memberId, @RequestParam boolean onDuty,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime until,
			RedirectAttributes redirect) {
		ZoneId zone = zone(user);
		try {
			this.team.addChange(user, memberId, onDuty, from.atZone(zone).toInstant(), until.atZone(zone).toInstant());
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("changeError", true);
		}
		return "redirect:/team#changes";
	}

	@PostMapping("/team/changes/{id}/remove")
	@PreAuthorize("hasRole('STAFF')")
	String removeChange(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.team.removeChange(user, id);
		return "redirect:/team#changes";
	}

	private void addRota(ShopUser user, Model model) {
		List<TeamMember> members = this.team.members(user.shopId());
		Map<UUID, TeamMember> byId = members.stream().collect(Collectors.toMap(TeamMember::id, Function.identity()));
		model.addAttribute("members", members);
		model.addAttribute("byId", byId);
		model.addAttribute("slots", this.team.slots(user.shopId()));
		model.addAttribute("changes", this.team.changes(user.shopId(), this.clock.instant()));
		model.addAttribute("onDuty", this.team.onDutyAt(user.shopId(), this.clock.instant()));
		model.addAttribute("manager", user.mayReadCareProfile());
		model.addAttribute("me",
				this.team.memberForAccount(user.shopId(), user.accountId()).map(TeamMember::id).orElse(null));
		model.addAttribute("slotKinds", RotaSlot.Kind.values());
		model.addAttribute("onShift", this.team.onShiftAt(user.shopId(), this.clock.instant()));
		model.addAttribute("skills", Skill.values());
		model.addAttribute("weekdays", DayOfWeek.values());
		model.addAttribute("zone", zone(user));
		List<Accounts.Member> logins = this.accounts.members(user.shopId());
		model.addAttribute("logins",
				logins.stream().collect(Collectors.toMap(Accounts.Member::id, Function.identity())));
		if (user.mayReadCareProfile()) {
			model.addAttribute("accounts", logins);
		}
	}

	private ZoneId zone(ShopUser user) {
		return this.shops.zone(user.shopId());
	}

	private static Team.MemberDetails details(MemberForm form, BindingResult result) {
		try {
			return new Team.MemberDetails(form.getName(), form.getMobile(), form.getEmail(), form.getAccountId(),
					form.getHomeLat(), form.getHomeLon());
		}
		catch (IllegalArgumentException ex) {
			String field = ex.getMessage();
			result.rejectValue(field, "team.error." + field);
			return null;
		}
	}

}
