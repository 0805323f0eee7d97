package app.extramile.visits.api;

import java.util.List;
import java.util.UUID;

import app.extramile.customers.Customer;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A page of the shop's customers: the profile only, never care data.
 */
@Schema(name = "CustomerPage")
record CustomerPage(List<CustomerDto> items, int page, int size,
		@Schema(description = "Customers in the shop (not archived)") long totalItems) {

	@Schema(name = "Customer")
	record CustomerDto(UUID id, String reference, String name, String preferredName, AddressDto address, String phone) {

		static CustomerDto of(Customer customer) {
			return new CustomerDto(customer.id().value(), customer.reference(), customer.name(),
					customer.preferredName(),
					new AddressDto(customer.addressLine(), customer.town(), customer.postcode()), customer.phone());
		}

	}

	@Schema(name = "Address")
	record AddressDto(String line, String town, String postcode) {
	}

}
