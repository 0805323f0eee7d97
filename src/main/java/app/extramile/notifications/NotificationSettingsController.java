package app.extramile.notifications;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Accounts.ContactDetails;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Owner settings for notifications: whether email and SMS are on (a warning when not),
 * what could not be delivered, and how each team member is reached. The settings page
 * loads the status part by URL ({@code /settings/notifications/status}), so the system
 * module does not depend on this one. {@code /settings/**} is for owners only.
 */
@Controller
class NotificationSettingsController {

	private static final int FAILED_SHOWN = 50;

	private final Notifier notifier;

	private final Accounts accounts;

	NotificationSettingsController(Notifier notifier, Accounts accounts) {
		this.notifier = notifier;
		this.accounts = accounts;
	}

	record ContactForm(@Size(max = 200) @Pattern(regexp = "|[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email,
			@Size(max = 30) @Pattern(regexp = "|\\+?[0-9 ()-]{7,25}") String phone) {
	}

	@GetMapping("/settings/notifications")
	String settings(@AuthenticationPrincipal ShopUser owner, Model model) {
		status(model);
		List<ContactDetails> members = this.accounts.contactDetails(owner.shopId());
		model.addAttribute("members", members);
		model.addAttribute("memberNames",
				members.stream().collect(Collectors.toMap(ContactDetails::id, ContactDetails::displayName)));
		model.addAttribute("failed", this.notifier.failed(owner.shopId(), FAILED_SHOWN));
		return "notifications/settings";
	}

	/** The warnings alone, for the settings page (htmx loads it). */
	@GetMapping("/settings/notifications/status")
	String status(Model model) {
		model.addAttribute("smsConfigured", this.notifier.smsConfigured());
		model.addAttribute("emailConfigured", this.notifier.emailConfigured());
		return "notifications/settings :: status";
	}

	@GetMapping("/settings/notifications/members/{id}")
	String editMember(@AuthenticationPrincipal ShopUser owner, @PathVariable UUID id, Model model) {
		ContactDetails member = member(owner, id);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new ContactForm(member.email(), member.phone()));
		}
		model.addAttribute("member", member);
		return "notifications/member-form";
	}

	@PostMapping("/settings/notifications/members/{id}")
	String saveMember(@AuthenticationPrincipal ShopUser owner, @PathVariable UUID id,
			@Valid @ModelAttribute("form") ContactForm form, BindingResult result, Model model) {
		ContactDetails member = member(owner, id);
		if (result.hasErrors()) {
			model.addAttribute("member", member);
			return "notifications/member-form";
		}
		this.accounts.updateContactDetails(owner.shopId(), id, form.email(), form.phone());
		return "redirect:/settings/notifications";
	}

	private ContactDetails member(ShopUser owner, UUID id) {
		return this.accounts.contactDetails(owner.shopId(), id).orElseThrow(() -> new NotFoundException("Team member"));
	}

}
