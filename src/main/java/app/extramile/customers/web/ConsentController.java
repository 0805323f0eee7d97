package app.extramile.customers.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;

import app.extramile.customers.Consent;
import app.extramile.customers.Consents;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.web.CareForms.ConsentForm;
import app.extramile.customers.web.CareForms.WithdrawalForm;
import app.extramile.shared.Language;
import app.extramile.shared.Letterhead;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Pdf;
import app.extramile.shared.ShopUser;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import org.springframework.web.multipart.MultipartFile;

/**
 * A customer's consent: what they agree to, recorded as they said it or signed on paper
 * (the printable form, the day it was signed, who witnessed it, the scanned page), and
 * withdrawn the same ways. Owners and staff only, checked here and again in
 * {@link CustomerDirectory}.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class ConsentController {

	private final CustomerDirectory customers;

	private final Consents consents;

	private final Letterhead.Source letterheads;

	private final ITemplateEngine templates;

	ConsentController(CustomerDirectory customers, Consents consents, Letterhead.Source letterheads,
			ITemplateEngine templates) {
		this.customers = customers;
		this.consents = consents;
		this.letterheads = letterheads;
		this.templates = templates;
	}

	@GetMapping("/customers/{id}/consent")
	String consent(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Customer customer = customer(user, id, model);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		var current = this.consents.current(user.shopId(), customer.id());
		model.addAttribute("form",
				current
					.map((c) -> new ConsentForm(c.welfareChecks(), c.contactNamedPeople(), c.keepCareNotes(), "", false,
							today, ""))
					.orElse(ConsentForm.empty(today)));
		model.addAttribute("withdrawal", WithdrawalForm.empty(today));
		return page(user, customer, model);
	}

	@PostMapping("/customers/{id}/consent")
	String recordConsent(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("form") ConsentForm form, BindingResult result,
			@RequestParam(name = "scan", required = false) MultipartFile scan, Model model) {
		Customer customer = customer(user, id, model);
		if (!form.onPaper() && blank(form.howGiven())) {
			result.rejectValue("howGiven", "NotBlank");
		}
		Consent.Paper paper = form.onPaper()
				? paper(form.signedOn(), form.witnessedBy(), scan, result, "onPaper", "signedOn", "witnessedBy") : null;
		if (result.hasErrors()) {
			model.addAttribute("withdrawal", WithdrawalForm.empty(LocalDate.now(ZoneOffset.UTC)));
			return page(user, customer, model);
		}
		this.consents.record(user, customer.id(), form.welfareChecks(), form.contactNamedPeople(), form.keepCareNotes(),
				form.howGiven(), paper);
		return "redirect:/customers/" + id;
	}

	@PostMapping("/customers/{id}/consent/revoke")
	String revokeConsent(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@Valid @ModelAttribute("withdrawal") WithdrawalForm form, BindingResult result,
			@RequestParam(name = "scan", required = false) MultipartFile scan, Model model) {
		Customer customer = customer(user, id, model);
		Consent.Paper paper = form.withdrawnOnPaper() ? paper(form.withdrawnSignedOn(), form.withdrawnWitnessedBy(),
				scan, result, "withdrawnOnPaper", "withdrawnSignedOn", "withdrawnWitnessedBy") : null;
		if (result.hasErrors()) {
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			model.addAttribute("form",
					this.consents.current(user.shopId(), customer.id())
						.map((c) -> new ConsentForm(c.welfareChecks(), c.contactNamedPeople(), c.keepCareNotes(), "",
								false, today, ""))
						.orElse(ConsentForm.empty(today)));
			return page(user, customer, model);
		}
		this.consents.revoke(user, customer.id(), form.withdrawnHow(), paper);
		return "redirect:/customers/" + id;
	}

	/** A scanned signed page, shown in the browser (a PDF or a picture). */
	@GetMapping("/customers/{id}/consent/pages/{pageId}")
	ResponseEntity<byte[]> scannedPage(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@PathVariable UUID pageId) {
		Consent.Scan scan = this.consents.page(user, new CustomerId(id), pageId)
			.orElseThrow(() -> new NotFoundException("no such consent page"));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(scan.contentType()))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(scan.content());
	}

	/**
	 * The consent form to print, with the customer's name and address and the shop's
	 * details: in large type and plain words, what is kept and why, who sees it, and how
	 * to withdraw.
	 */
	@GetMapping("/customers/{id}/consent/form.pdf")
	ResponseEntity<byte[]> printableForm(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Locale locale) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		// in the language the customer reads, where someone has said
		Context context = new Context(
				this.customers.language(user.shopId(), customer.id()).map(Language::locale).orElse(locale));
		context.setVariable("customer", customer);
		context.setVariable("shop", this.letterheads.letterhead(user.shopId()));
		byte[] pdf = Pdf.fromXhtml(this.templates.process("customers/consent-paper-pdf", context));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("consent-form.pdf").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(pdf);
	}

	/**
	 * The paper side of a form, refused by its fields (named as in that form; a wrong
	 * scan is shown by the "on paper" box, beside the file input).
	 */
	private Consent.Paper paper(LocalDate signedOn, String witnessedBy, MultipartFile file, BindingResult result,
			String onPaperField, String signedOnField, String witnessedByField) {
		if (signedOn == null) {
			if (!result.hasFieldErrors(signedOnField)) {
				result.rejectValue(signedOnField, "consent.paper.signedOn.missing");
			}
		}
		else if (signedOn.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
			result.rejectValue(signedOnField, "consent.paper.signedOn.future");
		}
		if (blank(witnessedBy)) {
			result.rejectValue(witnessedByField, "consent.paper.witnessedBy.missing");
		}
		Consent.Scan scan = null;
		if (file != null && !file.isEmpty()) {
			if (file.getSize() > Consent.Scan.MAX_BYTES) {
				result.rejectValue(onPaperField, "consent.paper.scan.tooLarge");
			}
			else {
				byte[] bytes = bytes(file);
				String type = Consent.Scan.typeOf(bytes);
				if (type == null) {
					result.rejectValue(onPaperField, "consent.paper.scan.type");
				}
				else {
					scan = new Consent.Scan(type, bytes);
				}
			}
		}
		return result.hasErrors() ? null : new Consent.Paper(signedOn, witnessedBy, scan);
	}

	private static byte[] bytes(MultipartFile file) {
		try {
			return file.getBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String page(ShopUser user, Customer customer, Model model) {
		model.addAttribute("history", this.consents.history(user, customer.id()));
		return "customers/consent-form";
	}

	private Customer customer(ShopUser user, UUID id, Model model) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		model.addAttribute("customer", customer);
		return customer;
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

}
