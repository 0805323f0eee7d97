package app.extramile.system;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.extramile.customers.CareProfiles;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Language;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;

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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Owner settings: the team and invitations, the second factor rule, API tokens, and the
 * care access log. The security configuration limits {@code /settings/**} to owners.
 */
@Controller
class SettingsController {

	private final Accounts accounts;

	private final Invitations invitations;

	private final ApiTokens tokens;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final SecondFactors secondFactors;

	private final Shops shops;

	private final Languages languages;

	SettingsController(Accounts accounts, Invitations invitations, ApiTokens tokens, CustomerDirectory customers,
			CareProfiles careProfiles, SecondFactors secondFactors, Shops shops, Languages languages) {
		this.languages = languages;
		this.accounts = accounts;
		this.invitations = invitations;
		this.tokens = tokens;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.secondFactors = secondFactors;
		this.shops = shops;
	}

	record InviteForm(@NotBlank @Size(max = 120) String displayName, @NotNull Role role) {
	}

	record ShopForm(@Size(max = 300) String address, @Size(max = 40) @Pattern(regexp = "[0-9+() -]*") String phone) {
	}

	record TokenForm(@NotBlank @Size(max = 80) String name) {
	}

	@GetMapping("/settings")
	String settings(@AuthenticationPrincipal ShopUser owner, Model model) {
		if (!model.containsAttribute("inviteForm")) {
			model.addAttribute("inviteForm", new InviteForm("", Role.STAFF));
		}
		if (!model.containsAttribute("shopForm")) {
			Shops.ContactDetails details = this.shops.contactDetails(owner.shopId());
			model.addAttribute("shopForm", new ShopForm(details.address(), details.phone()));
		}
		if (!model.containsAttribute("tokenForm")) {
			model.addAttribute("tokenForm", new TokenForm(""));
		}
		model.addAttribute("languages", Language.values());
		model.addAttribute("shopLanguage", this.languages.ofShop(owner.shopId()));
		model.addAttribute("members", this.accounts.members(owner.shopId()));
		model.addAttribute("invitations", this.invitations.pending(owner.shopId()));
		model.addAttribute("tokens", this.tokens.list(owner.shopId()));
		model.addAttribute("ownersNeedSecondFactor", this.shops.ownersNeedSecondFactor(owner.shopId()));
		model.addAttribute("withSecondFactor", this.secondFactors.membersWithSecondFactor(owner.shopId()));
		model.addAttribute("careAccess", this.careProfiles.careAccessLog(owner, 50));
		model.addAttribute("memberNames",
				this.accounts.members(owner.shopId())
					.stream()
					.collect(java.util.stream.Collectors.toMap(Accounts.Member::id, Accounts.Member::displayName)));
		return "system/settings";
	}

	@PostMapping("/settings/shop")
	String updateShop(@AuthenticationPrincipal ShopUser owner, @Valid @ModelAttribute("shopForm") ShopForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return settings(owner, model);
		}
		this.shops.updateContactDetails(owner, form.address(), form.phone());
		redirect.addFlashAttribute("shopSaved", true);
		return "redirect:/settings#shop-heading";
	}

	/** The shop's own language; anything but a language we speak changes nothing. */
	@PostMapping("/settings/language")
	String shopLanguage(@AuthenticationPrincipal ShopUser owner, @RequestParam("language") String code,
			RedirectAttributes redirect) {
		Language.of(code).ifPresent((language) -> {
			this.languages.chooseForShop(owner, language);
			redirect.addFlashAttribute("languageSaved", true);
		});
		return "redirect:/settings#shop-language-heading";
	}

	@PostMapping("/settings/invitations")
	String invite(@AuthenticationPrincipal ShopUser owner, @Valid @ModelAttribute("inviteForm") InviteForm form,
			BindingResult result, Model model, HttpServletRequest request) {
		if (!result.hasFieldErrors("role") && form.role() != Role.STAFF && form.role() != Role.VOLUNTEER) {
			result.rejectValue("role", "invite.role.invalid");
		}
		if (result.hasErrors()) {
			return settings(owner, model);
		}
		String token = this.invitations.invite(owner, form.displayName(), form.role());
		model.addAttribute("inviteLink",
				ServletUriComponentsBuilder.fromContextPath(request).path("/invitations/{token}").build(token));
		model.addAttribute("invitedName", form.displayName());
		model.addAttribute("inviteForm", new InviteForm("", Role.STAFF));
		return settings(owner, model);
	}

	@PostMapping("/settings/tokens")
	String createToken(@AuthenticationPrincipal ShopUser owner, @Valid @ModelAttribute("tokenForm") TokenForm form,
			BindingResult result, Model model) {
		if (result.hasErrors()) {
			return settings(owner, model);
		}
		model.addAttribute("newToken", this.tokens.create(owner.shopId(), form.name(), owner.accountId()));
		model.addAttribute("tokenForm", new TokenForm(""));
		return settings(owner, model);
	}

	@PostMapping("/settings/tokens/{id}/revoke")
	String revokeToken(@AuthenticationPrincipal ShopUser owner, @PathVariable UUID id) {
		this.tokens.revoke(owner.shopId(), id);
		return "redirect:/settings";
	}

}
