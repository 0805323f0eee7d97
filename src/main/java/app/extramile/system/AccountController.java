package app.extramile.system;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

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
import org.springframework.web.servlet.LocaleResolver;

/**
 * The signed-in person's own account: setting up, using and switching off a second
 * factor. Owners also decide here whether the shop's owners must use one, and may switch
 * a member's off (a lost phone and lost recovery codes).
 */
@Controller
class AccountController {

	private final SecondFactors secondFactors;

	private final SecondFactorSignIn secondStep;

	private final Shops shops;

	private final Accounts accounts;

	private final Languages languages;

	private final Display display;

	private final LocaleResolver locales;

	AccountController(SecondFactors secondFactors, SecondFactorSignIn secondStep, Shops shops, Accounts accounts,
			Languages languages, LocaleResolver locales, Display display) {
		this.display = display;
		this.languages = languages;
		this.locales = locales;
		this.secondFactors = secondFactors;
		this.secondStep = secondStep;
		this.shops = shops;
		this.accounts = accounts;
	}

	/** A code typed into a form: from the authenticator app, or a recovery code. */
	public record CodeForm(String code) {
	}

	@GetMapping("/account")
	String account(@AuthenticationPrincipal ShopUser user, Model model) {
		if (!model.containsAttribute("codeForm")) {
			model.addAttribute("codeForm", new CodeForm(""));
		}
		SecondFactors.Status status = this.secondFactors.status(user.accountId());
		model.addAttribute("status", status);
		if (status.settingUp() && !model.containsAttribute("enrolment")) {
			this.secondFactors.settingUp(user, shopName(user))
				.ifPresent((enrolment) -> model.addAttribute("enrolment", enrolment));
		}
		model.addAttribute("languages", Language.values());
		model.addAttribute("display", this.display.of(user.shopId(), user.accountId()));
		model.addAttribute("myLanguage", this.languages.ofAccount(user.shopId(), user.accountId()));
		model.addAttribute("required", this.secondStep.mustSetUp(user)
				|| (user.role() == Role.OWNER && this.shops.ownersNeedSecondFactor(user.shopId())));
		return "system/account";
	}

	/**
	 * The person chooses their language: kept on their account (texts and emails to them
	 * use it too) and in this browser. Back to the page they were on.
	 */
	@PostMapping("/account/language")
	String language(@AuthenticationPrincipal ShopUser user, @RequestParam("language") String code,
			@RequestParam(name = "back", required = false) String back, HttpServletRequest request,
			HttpServletResponse response) {
		Optional<Language> language = Language.of(code);
		if (language.isPresent()) {
			this.languages.choose(user, language.get());
			this.locales.setLocale(request, response, language.get().locale());
		}
		return "redirect:" + ((back != null && back.startsWith("/") && !back.startsWith("//") && !back.contains("\\"))
				? back : "/account");
	}

	/** Larger text, higher contrast: on the account and in this browser. */
	@PostMapping("/account/display")
	String display(@AuthenticationPrincipal ShopUser user,
			@RequestParam(name = "largeText", defaultValue = "false") boolean largeText,
			@RequestParam(name = "highContrast", defaultValue = "false") boolean highContrast,
			HttpServletResponse response) {
		Display.Preferences preferences = new Display.Preferences(largeText, highContrast);
		this.display.save(user, preferences);
		Display.remember(response, preferences);
		return "redirect:/account#display-heading";
	}

	@PostMapping("/account/second-factor")
	String begin(@AuthenticationPrincipal ShopUser user, Model model) {
		Optional<SecondFactors.Enrolment> enrolment = this.secondFactors.begin(user, shopName(user));
		if (enrolment.isEmpty()) {
			return "redirect:/account";
		}
		model.addAttribute("enrolment", enrolment.get());
		return account(user, model);
	}

	@PostMapping("/account/second-factor/confirm")
	String confirm(@AuthenticationPrincipal ShopUser user, @ModelAttribute("codeForm") CodeForm form,
			BindingResult result, Model model, HttpSession session) {
		Optional<List<String>> recoveryCodes = this.secondFactors.confirm(user, form.code());
		if (recoveryCodes.isEmpty()) {
			result.rejectValue("code", "account.secondFactor.code.wrong");
			return account(user, model);
		}
		session.removeAttribute(SecondFactorSignIn.MUST_SET_UP);
		model.addAttribute("recoveryCodes", recoveryCodes.get());
		model.addAttribute("codeForm", new CodeForm(""));
		return account(user, model);
	}

	@PostMapping("/account/second-factor/recovery-codes")
	String newRecoveryCodes(@AuthenticationPrincipal ShopUser user, @ModelAttribute("codeForm") CodeForm form,
			BindingResult result, Model model) {
		if (!this.secondFactors.verify(user.accountId(), form.code())) {
			result.rejectValue("code", "account.secondFactor.code.wrong");
			return account(user, model);
		}
		model.addAttribute("recoveryCodes", this.secondFactors.replaceRecoveryCodes(user.accountId(), user.shopId()));
		model.addAttribute("codeForm", new CodeForm(""));
		return account(user, model);
	}

	@PostMapping("/account/second-factor/off")
	String turnOff(@AuthenticationPrincipal ShopUser user, @ModelAttribute("codeForm") CodeForm form,
			BindingResult result, Model model) {
		if (user.role() == Role.OWNER && this.shops.ownersNeedSecondFactor(user.shopId())) {
			result.rejectValue("code", "account.secondFactor.off.required");
			return account(user, model);
		}
		if (!this.secondFactors.verify(user.accountId(), form.code())) {
			result.rejectValue("code", "account.secondFactor.code.wrong");
			return account(user, model);
		}
		this.secondFactors.turnOff(user.shopId(), user.accountId());
		return "redirect:/account?off";
	}

	/** The shop's rule: owners must sign in with a second factor. Owners only. */
	@PostMapping("/settings/second-factor")
	String ownersMustUseSecondFactor(@AuthenticationPrincipal ShopUser owner,
			@RequestParam(defaultValue = "false") boolean required, HttpSession session) {
		this.shops.requireSecondFactorForOwners(owner.shopId(), required);
		if (this.secondStep.mustSetUp(owner)) {
			session.setAttribute(SecondFactorSignIn.MUST_SET_UP, Boolean.TRUE);
			return "redirect:/account?required";
		}
		return "redirect:/settings?secondFactor";
	}

	/** An owner switches a member's second factor off (a lost phone and lost codes). */
	@PostMapping("/settings/members/{id}/second-factor/off")
	String turnOffForMember(@AuthenticationPrincipal ShopUser owner, @PathVariable UUID id) {
		if (this.accounts.members(owner.shopId()).stream().anyMatch((member) -> member.id().equals(id))) {
			this.secondFactors.turnOff(owner.shopId(), id);
		}
		return "redirect:/settings?secondFactorOff";
	}

	private String shopName(ShopUser user) {
		return this.shops.find(user.shopId()).map(Shop::name).orElse("");
	}

}
