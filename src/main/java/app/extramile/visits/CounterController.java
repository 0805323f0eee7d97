package app.extramile.visits;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The counter: type two letters of a name (or scan a card) and tap "in today". Works with
 * htmx (fragments) and without it (full pages, Post/Redirect/Get).
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class CounterController {

	static final int MIN_QUERY = 2;

	private static final int RESULTS = 8;

	private final CustomerDirectory customers;

	private final VisitLog visits;

	CounterController(CustomerDirectory customers, VisitLog visits) {
		this.customers = customers;
		this.visits = visits;
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
		return checkIn(user, match.get().id().value(), htmx, model, redirect);
	}

	@PostMapping("/counter/visits")
	String checkIn(@AuthenticationPrincipal ShopUser user, @RequestParam("customerId") UUID customerId,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(customerId));
		Visit visit = this.visits.recordAtCounter(user, customer.id());
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
