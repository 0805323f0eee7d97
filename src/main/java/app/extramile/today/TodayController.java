package app.extramile.today;

import java.util.Locale;

import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /today}: where everyone signed in starts. {@code /today/live} is its counts and
 * sections alone, fetched again when something changes (server-sent events) and every
 * minute.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class TodayController {

	private final TodayBoard board;

	TodayController(TodayBoard board) {
		this.board = board;
	}

	@GetMapping("/today")
	String today(@AuthenticationPrincipal ShopUser user, Locale locale, Model model) {
		model.addAttribute("today", this.board.of(user, locale));
		return "today/today";
	}

	@GetMapping("/today/live")
	String live(@AuthenticationPrincipal ShopUser user, Locale locale, Model model) {
		model.addAttribute("today", this.board.of(user, locale));
		return "today/today :: live";
	}

}
