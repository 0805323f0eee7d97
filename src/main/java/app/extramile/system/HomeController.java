package app.extramile.system;

import app.extramile.shared.ShopUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

	@GetMapping("/")
	String home(@AuthenticationPrincipal ShopUser user) {
		return user.mayReadCareProfile() ? "redirect:/counter" : "system/home";
	}

}
