package app.extramile.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Where an invited person chooses a username and password.
 */
@Controller
class InvitationController {

	private final Invitations invitations;

	private final Accounts accounts;

	InvitationController(Invitations invitations, Accounts accounts) {
		this.invitations = invitations;
		this.accounts = accounts;
	}

	record AcceptForm(@NotBlank @Pattern(regexp = "[a-zA-Z0-9._-]{3,60}") String username,
			@NotBlank @Size(min = 12, max = 200) String password, String confirmPassword) {
	}

	@GetMapping("/invitations/{token}")
	String show(@PathVariable String token, Model model) {
		var invitation = this.invitations.findOpen(token);
		if (invitation.isEmpty()) {
			return "system/invitation-gone";
		}
		model.addAttribute("invitation", invitation.get());
		model.addAttribute("form", new AcceptForm("", "", ""));
		return "system/invitation";
	}

	@PostMapping("/invitations/{token}")
	String accept(@PathVariable String token, @Valid @ModelAttribute("form") AcceptForm form, BindingResult result,
			Model model) {
		var invitation = this.invitations.findOpen(token);
		if (invitation.isEmpty()) {
			return "system/invitation-gone";
		}
		if (!result.hasFieldErrors("password") && !form.password().equals(form.confirmPassword())) {
			result.rejectValue("confirmPassword", "setup.password.mismatch");
		}
		if (!result.hasFieldErrors("username") && this.accounts.usernameTaken(form.username())) {
			result.rejectValue("username", "account.username.taken");
		}
		if (result.hasErrors()) {
			model.addAttribute("invitation", invitation.get());
			return "system/invitation";
		}
		if (!this.invitations.accept(token, form.username(), form.password())) {
			return "system/invitation-gone";
		}
		return "redirect:/login?welcome";
	}

}
