package app.extramile.community;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import app.extramile.shared.Pounds;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The community board for staff: add events, campaigns and notices, mark each public or
 * not, and add the day's charity takings from the till. A refusal comes back as a message
 * by the field; nothing was stored.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class CommunityController {

	private final CommunityBoard board;

	private final Shops shops;

	private final java.time.Clock clock;

	CommunityController(CommunityBoard board, Shops shops, java.time.Clock clock) {
		this.board = board;
		this.shops = shops;
		this.clock = clock;
	}

	@GetMapping("/community")
	String index(@AuthenticationPrincipal ShopUser user, Model model) {
		ZoneId zone = this.board.zone(user.shopId());
		model.addAttribute("events",
				this.board.upcomingEvents(user.shopId(), this.clock.instant(), false)
					.stream()
					.map((event) -> EventView.of(event, zone, LocaleContextHolder.getLocale()))
					.toList());
		model.addAttribute("campaigns", this.board.campaigns(user.shopId(), false));
		model.addAttribute("notices", this.board.currentNotices(user.shopId(), false));
		model.addAttribute("shop", this.shops.find(user.shopId()).orElse(null));
		model.addAttribute("today", LocalDate.now(this.clock.withZone(zone)));
		model.addAttribute("key", UUID.randomUUID().toString());
		return "community/index";
	}

	@PostMapping("/community/events")
	String addEvent(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String title,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startsAt,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime endsAt,
			@RequestParam(required = false) String place, @RequestParam(required = false) String organiser,
			@RequestParam(required = false) String details, @RequestParam(defaultValue = "false") boolean shownPublicly,
			RedirectAttributes redirect) {
		return attempt(redirect, "event", "community.done.eventAdded", "#events", () -> this.board.addEvent(user,
				new CommunityBoard.NewEvent(title, startsAt, endsAt, place, organiser, details, shownPublicly)));
	}

	@PostMapping("/community/events/{id}/remove")
	String removeEvent(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		this.board.removeEvent(user, id);
		redirect.addFlashAttribute("done", "community.done.eventRemoved");
		return "redirect:/community#events";
	}

	@PostMapping("/community/campaigns")
	String openCampaign(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String charity,
			@RequestParam(required = false) String target, @RequestParam(defaultValue = "false") boolean shownPublicly,
			RedirectAttributes redirect) {
		return attempt(redirect, "campaign", "community.done.campaignOpened", "#campaigns",
				() -> this.board.openCampaign(user, charity, pence(target, "target"), shownPublicly));
	}

	@PostMapping("/community/campaigns/{id}/takings")
	String addTakings(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @RequestParam String key,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate takenOn,
			@RequestParam(required = false) String amount, RedirectAttributes redirect) {
		return attempt(redirect, "takings-" + id, "community.done.takingsAdded", "#campaigns",
				() -> this.board.addTakings(user, id, takenOn, pence(amount, "amount"), key));
	}

	@PostMapping("/community/campaigns/{id}/close")
	String closeCampaign(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		this.board.closeCampaign(user, id);
		redirect.addFlashAttribute("done", "community.done.campaignClosed");
		return "redirect:/community#campaigns";
	}

	@PostMapping("/community/notices")
	String postNotice(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String body,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate untilOn,
			@RequestParam(defaultValue = "false") boolean shownPublicly, RedirectAttributes redirect) {
		return attempt(redirect, "notice", "community.done.noticePosted", "#notices",
				() -> this.board.postNotice(user, body, untilOn, shownPublicly));
	}

	@PostMapping("/community/notices/{id}/remove")
	String removeNotice(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		this.board.removeNotice(user, id);
		redirect.addFlashAttribute("done", "community.done.noticeRemoved");
		return "redirect:/community#notices";
	}

	private static String attempt(RedirectAttributes redirect, String form, String done, String anchor,
			Runnable write) {
		try {
			write.run();
			redirect.addFlashAttribute("done", done);
		}
		catch (Refused ex) {
			FormRefusal.of(form, ex, Map.of()).to(redirect);
		}
		return "redirect:/community" + anchor;
	}

	private static long pence(String typed, String field) {
		if (typed == null || typed.isBlank()) {
			throw new Refused(field, "community.refused.required");
		}
		Long minor = Pounds.parse(typed);
		if (minor == null) {
			throw new Refused(field, "community.refused.notMoney");
		}
		return minor;
	}

}
