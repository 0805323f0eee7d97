package app.extramile.visits;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.visits.VisitLog.Tap;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The counter: type two letters of a name (or scan a card) and tap "in today". Works with
 * htmx (fragments) and without it (full pages, Post/Redirect/Get).
 * <p>
 * With JavaScript every tap carries a key the browser made when it was tapped, and the
 * counter keeps working through a dropped line: {@code /counter-sw.js} keeps the page and
 * {@link #customers(ShopUser) the names} on the tablet, taps made meanwhile wait there
 * and are sent to {@link #tap} when the line is back, each recorded once whatever happens
 * to the answers ({@link VisitLog#recordTap}).
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class CounterController {

	static final int MIN_QUERY = 2;

	private static final int RESULTS = 8;

	private final CustomerDirectory customers;

	private final VisitLog visits;

	private final MessageSource messages;

	CounterController(CustomerDirectory customers, VisitLog visits, MessageSource messages) {
		this.customers = customers;
		this.visits = visits;
		this.messages = messages;
	}

	@GetMapping("/counter")
	String counter(@AuthenticationPrincipal ShopUser user, @RequestParam(name = "q", required = false) String query,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		String q = (query != null) ? query.trim() : "";
		model.addAttribute("q", q);
		results(user, (q.length() >= MIN_QUERY) ? this.customers.search(user.shopId(), q, RESULTS) : List.of(), model);
		model.addAttribute("tooShort", !q.isEmpty() && q.length() < MIN_QUERY);
		return (htmx != null) ? "visits/counter :: results" : "visits/counter";
	}

	/**
	 * Enter in the search box: a scanned card or a single match is checked in at once.
	 */
	@PostMapping("/counter/scan")
	String scan(@AuthenticationPrincipal ShopUser user, @RequestParam("q") String query,
			@RequestParam(name = "key", required = false) UUID key,
			@RequestParam(name = "ageMillis", required = false) Long ageMillis,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model, RedirectAttributes redirect,
			HttpServletResponse response) {
		String q = query.trim();
		Optional<Customer> match = this.customers.findByReference(user.shopId(), q).filter((c) -> !c.archived());
		if (match.isEmpty() && q.length() >= MIN_QUERY) {
			List<Customer> found = this.customers.search(user.shopId(), q, 2);
			if (found.size() == 1) {
				match = Optional.of(found.get(0));
			}
		}
		if (match.isEmpty()) {
			model.addAttribute("q", q);
			results(user, (q.length() >= MIN_QUERY) ? this.customers.search(user.shopId(), q, RESULTS) : List.of(),
					model);
			model.addAttribute("tooShort", q.length() < MIN_QUERY);
			model.addAttribute("pickOne", true);
			return (htmx != null) ? "visits/counter :: results" : "visits/counter";
		}
		if (htmx != null) {
			response.setHeader("HX-Retarget", "#status");
			response.setHeader("HX-Reswap", "innerHTML");
		}
		return checkIn(user, match.get().id().value(), key, ageMillis, htmx, model, redirect);
	}

	/**
	 * "In today". With a key (the counter's script adds one to every tap) a resend of the
	 * same tap records nothing more and answers as the first did.
	 */
	@PostMapping("/counter/visits")
	String checkIn(@AuthenticationPrincipal ShopUser user, @RequestParam("customerId") UUID customerId,
			@RequestParam(name = "key", required = false) UUID key,
			@RequestParam(name = "ageMillis", required = false) Long ageMillis,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(customerId));
		Visit visit;
		if (key != null) {
			try {
				Tap tap = this.visits.recordTap(user, customer.id(), key,
						Duration.ofMillis((ageMillis != null) ? ageMillis : 0));
				visit = new Visit(tap.visitId(), customer.id(), tap.seenAt(), Visit.Source.COUNTER, null);
			}
			catch (Refused refused) {
				if (htmx != null) {
					model.addAttribute("refusedKey", refused.messageKey());
					model.addAttribute("refusedName", customer.callName());
					return "visits/counter :: refused";
				}
				redirect.addFlashAttribute("refusedKey", refused.messageKey());
				redirect.addFlashAttribute("refusedName", customer.callName());
				return "redirect:/counter";
			}
		}
		else {
			visit = this.visits.recordAtCounter(user, customer.id());
		}
		if (htmx != null) {
			model.addAttribute("customer", customer);
			model.addAttribute("visit", visit);
			model.addAttribute("undoSeconds", VisitLog.UNDO_WINDOW.toSeconds());
			return "visits/counter :: recorded";
		}
		redirect.addFlashAttribute("recordedName", customer.callName());
		redirect.addFlashAttribute("recordedVisit", visit.id());
		return "redirect:/counter";
	}

	/**
	 * A tap kept on the tablet while the line was down, sent now: {@code ageMillis} is
	 * how long ago it was tapped, by the tablet's clock. Answers what happened as JSON,
	 * for the counter's script: {@code recorded}, {@code already} (this key was recorded
	 * before) or, with 422, {@code refused} and the reason to show.
	 */
	@PostMapping("/counter/taps")
	@ResponseBody
	ResponseEntity<TapAnswer> tap(@AuthenticationPrincipal ShopUser user, @RequestParam("customerId") UUID customerId,
			@RequestParam("key") UUID key, @RequestParam("ageMillis") long ageMillis) {
		try {
			Tap tap = this.visits.recordTap(user, new CustomerId(customerId), key, Duration.ofMillis(ageMillis));
			return ResponseEntity
				.ok(new TapAnswer(key, tap.replayed() ? "already" : "recorded", tap.visitId(), tap.seenAt(), null));
		}
		catch (Refused refused) {
			return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
				.body(new TapAnswer(key, "refused", null, null,
						this.messages.getMessage(refused.messageKey(), null, LocaleContextHolder.getLocale())));
		}
	}

	/** What became of a tap sent from the tablet. */
	record TapAnswer(UUID key, String outcome, UUID visitId, Instant seenAt, String message) {
	}

	/**
	 * The names the counter shows, for the tablet to find customers while the line is
	 * down: only what the counter's results show (name, known-as name, address line); no
	 * care data, no phone numbers, no card numbers.
	 */
	@GetMapping("/counter/customers")
	@ResponseBody
	List<CounterName> customers(@AuthenticationPrincipal ShopUser user) {
		return this.customers.list(user.shopId(), false, Integer.MAX_VALUE, 0)
			.stream()
			.map((c) -> new CounterName(c.id().value(), c.name(), blankToNull(c.preferredName()),
					blankToNull(c.addressLine())))
			.toList();
	}

	record CounterName(UUID id, String name, String knownAs, String address) {
	}

	/**
	 * Still signed in? The counter's script asks before it sends kept taps: a fresh CSRF
	 * token (the page it holds may be older than the session) and the shop, so a tablet
	 * signed in to another shop since sends nothing of this one's. Signed out, Spring
	 * Security answers with its redirect to the sign-in page instead.
	 */
	@GetMapping("/counter/session")
	@ResponseBody
	SessionAnswer session(@AuthenticationPrincipal ShopUser user, CsrfToken csrf) {
		return new SessionAnswer(user.shopId().value(), csrf.getHeaderName(), csrf.getToken());
	}

	record SessionAnswer(UUID shop, String header, String token) {
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * The customers found, and when those already in today were last seen, so nobody is
	 * recorded twice by mistake.
	 */
	private void results(ShopUser user, List<Customer> found, Model model) {
		model.addAttribute("results", found);
		model.addAttribute("inToday", this.visits.inToday(user.shopId(), found.stream().map(Customer::id).toList()));
	}

	@PostMapping("/counter/visits/{visitId}/undo")
	String undo(@AuthenticationPrincipal ShopUser user, @PathVariable UUID visitId,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect) {
		boolean undone = this.visits.undo(user, visitId);
		if (htmx != null) {
			model.addAttribute("undone", undone);
			return "visits/counter :: undone";
		}
		redirect.addFlashAttribute(undone ? "undone" : "undoTooLate", true);
		return "redirect:/counter";
	}

}
