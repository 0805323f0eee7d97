package app.extramile.visits.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.ShopUser;
import app.extramile.visits.api.CustomerPage.CustomerDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's customers for a till: enough to match a card to a customer id. Care
 * profiles, contacts and notes are never part of the API.
 */
@RestController
@PreAuthorize("hasRole('API')")
@Tag(name = "Customers", description = "The shop's customers (profile only, never care data)")
class CustomerApiController {

	static final int MAX_PAGE_SIZE = 500;

	private final CustomerDirectory customers;

	CustomerApiController(CustomerDirectory customers) {
		this.customers = customers;
	}

	@GetMapping(path = "/api/customers", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the shop's customers, by name, a page at a time")
	CustomerPage list(@AuthenticationPrincipal ShopUser api,
			@Parameter(description = "Page number, from 0") @RequestParam(name = "page",
					defaultValue = "0") @Min(value = 0, message = "{api.page.min}") int page,
			@Parameter(description = "Customers per page, at most 500") @RequestParam(name = "size",
					defaultValue = "100") @Min(value = 1, message = "{api.size.range}") @Max(value = MAX_PAGE_SIZE,
							message = "{api.size.range}") int size) {
		long offset = (long) page * size;
		var items = (offset > Integer.MAX_VALUE) ? java.util.List.<CustomerDto>of()
				: this.customers.list(api.shopId(), false, size, (int) offset).stream().map(CustomerDto::of).toList();
		return new CustomerPage(items, page, size, this.customers.count(api.shopId()));
	}

}
