package app.extramile.system;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.extramile.shared.ShopUser;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of signing in: the code from the authenticator app, or a recovery code.
 * Wrong codes are counted with wrong passwords for the same name and address
 * ({@link LoginThrottle}), so guessing codes locks out as guessing passwords does.
 */
@Controller
class SignInCodeController {

	private final SecondFactorSignIn secondStep;

	private final SecondFactors secondFactors;

	private final Accounts accounts;

	private final LoginThrottle throttle;

	SignInCodeController(SecondFactorSignIn secondStep, SecondFactors secondFactors, Accounts accounts,
			LoginThrottle throttle) {
		this.secondStep = secondStep;
		this.secondFactors = secondFactors;
		this.accounts = accounts;
		this.throttle = throttle;
	}

	@GetMapping("/login/code")
	String codePage(HttpServletRequest request, Model model) {
		if (this.secondStep.pending(request).isEmpty()) {
			return "redirect:/login?expired";
		}
		model.addAttribute("wrong", request.getParameter("error") != null);
		return "system/login-code";
	}

	@PostMapping("/login/code")
	void code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		Optional<SecondFactorSignIn.Pending> pending = this.secondStep.pending(request);
		if (pending.isEmpty()) {
			redirect(request, response, "/login?expired");
			return;
		}
		String username = pending.get().username();
		String source = request.getRemoteAddr();
		if (this.throttle.isLocked(username, source)) {
			this.secondStep.forget(request);
			redirect(request, response, "/login?locked");
			return;
		}
		Optional<ShopUser> user = this.accounts.findForLogin(username);
		if (user.isEmpty()) {
			this.secondStep.forget(request);
			redirect(request, response, "/login?error");
			return;
		}
		if (!this.secondFactors.verify(user.get().accountId(), code)) {
			this.throttle.failed(username, source);
			redirect(request, response,
					this.throttle.isLocked(username, source) ? "/login?locked" : "/login/code?error");
			return;
		}
		this.throttle.succeeded(username, source);
		this.secondStep.complete(request, response, user.get());
	}

	private static void redirect(HttpServletRequest request, HttpServletResponse response, String path)
			throws IOException {
		response.sendRedirect(request.getContextPath() + path);
	}

}
