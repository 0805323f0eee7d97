package app.extramile.timeline;

import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The timeline fragment on a customer's page. Staff and owners only: a timeline can say
 * "in hospital".
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class TimelineController {

	private final Timeline timeline;

	private final CustomerDirectory customers;

	TimelineController(Timeline timeline, CustomerDirectory customers) {
		this.timeline = timeline;
		this.customers = customers;
	}

	@GetMapping("/customers/{id}/timeline")
	String timeline(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		CustomerId customer = this.customers.get(user.shopId(), new CustomerId(id)).id();
		model.addAttribute("items", this.timeline.of(user.shopId(), customer, 100));
		return "timeline/timeline :: items";
	}

}
