package app.extramile.alarms;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

import app.extramile.alarms.AlarmDesk.Responding;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A responder's phone page, opened from the link in their text: no login, the token in
 * the link is the key (only its digest is stored). "I'm going", then "I've arrived" and
 * how it ended; the access notes only for the one who is going, while the alarm is on.
 */
@Controller
class RespondController {

	private final AlarmDesk desk;

	private final CustomerDirectory customers;

	private final Shops shops;

	private final Clock clock;

	RespondController(AlarmDesk desk, CustomerDirectory customers, Shops shops, Clock clock) {
		this.desk = desk;
		this.customers = customers;
		this.shops = shops;
		this.clock = clock;
	}

	@GetMapping("/respond/{token}")
	String page(@PathVariable String token, Model model) {
		return page(who(token), token, model, null, false);
	}

	private String page(Responding who, String token, Model model, String notes, boolean revealed) {
		Alarm alarm = this.desk.alarm(who.shopId(), who.alarmId());
		boolean mine = who.memberId().equals(alarm.ackedBy());
		model.addAttribute("token", token);
		model.addAttribute("who", who);
		model.addAttribute("alarm", alarm);
		model.addAttribute("customer", this.customers.get(who.shopId(), alarm.customerId()));
		model.addAttribute("mine", mine);
		model.addAttribute("mayReveal", mine && "ACKNOWLEDGED".equals(alarm.status()));
		model.addAttribute("accessNotes", notes);
		model.addAttribute("revealed", revealed);
		model.addAttribute("now", this.clock.instant());
		// no login here, so the shop's own time zone, not the signed-in person's
		model.addAttribute("receivedAt",
				DateTimeFormatter.ofPattern("HH:mm").format(alarm.receivedAt().atZone(this.shops.zone(who.shopId()))));
		model.addAttribute("outcomes", AlarmOutcome.values());
		return "alarms/respond";
	}

	@PostMapping("/respond/{token}/going")
	String going(@PathVariable String token, RedirectAttributes redirect) {
		if (!this.desk.acknowledge(who(token))) {
			redirect.addFlashAttribute("taken", true);
		}
		return "redirect:/respond/" + token;
	}

	@PostMapping("/respond/{token}/arrived")
	String arrived(@PathVariable String token) {
		this.desk.arrived(who(token));
		return "redirect:/respond/" + token;
	}

	@PostMapping("/respond/{token}/resolve")
	String resolve(@PathVariable String token, @RequestParam AlarmOutcome outcome) {
		this.desk.resolve(who(token), outcome);
		return "redirect:/respond/" + token;
	}

	/**
	 * The logged reveal of the access notes, shown on the page itself; nothing for anyone
	 * but the responder who is going.
	 */
	@PostMapping("/respond/{token}/access")
	String access(@PathVariable String token, Model model) {
		Responding who = who(token);
		String notes = this.desk.revealAccessNotes(who).orElse(null);
		return page(who, token, model, notes, true);
	}

	/**
	 * A signed-in team member answers a live alarm from Today: they get a responder link
	 * of their own and go to its page.
	 */
	@PostMapping("/alarms/{id}/answer")
	@PreAuthorize("isAuthenticated()")
	String answer(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		return this.desk.answer(user, id).map((path) -> "redirect:" + path).orElseGet(() -> {
			redirect.addFlashAttribute("alarmOver", true);
			return "redirect:/today";
		});
	}

	private Responding who(String token) {
		return this.desk.responding(token).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
