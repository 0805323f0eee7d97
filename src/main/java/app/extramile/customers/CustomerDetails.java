package app.extramile.customers;

import java.time.LocalDate;
import java.util.List;

/**
 * What staff type in to register or edit a customer.
 */
public record CustomerDetails(String reference, String name, String preferredName, String phone, String mobile,
		String addressLine, String town, String postcode, Double latitude, Double longitude, LocalDate birthday,
		String household, List<String> tags) {
}
