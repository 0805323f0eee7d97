package app.extramile.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * In-app notices stay until dealt with: every page shows the signed-in person's notices
 * not yet opened or dismissed ({@code GET /notices}, fetched by the layout when a page
 * loads and whenever a new one arrives over {@code /live}). Opening one (its Open link)
 * or dismissing it deals with it, on every device.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class NoticesController {

	/** How many notices a page shows; the rest are counted. */
	static final int SHOWN = 3;

	/**
	 * Notices older than this are no longer shown (they were sent by SMS or email too).
	 */
	static final Duration KEPT = Duration.ofDays(7);

	private final Notifications notifications;

	private final Texts texts;

	private final Clock clock;

	NoticesController(Notifications notifications, Texts texts, Clock clock) {
		this.notifications = notifications;
		this.texts = texts;
		this.clock = clock;
	}

	/** One notice as a page shows it. */
	record Notice(UUID id, String title, Instant at) {
	}

	@GetMapping("/notices")
	String notices(@AuthenticationPrincipal ShopUser user, Locale locale, Model model) {
		Instant since = this.clock.instant().minus(KEPT);
		List<Notice> notices = this.notifications.waitingFor(user.shopId(), user.accountId(), since, SHOWN)
			.stream()
			.map((row) -> new Notice(row.id(), this.texts.render(row.messageKey(), row.args(), locale).subject(),
					row.createdAt()))
			.toList();
		model.addAttribute("notices", notices);
		model.addAttribute("more",
				Math.max(0, this.notifications.waitingCount(user.shopId(), user.accountId(), since) - notices.size()));
		return "notifications/notices :: notices";
	}

	/** Opens what the notice is about, and counts it as dealt with. */
	@GetMapping("/notices/{id}/open")
	String open(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		return this.notifications.dealWith(user.shopId(), user.accountId(), id, this.clock.instant())
			.map((row) -> row.args().linkPath())
			.filter((path) -> path.startsWith("/") && !path.startsWith("//"))
			.map((path) -> "redirect:" + path)
			.orElse("redirect:/today");
	}

	@PostMapping("/notices/{id}/dismiss")
	String dismiss(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Locale locale, Model model) {
		this.notifications.dealWith(user.shopId(), user.accountId(), id, this.clock.instant());
		return (htmx != null) ? notices(user, locale, model) : "redirect:/today";
	}

	@PostMapping("/notices/dismiss-all")
	String dismissAll(@AuthenticationPrincipal ShopUser user,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Locale locale, Model model) {
		this.notifications.dealWithAll(user.shopId(), user.accountId(), this.clock.instant());
		return (htmx != null) ? notices(user, locale, model) : "redirect:/today";
	}

}
