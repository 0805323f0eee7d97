package app.extramile.customers.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.validation.Valid;

import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.ConsentMissingException;
import app.extramile.customers.Consents;
import app.extramile.customers.Contact;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.customers.web.CareForms.AwayForm;
import app.extramile.customers.web.CareForms.CareForm;
import app.extramile.customers.web.CareForms.ContactForm;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The care side of a customer: care profile, missed-visit plan and away notices (consent
 * is {@link ConsentController}). Owners and staff only, checked here and again in
 * {@link CustomerDirectory}.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class CareController {

	private final CustomerDirectory customers;

	private final AwayNotices awayNotices;

	private final Consents consents;

	private final MissedVisitPlans missedVisitPlans;

	private final CareProfiles careProfiles;

	CareController(CustomerDirectory customers, AwayNotices awayNotices, Consents consents,
			MissedVisitPlans missedVisitPlans, CareProfiles careProfiles) {
		this.customers = customers;
		this.awayNotices = awayNotices;
		this.consents = consents;
		this.missedVisitPlans = missedVisitPlans;
		this.careProfiles = careProfiles;
	}

	// --- Care profile
	// ---------------------------------------------------------------------------

	@GetMapping("/customers/{id}/care/edit")
	String editCare(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("form", CareForm.of(this.careProfiles.forEditing(user, customer.id())));
		model.addAttribute("consent", this.consents.current(user.shopId(), customer.id()).orElse(null));
		return "customers/care-form";
	}

	@PostMapping("/customers/{id}/care")
	String saveCare(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("form") CareForm form, BindingResult result, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("consent", this.consents.current(user.shopId(), customer.id()).orElse(null));
		if (result.hasErrors()) {
			return "customers/care-form";
		}
		try {
			this.careProfiles.save(user, customer.id(), form.profile());
		}
		catch (ConsentMissingException ex) {
			result.reject("care.consent.missing");
			return "customers/care-form";
		}
		return "redirect:/customers/" + id;
	}

	/** A logged reveal of the care notes (an htmx fragment on the customer page). */
	@GetMapping("/customers/{id}/care-notes")
	String careNotes(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("notes", this.careProfiles.revealCareNotes(user, customer.id()).orElse(null));
		model.addAttribute("label", "care.careNotes");
		return (htmx != null) ? "customers/revealed :: revealed" : "customers/revealed";
	}

	/** A logged reveal of the access notes (key safe, how to get in). */
	@GetMapping("/customers/{id}/access-notes")
	String accessNotes(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("notes", this.careProfiles.revealAccessNotes(user, customer.id()).orElse(null));
		model.addAttribute("label", "care.accessNotes");
		return (htmx != null) ? "customers/revealed :: revealed" : "customers/revealed";
	}

	// --- Missed-visit plan
	// ----------------------------------------------------------------------

	@GetMapping("/customers/{id}/contacts/new")
	String newContact(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		customer(user, id, model);
		model.addAttribute("form", ContactForm.empty());
		model.addAttribute("relationships", Contact.Relationship.values());
		return "customers/contact-form";
	}

	@PostMapping("/customers/{id}/contacts")
	String addContact(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("form") ContactForm form, BindingResult result, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("relationships", Contact.Relationship.values());
		if (result.hasErrors()) {
			return "customers/contact-form";
		}
		try {
			this.missedVisitPlans.addContact(user, customer.id(), form.name(), form.relationship(), form.phone(),
					form.hasKey());
		}
		catch (ConsentMissingException ex) {
			result.reject("contact.consent.missing");
			return "customers/contact-form";
		}
		return "redirect:/customers/" + id + "#plan";
	}

	@PostMapping("/customers/{id}/contacts/{contactId}/delete")
	String removeContact(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable UUID contactId) {
		this.missedVisitPlans.removeContact(user, new CustomerId(id), contactId);
		return "redirect:/customers/" + id + "#plan";
	}

	@PostMapping("/customers/{id}/contacts/{contactId}/earlier")
	String ringEarlier(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable UUID contactId) {
		this.missedVisitPlans.ringEarlier(user, new CustomerId(id), contactId);
		return "redirect:/customers/" + id + "#plan";
	}

	@PostMapping("/customers/{id}/plan/level")
	String planLevel(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(name = "atAmber", defaultValue = "false") boolean atAmber) {
		this.missedVisitPlans.actAtAmber(user, new CustomerId(id), atAmber);
		return "redirect:/customers/" + id + "#plan";
	}

	// --- Away notices
	// ---------------------------------------------------------------------------

	@GetMapping("/customers/{id}/away/new")
	String newAway(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		customer(user, id, model);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		model.addAttribute("form", new AwayForm(AwayNotice.Reason.HOLIDAY, today, today.plusDays(7), ""));
		model.addAttribute("reasons", AwayNotice.Reason.values());
		return "customers/away-form";
	}

	@PostMapping("/customers/{id}/away")
	String recordAway(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("form") AwayForm form, BindingResult result, Model model) {
		Customer customer = customer(user, id, model);
		model.addAttribute("reasons", AwayNotice.Reason.values());
		if (!result.hasFieldErrors("from") && !result.hasFieldErrors("to") && form.to().isBefore(form.from())) {
			result.rejectValue("to", "away.to.beforeFrom");
		}
		if (result.hasErrors()) {
			return "customers/away-form";
		}
		this.awayNotices.record(user, customer.id(), form.reason(), form.from(), form.to(), form.note());
		return "redirect:/customers/" + id;
	}

	@PostMapping("/customers/{id}/away/{noticeId}/cancel")
	String cancelAway(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, @PathVariable UUID noticeId) {
		this.awayNotices.cancel(user, new CustomerId(id), noticeId);
		return "redirect:/customers/" + id;
	}

	private Customer customer(ShopUser user, UUID id, Model model) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		model.addAttribute("customer", customer);
		return customer;
	}

}
