package app.extramile.system;

import java.time.ZoneId;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.extramile.shared.Role;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The one-time setup page: creates the first shop and its owner on an empty installation,
 * for whoever has the setup code from the server log ({@link SetupCode}).
 */
@Controller
class SetupController {

	/** What wrong setup codes are counted as in the sign-in throttle. */
	private static final String SETUP_CODE = "setup-code";

	private final Shops shops;

	private final Accounts accounts;

	private final SetupGate gate;

	private final SetupCode code;

	private final LoginThrottle throttle;

	private final int maxWrongCodes;

	SetupController(Shops shops, Accounts accounts, SetupGate gate, SetupCode code, LoginThrottle throttle,
			@Value("${extramile.setup.max-wrong-codes}") int maxWrongCodes) {
		this.shops = shops;
		this.accounts = accounts;
		this.gate = gate;
		this.code = code;
		this.throttle = throttle;
		this.maxWrongCodes = maxWrongCodes;
	}

	record SetupForm(@Size(max = 40) String setupCode, @NotBlank @Size(max = 120) String shopName,
			@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}") String shortName, @NotBlank String timeZone,
			@NotBlank @Size(max = 120) String ownerName,
			@NotBlank @Pattern(regexp = "[a-zA-Z0-9._-]{3,60}") String username,
			@NotBlank @Size(min = 12, max = 200) String password, String confirmPassword) {
	}

	/**
	 * The empty form is added here, not by a {@code @ModelAttribute} method: such a
	 * method also runs before the POST, and its immutable record would then stand in for
	 * the submitted form, so nothing typed would ever be bound.
	 */
	@GetMapping("/setup")
	String show(Model model) {
		if (this.gate.isSetUp()) {
			return "system/setup-done";
		}
		model.addAttribute("form", new SetupForm("", "", "", "Europe/London", "", "", "", ""));
		return "system/setup";
	}

	/**
	 * Creates the first shop and its owner, for the one setup that claims the setup code:
	 * the claim and the creation are one transaction, so of several setups at once the
	 * others wait on the claimed row and then find it used.
	 */
	@PostMapping("/setup")
	@Transactional
	String setUp(@Valid @ModelAttribute("form") SetupForm form, BindingResult result, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.gate.isSetUp()) {
			response.setStatus(HttpStatus.CONFLICT.value());
			return "system/setup-done";
		}
		String client = request.getRemoteAddr();
		if (this.throttle.isGuessingLocked(SETUP_CODE, client)) {
			result.rejectValue("setupCode", "setup.code.tooManyWrong");
		}
		else if (form.setupCode() == null || form.setupCode().isBlank()) {
			result.rejectValue("setupCode", "setup.code.missing");
		}
		else if (!this.code.matches(form.setupCode())) {
			this.throttle.failedGuess(SETUP_CODE, client, this.maxWrongCodes);
			result.rejectValue("setupCode", "setup.code.wrong");
		}
		if (!result.hasFieldErrors("password") && !form.password().equals(form.confirmPassword())) {
			result.rejectValue("confirmPassword", "setup.password.mismatch");
		}
		if (!result.hasFieldErrors("timeZone") && !ZoneId.getAvailableZoneIds().contains(form.timeZone())) {
			result.rejectValue("timeZone", "setup.timezone.unknown");
		}
		if (!result.hasFieldErrors("username") && this.accounts.usernameTaken(form.username())) {
			result.rejectValue("username", "account.username.taken");
		}
		if (result.hasErrors()) {
			return "system/setup";
		}
		if (!this.code.claim(form.setupCode())) {
			// another setup won a moment ago
			response.setStatus(HttpStatus.CONFLICT.value());
			return "system/setup-done";
		}
		Shop shop = this.shops.create(form.shortName(), form.shopName().trim(), ZoneId.of(form.timeZone()));
		this.accounts.create(shop.id(), form.username(), form.ownerName(), Role.OWNER, form.password());
		return "redirect:/login?welcome";
	}

}
