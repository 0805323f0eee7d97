package app.extramile.system;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Everyone signed in starts from Today ({@code /today}, the today module).
 */
@Controller
class HomeController {

	@GetMapping("/")
	String home() {
		return "redirect:/today";
	}

}
