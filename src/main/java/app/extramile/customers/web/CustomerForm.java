package app.extramile.customers.web;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDetails;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * The customer profile form.
 */
record CustomerForm(@NotBlank @Size(max = 120) String name, @Size(max = 60) String preferredName,
		@Size(max = 60) @Pattern(regexp = "[^\\s]*") String reference,
		@Size(max = 30) @Pattern(regexp = "[0-9 +()-]*") String phone,
		@Size(max = 30) @Pattern(regexp = "[0-9 +()-]*") String mobile, @Size(max = 200) String addressLine,
		@Size(max = 80) String town, @Size(max = 12) String postcode,
		@DecimalMin("-90") @DecimalMax("90") Double latitude, @DecimalMin("-180") @DecimalMax("180") Double longitude,
		@Past @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate birthday, @Size(max = 120) String household,
		@Size(max = 400) String tags) {

	static CustomerForm empty() {
		return new CustomerForm("", "", "", "", "", "", "", "", null, null, null, "", "");
	}

	/**
	 * An empty form with the name already typed (at the counter, where nobody matched).
	 */
	static CustomerForm named(String name) {
		String typed = (name != null) ? name.strip() : "";
		return new CustomerForm(typed.length() > 120 ? typed.substring(0, 120) : typed, "", "", "", "", "", "", "",
				null, null, null, "", "");
	}

	static CustomerForm of(Customer c) {
		return new CustomerForm(c.name(), c.preferredName(), c.reference(), c.phone(), c.mobile(), c.addressLine(),
				c.town(), c.postcode(), c.latitude(), c.longitude(), c.birthday(), c.household(),
				String.join(", ", c.tags()));
	}

	/** The same form with the location found for it (everything else as typed). */
	CustomerForm located(double lat, double lon) {
		return new CustomerForm(this.name, this.preferredName, this.reference, this.phone, this.mobile,
				this.addressLine, this.town, this.postcode, lat, lon, this.birthday, this.household, this.tags);
	}

	/** What to search the map for when setting the location by hand. */
	public String mapQuery() {
		return Stream.of(this.addressLine, this.town, this.postcode)
			.filter((part) -> part != null && !part.isBlank())
			.map(String::strip)
			.collect(Collectors.joining(", "));
	}

	boolean noLocation() {
		return this.latitude == null && this.longitude == null;
	}

	boolean hasPostcode() {
		return this.postcode != null && !this.postcode.isBlank();
	}

	boolean halfALocation() {
		return (this.latitude == null) != (this.longitude == null);
	}

	CustomerDetails details() {
		List<String> tagList = (this.tags != null)
				? Arrays.stream(this.tags.split(",")).map(String::trim).filter((t) -> !t.isEmpty()).distinct().toList()
				: List.of();
		return new CustomerDetails(this.reference, this.name, this.preferredName, this.phone, this.mobile,
				this.addressLine, this.town, this.postcode, this.latitude, this.longitude, this.birthday,
				this.household, tagList);
	}

}
