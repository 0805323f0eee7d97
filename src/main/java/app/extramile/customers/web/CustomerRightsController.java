package app.extramile.customers.web;

import java.util.Locale;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.customers.CustomerRecords;
import app.extramile.shared.ShopUser;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A customer's data rights, for the owner: download everything held about her (a subject
 * access request), and erase her. Erasing asks for her name to be typed, so it is never
 * one slip of a finger.
 */
@Controller
@PreAuthorize("hasRole('OWNER')")
class CustomerRightsController {

	private final CustomerDirectory customers;

	private final CustomerRecords records;

	CustomerRightsController(CustomerDirectory customers, CustomerRecords records) {
		this.customers = customers;
		this.records = records;
	}

	@GetMapping("/customers/{id}/data-export")
	ResponseEntity<byte[]> export(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Locale locale) {
		CustomerRecords.Export export = this.records.export(user, new CustomerId(id), locale);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(export.fileName()).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(export.bytes());
	}

	@GetMapping("/customers/{id}/erase")
	String confirm(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		model.addAttribute("customer", this.customers.get(user.shopId(), new CustomerId(id)));
		model.addAttribute("confirmName", "");
		return "customers/erase";
	}

	@PostMapping("/customers/{id}/erase")
	String erase(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(name = "confirmName", defaultValue = "") String confirmName, Model model) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		if (!confirmName.strip().equalsIgnoreCase(customer.name().strip())) {
			model.addAttribute("customer", customer);
			model.addAttribute("confirmName", confirmName);
			model.addAttribute("confirmNameError", "rights.erase.refused.name");
			return "customers/erase";
		}
		this.records.erase(user, customer.id());
		return "redirect:/customers/" + id + "?erased";
	}

}
