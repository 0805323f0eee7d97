package app.extramile.customers.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.validation.Valid;

import app.extramile.customers.AwayNotices;
import app.extramile.customers.CareProfile;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consents;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.CustomerRecords;
import app.extramile.customers.Geocoder;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.Language;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Customer list, profile page, and the profile form. Volunteers cannot list or search
 * customers; a customer's page shows them the name, address and phone numbers only (what
 * a task needs), and the care parts are not even loaded for them.
 */
@Controller
class CustomerController {

	private static final int PAGE = 50;

	private final CustomerDirectory customers;

	private final AwayNotices awayNotices;

	private final Consents consents;

	private final MissedVisitPlans missedVisitPlans;

	private final CareProfiles careProfiles;

	private final CustomerRecords records;

	private final Geocoder geocoder;

	CustomerController(CustomerDirectory customers, AwayNotices awayNotices, Consents consents,
			MissedVisitPlans missedVisitPlans, CareProfiles careProfiles, CustomerRecords records, Geocoder geocoder) {
		this.customers = customers;
		this.awayNotices = awayNotices;
		this.consents = consents;
		this.missedVisitPlans = missedVisitPlans;
		this.careProfiles = careProfiles;
		this.records = records;
		this.geocoder = geocoder;
	}

	@ModelAttribute("geocoderOn")
	boolean geocoderOn() {
		return this.geocoder.configured();
	}

	/**
	 * Find from postcode, for htmx: answers the location part of the form, filled when
	 * the geocoder knows the postcode, else as typed with a message saying why. Nothing
	 * is saved; the rest of the form stays as typed in the browser.
	 */
	@PostMapping("/customers/location")
	@PreAuthorize("hasRole('STAFF')")
	String location(@ModelAttribute("form") CustomerForm form, BindingResult result, Model model) {
		locate(form, model);
		return "customers/form :: location";
	}

	/**
	 * Looks the form's postcode up and puts the answer (and the filled form) in the
	 * model.
	 */
	private void locate(CustomerForm form, Model model) {
		Geocoder.Answer answer = this.geocoder.locate(form.postcode());
		model.addAttribute("postcodeTyped", (form.postcode() != null) ? form.postcode().strip() : "");
		model.addAttribute("locationFound", answer instanceof Geocoder.Found);
		model.addAttribute("locationMessage", messageFor(answer));
		if (answer instanceof Geocoder.Found found) {
			// Replacing the form drops its binding result, so the found numbers are
			// shown.
			model.addAttribute("form", form.located(found.latitude(), found.longitude()));
		}
	}

	private static String messageFor(Geocoder.Answer answer) {
		if (answer instanceof Geocoder.Found) {
			return "customer.location.found";
		}
		if (answer instanceof Geocoder.NotFound) {
			return "customer.location.notFound";
		}
		if (answer instanceof Geocoder.NoPostcode) {
			return "customer.location.noPostcode";
		}
		if (answer instanceof Geocoder.Unavailable) {
			return "customer.location.unavailable";
		}
		return "customer.location.byHand";
	}

	/**
	 * On save with no location typed, the postcode's location when the geocoder knows it.
	 * When it does not (or is down), the customer is saved without one and the profile
	 * page says so: a lookup never stops a customer being added.
	 */
	private CustomerForm withLocation(CustomerForm form, RedirectAttributes redirect) {
		if (!form.noLocation() || !form.hasPostcode() || !this.geocoder.configured()) {
			return form;
		}
		Geocoder.Answer answer = this.geocoder.locate(form.postcode());
		if (answer instanceof Geocoder.Found found) {
			return form.located(found.latitude(), found.longitude());
		}
		redirect.addFlashAttribute("locationNote", (answer instanceof Geocoder.Unavailable)
				? "customer.location.savedWithoutDown" : "customer.location.savedWithout");
		redirect.addFlashAttribute("postcodeTyped", form.postcode().strip());
		return form;
	}

	@GetMapping("/customers")
	@PreAuthorize("hasRole('STAFF')")
	String list(@AuthenticationPrincipal ShopUser user, @RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "page", defaultValue = "0") int page, Model model) {
		int safePage = Math.max(0, page);
		model.addAttribute("q", (query != null) ? query : "");
		model.addAttribute("customers",
				(query != null && !query.isBlank()) ? this.customers.search(user.shopId(), query, PAGE)
						: this.customers.list(user.shopId(), false, PAGE + 1, safePage * PAGE));
		model.addAttribute("page", safePage);
		model.addAttribute("pageSize", PAGE);
		return "customers/list";
	}

	private static final String FROM_COUNTER = "counter";

	@GetMapping("/customers/new")
	@PreAuthorize("hasRole('STAFF')")
	String newCustomer(@RequestParam(name = "name", required = false) String name,
			@RequestParam(name = "from", required = false) String from, Model model) {
		model.addAttribute("form", CustomerForm.named(name));
		model.addAttribute("fromCounter", FROM_COUNTER.equals(from));
		return "customers/form";
	}

	/**
	 * Adds a customer. Added from the counter (nobody matched what was typed), it goes
	 * back to the counter with the new customer found, one tap from "In today".
	 */
	@PostMapping("/customers")
	@PreAuthorize("hasRole('STAFF')")
	String create(@AuthenticationPrincipal ShopUser user, @Valid @ModelAttribute("form") CustomerForm form,
			BindingResult result, @RequestParam(name = "from", required = false) String from,
			@RequestParam(name = "locate", required = false) String locate, Model model, RedirectAttributes redirect) {
		boolean fromCounter = FROM_COUNTER.equals(from);
		model.addAttribute("fromCounter", fromCounter);
		if (locate != null) {
			locate(form, model);
			return "customers/form";
		}
		validate(form, result);
		if (result.hasErrors()) {
			return "customers/form";
		}
		try {
			CustomerId id = this.customers.register(user.shopId(), withLocation(form, redirect).details());
			if (fromCounter) {
				redirect.addFlashAttribute("addedName", form.name().strip());
				// The flash message is kept for the request with this very query.
				return "redirect:" + UriComponentsBuilder.fromPath("/counter")
					.queryParam("q", form.name().strip())
					.encode()
					.build()
					.toUriString();
			}
			return "redirect:/customers/" + id;
		}
		catch (DuplicateKeyException ex) {
			result.rejectValue("reference", "customer.reference.taken");
			return "customers/form";
		}
	}

	@GetMapping("/customers/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		model.addAttribute("customer", customer);
		model.addAttribute("mayReadCare", user.mayReadCareProfile());
		if (user.mayReadCareProfile()) {
			CareProfile care = this.careProfiles.forShowing(user, customer.id()).orElse(null);
			model.addAttribute("care", care);
			model.addAttribute("hasCareNotes", this.careProfiles.hasNotes(user, customer.id(), true));
			model.addAttribute("hasAccessNotes", this.careProfiles.hasNotes(user, customer.id(), false));
			model.addAttribute("contacts", this.missedVisitPlans.contacts(user, customer.id()));
			model.addAttribute("notes", this.customers.notesOf(user, customer.id()).orElse(null));
			model.addAttribute("actsAtAmber", this.missedVisitPlans.actsAtAmber(user.shopId(), customer.id()));
			model.addAttribute("consent", this.consents.current(user.shopId(), customer.id()).orElse(null));
			model.addAttribute("awayNotices",
					this.awayNotices.of(user.shopId(), customer.id(), LocalDate.now(ZoneOffset.UTC).minusDays(1)));
		}
		model.addAttribute("isOwner", user.role() == Role.OWNER);
		model.addAttribute("languages", Language.values());
		model.addAttribute("customerLanguage", this.customers.language(user.shopId(), customer.id()).orElse(null));
		if (user.role() == Role.OWNER) {
			model.addAttribute("erasedAt", this.records.erasedAt(user.shopId(), customer.id()).orElse(null));
		}
		return "customers/show";
	}

	@GetMapping("/customers/{id}/edit")
	@PreAuthorize("hasRole('STAFF')")
	String edit(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		model.addAttribute("customer", customer);
		model.addAttribute("form", CustomerForm.of(customer));
		return "customers/form";
	}

	@PostMapping("/customers/{id}")
	@PreAuthorize("hasRole('STAFF')")
	String update(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("form") CustomerForm form, BindingResult result,
			@RequestParam(name = "locate", required = false) String locate, Model model, RedirectAttributes redirect) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		if (locate != null) {
			model.addAttribute("customer", customer);
			locate(form, model);
			return "customers/form";
		}
		validate(form, result);
		if (result.hasErrors()) {
			model.addAttribute("customer", customer);
			return "customers/form";
		}
		try {
			this.customers.update(user.shopId(), customer.id(), withLocation(form, redirect).details());
		}
		catch (DuplicateKeyException ex) {
			result.rejectValue("reference", "customer.reference.taken");
			model.addAttribute("customer", customer);
			return "customers/form";
		}
		return "redirect:/customers/" + id;
	}

	/** Which language the customer reads: blank for the shop's. */
	@PostMapping("/customers/{id}/language")
	@PreAuthorize("hasRole('STAFF')")
	String language(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(name = "language", required = false) String code) {
		this.customers.setLanguage(user.shopId(), new CustomerId(id), Language.of(code));
		return "redirect:/customers/" + id;
	}

	@PostMapping("/customers/{id}/archive")
	@PreAuthorize("hasRole('STAFF')")
	String archive(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.customers.archive(user.shopId(), new CustomerId(id));
		return "redirect:/customers/" + id;
	}

	@PostMapping("/customers/{id}/restore")
	@PreAuthorize("hasRole('STAFF')")
	String restore(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.customers.restore(user.shopId(), new CustomerId(id));
		return "redirect:/customers/" + id;
	}

	private static void validate(CustomerForm form, BindingResult result) {
		if (form.halfALocation() && !result.hasFieldErrors("latitude") && !result.hasFieldErrors("longitude")) {
			result.rejectValue((form.latitude() == null) ? "latitude" : "longitude", "customer.location.both");
		}
	}

}
