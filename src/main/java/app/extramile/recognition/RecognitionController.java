package app.extramile.recognition;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.team.Team;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The team's thank-you board: everyone on the team may read it and thank a colleague. A
 * link from an errand, check, alarm or call-out page may pass what the thanks is about
 * ({@code ?aboutKind=WELFARE_CHECK&aboutId=...}) and who ({@code &toMemberId=...}); a
 * form elsewhere (a colleague's request, done) may post here directly.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class RecognitionController {

	private static final int BOARD_SIZE = 50;

	private final Recognition recognition;

	private final Team team;

	RecognitionController(Recognition recognition, Team team) {
		this.recognition = recognition;
		this.team = team;
	}

	@GetMapping("/team/thanks")
	String board(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String aboutKind,
			@RequestParam(required = false) UUID aboutId, @RequestParam(required = false) UUID toMemberId,
			Model model) {
		model.addAttribute("thanks", this.recognition.recent(user.shopId(), BOARD_SIZE));
		model.addAttribute("members",
				this.team.members(user.shopId())
					.stream()
					.filter((m) -> m.accountId() == null || !m.accountId().equals(user.accountId()))
					.toList());
		if (!model.containsAttribute("form")) {
			Map<String, String> form = new HashMap<>();
			if (aboutKind != null && Recognition.ABOUT_KINDS.contains(aboutKind) && aboutId != null) {
				form.put("aboutKind", aboutKind);
				form.put("aboutId", aboutId.toString());
			}
			if (toMemberId != null) {
				form.put("toMemberId", toMemberId.toString());
			}
			model.addAttribute("form", form);
		}
		return "recognition/thanks";
	}

	@PostMapping("/team/thanks")
	String thank(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String toMemberId,
			@RequestParam(required = false) String note, @RequestParam(required = false) String aboutKind,
			@RequestParam(required = false) String aboutId, Model model, RedirectAttributes redirect) {
		try {
			this.recognition.thank(user, uuid(toMemberId), note, aboutKind, uuid(aboutId));
			redirect.addFlashAttribute("thanked", true);
			return "redirect:/team/thanks";
		}
		catch (Refused ex) {
			Map<String, String> form = new HashMap<>();
			form.put("toMemberId", toMemberId);
			form.put("note", note);
			form.put("aboutKind", aboutKind);
			form.put("aboutId", aboutId);
			model.addAttribute("form", form);
			FormRefusal.of(ex).to(model);
			return board(user, null, null, null, model);
		}
	}

	private static UUID uuid(String typed) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(typed.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
