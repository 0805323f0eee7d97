package app.extramile.today;

import java.util.Arrays;
import java.util.Locale;

import app.extramile.shared.NotFoundException;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * {@code /today}: where everyone signed in starts. {@code /today/live} is its counts and
 * sections alone, fetched again when something changes (server-sent events) and every
 * minute.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class TodayController {

	private final TodayBoard board;

	private final GettingStarted gettingStarted;

	TodayController(TodayBoard board, GettingStarted gettingStarted) {
		this.board = board;
		this.gettingStarted = gettingStarted;
	}

	@GetMapping("/today")
	String today(@AuthenticationPrincipal ShopUser user, Locale locale, Model model) {
		model.addAttribute("today", this.board.of(user, locale));
		model.addAttribute("gettingStarted", this.gettingStarted.of(user).orElse(null));
		return "today/today";
	}

	@PostMapping("/today/getting-started/{step}/skip")
	@PreAuthorize("hasRole('OWNER')")
	String skip(@AuthenticationPrincipal ShopUser user, @PathVariable String step) {
		GettingStarted.Step which = Arrays.stream(GettingStarted.Step.values())
			.filter((s) -> s.key().equals(step))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("getting-started step " + step));
		this.gettingStarted.skip(user, which);
		return "redirect:/today#getting-started";
	}

	@PostMapping("/today/getting-started/hide")
	@PreAuthorize("hasRole('OWNER')")
	String hide(@AuthenticationPrincipal ShopUser user) {
		this.gettingStarted.hide(user);
		return "redirect:/today";
	}

	@GetMapping("/today/live")
	String live(@AuthenticationPrincipal ShopUser user, Locale locale, Model model) {
		model.addAttribute("today", this.board.of(user, locale));
		return "today/today :: live";
	}

}
