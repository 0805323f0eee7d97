package app.extramile.callouts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;
import app.extramile.team.Skill;
import app.extramile.team.TeamMember;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Call-outs for signed-in people: owners and staff post them, add slots and invite the
 * team; everyone on the team sees the gaps and signs up.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class CallOutsController {

	private final CallOuts callOuts;

	private final Shops shops;

	CallOutsController(CallOuts callOuts, Shops shops) {
		this.callOuts = callOuts;
		this.shops = shops;
	}

	@GetMapping("/callouts")
	String list(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("callOuts", this.callOuts.open(user.shopId()));
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Map.of());
		}
		return "callouts/list";
	}

	@PostMapping("/callouts")
	@PreAuthorize("hasRole('STAFF')")
	String post(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String title,
			@RequestParam(required = false) String place, @RequestParam(required = false) String details, Model model) {
		try {
			UUID id = this.callOuts.post(user, title, place, details);
			return "redirect:/callouts/" + id;
		}
		catch (Refused ex) {
			model.addAttribute("form", typed("title", title, "place", place, "details", details));
			FormRefusal.of(ex).to(model);
			return list(user, model);
		}
	}

	@GetMapping("/callouts/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		model.addAttribute("callOut", this.callOuts.get(user.shopId(), id));
		model.addAttribute("me", this.callOuts.memberFor(user).map(TeamMember::id).orElse(null));
		model.addAttribute("skills", Skill.values());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", Map.of());
		}
		return "callouts/callout";
	}

	@PostMapping("/callouts/{id}/slots")
	@PreAuthorize("hasRole('STAFF')")
	String addSlot(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(required = false) String label, @RequestParam(required = false) String date,
			@RequestParam(required = false) String from, @RequestParam(required = false) String until,
			@RequestParam(required = false) String needed, @RequestParam(required = false) String skill, Model model) {
		ZoneId zone = this.shops.zone(user.shopId());
		try {
			LocalDate day = parse(date, LocalDate::parse);
			if (day == null) {
				throw new Refused("date", "callouts.refused.date");
			}
			LocalTime start = parse(from, LocalTime::parse);
			LocalTime end = parse(until, LocalTime::parse);
			Instant startsAt = (start != null) ? day.atTime(start).atZone(zone).toInstant() : null;
			Instant endsAt = (end != null) ? day.atTime(end).atZone(zone).toInstant() : null;
			Integer people = parse(needed, Integer::valueOf);
			Skill needs = (skill == null || skill.isBlank()) ? null : parse(skill, Skill::valueOf);
			this.callOuts.addSlot(user, id, label, startsAt, endsAt, (people != null) ? people : 0, needs);
			return "redirect:/callouts/" + id;
		}
		catch (Refused ex) {
			model.addAttribute("form", typed("label", label, "date", date, "from", from, "until", until, "needed",
					needed, "skill", skill));
			FormRefusal.of(ex).to(model);
			return show(user, id, model);
		}
	}

	@PostMapping("/callouts/{id}/invite")
	@PreAuthorize("hasRole('STAFF')")
	String invite(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		List<TeamMember> unreachable = this.callOuts.invite(user, id);
		redirect.addFlashAttribute("invited", true);
		redirect.addFlashAttribute("unreachable", unreachable.stream().map(TeamMember::name).toList());
		return "redirect:/callouts/" + id;
	}

	@PostMapping("/callouts/{id}/slots/{slotId}/signup")
	String signUp(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable UUID slotId,
			RedirectAttributes redirect) {
		UUID me = this.callOuts.memberFor(user).map(TeamMember::id).orElse(null);
		if (me == null) {
			redirect.addFlashAttribute("refused", "callouts.refused.notOnTeam");
			return "redirect:/callouts/" + id;
		}
		try {
			this.callOuts.signUp(user.shopId(), me, slotId, false);
			redirect.addFlashAttribute("signedUp", true);
		}
		catch (Refused ex) {
			redirect.addFlashAttribute("refused", ex.messageKey());
			redirect.addFlashAttribute("refusedSlot", slotId);
		}
		return "redirect:/callouts/" + id + "#slot-" + slotId;
	}

	@PostMapping("/callouts/{id}/slots/{slotId}/withdraw")
	String withdraw(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable UUID slotId) {
		this.callOuts.memberFor(user).ifPresent((me) -> this.callOuts.withdraw(user.shopId(), me.id(), slotId));
		return "redirect:/callouts/" + id + "#slot-" + slotId;
	}

	static Map<String, String> typed(String... pairs) {
		Map<String, String> typed = new HashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			typed.put(pairs[i], pairs[i + 1]);
		}
		return typed;
	}

	static <T> T parse(String typed, java.util.function.Function<String, T> parser) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			return parser.apply(typed.trim());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
