package app.extramile.customers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import app.extramile.shared.ShopId;

/**
 * A customer's profile: what anyone on the team, volunteers included, may see.
 */
public record Customer(CustomerId id, ShopId shopId, String reference, String name, String preferredName, String phone,
		String mobile, String addressLine, String town, String postcode, Double latitude, Double longitude,
		LocalDate birthday, String household, List<String> tags, Instant archivedAt) {

	/** What to call them: the preferred name when they have one. */
	public String callName() {
		return (this.preferredName != null && !this.preferredName.isBlank()) ? this.preferredName : this.name;
	}

	public boolean archived() {
		return this.archivedAt != null;
	}

	public boolean hasLocation() {
		return this.latitude != null && this.longitude != null;
	}

}
