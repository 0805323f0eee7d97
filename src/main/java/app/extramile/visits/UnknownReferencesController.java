package app.extramile.visits;

import java.util.Map;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's page of till references no customer has: match each to an existing customer
 * or create one (their waiting visits are then added), and the shop's choice of creating
 * such customers straight away.
 */
@Controller
@PreAuthorize("hasRole('OWNER')")
class UnknownReferencesController {

	private final UnknownReferences unknown;

	private final CustomerDirectory customers;

	UnknownReferencesController(UnknownReferences unknown, CustomerDirectory customers) {
		this.unknown = unknown;
		this.customers = customers;
	}

	@GetMapping("/visits/unknown")
	String page(@AuthenticationPrincipal ShopUser user, Model model) {
		return view(user, model, null);
	}

	/**
	 * The page; a refused match or create is shown by its field in the reference's row.
	 */
	private String view(ShopUser user, Model model, FormRefusal refusal) {
		model.addAttribute("createsCustomers", this.unknown.createsCustomers(user.shopId()));
		model.addAttribute("waiting", this.unknown.waiting(user.shopId()));
		model.addAttribute("customers", this.customers.list(user.shopId(), false, 2000, 0));
		if (refusal != null) {
			refusal.to(model);
		}
		return "visits/unknown";
	}

	@PostMapping("/visits/unknown/setting")
	String setting(@AuthenticationPrincipal ShopUser user,
			@RequestParam(name = "createCustomers", defaultValue = "false") boolean create,
			RedirectAttributes redirect) {
		this.unknown.setCreatesCustomers(user.shopId(), create);
		redirect.addFlashAttribute("saved", "unknown.setting.saved");
		return "redirect:/visits/unknown";
	}

	@PostMapping("/visits/unknown/match")
	String match(@AuthenticationPrincipal ShopUser user, @RequestParam("reference") String reference,
			@RequestParam(name = "customer", defaultValue = "") String typed, Model model,
			RedirectAttributes redirect) {
		CustomerId customer = this.customers.pick(user.shopId(), typed).orElse(null);
		if (customer == null) {
			return view(user, model,
					typed(reference,
							new Refused("customer",
									typed.isBlank() ? "unknown.match.required" : "unknown.match.notFound"),
							"customer", typed));
		}
		try {
			int added = this.unknown.match(user.shopId(), reference, customer);
			redirect.addFlashAttribute("matched", added);
			return "redirect:/visits/unknown";
		}
		catch (Refused ex) {
			return view(user, model, typed(reference, ex, "customer", typed));
		}
	}

	@PostMapping("/visits/unknown/create")
	String create(@AuthenticationPrincipal ShopUser user, @RequestParam("reference") String reference,
			@RequestParam(name = "name", defaultValue = "") String name, Model model, RedirectAttributes redirect) {
		try {
			CustomerId id = this.unknown.create(user.shopId(), reference, name);
			return "redirect:/customers/" + id.value();
		}
		catch (Refused ex) {
			return view(user, model, typed(reference, ex, "name", name));
		}
	}

	/** The refusal of a reference's form, with what was typed into its one field. */
	private static FormRefusal typed(String reference, Refused refused, String field, String typed) {
		return FormRefusal.of(reference, refused, Map.of(field, new String[] { typed }));
	}

}
