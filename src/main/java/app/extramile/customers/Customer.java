package app.extramile.customers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import app.extramile.shared.ShopId;

/**
 * A customer's profile: what anyone on the team, volunteers included, may see.
 */
public record Customer(CustomerId id, ShopId shopId, String reference, String name, String preferredName, String phone,
		String mobile, String addressLine, String town, String postcode, Double latitude, Double longitude,
		LocalDate birthday, String household, List<String> tags, Instant archivedAt) {

	/** What to call them: the preferred name when they have one. */
	/**
	 * How the customer is offered in a picker you type into: the name, and the address
	 * line to tell two of the same name apart.
	 */
	public String pickLabel() {
		return (this.addressLine == null || this.addressLine.isBlank()) ? this.name
				: this.name + " (" + this.addressLine.trim() + ")";
	}

	public String callName() {
		return (this.preferredName != null && !this.preferredName.isBlank()) ? this.preferredName : this.name;
	}

	private static final Set<String> TITLES = Set.of("mr", "mrs", "miss", "ms", "mx", "dr", "rev", "sir", "lady",
			"nurse", "prof");

	/**
	 * The name as people say it, for the person at the door: the preferred name with the
	 * full name, "Gwen (Gwenllian Prydderch)"; the full name alone when there is no
	 * preferred name, when it is the same, or when it is only a title ("Mrs").
	 */
	public String sayName() {
		String preferred = (this.preferredName != null) ? this.preferredName.strip() : "";
		String full = (this.name != null) ? this.name.strip() : "";
		if (preferred.isEmpty() || preferred.equalsIgnoreCase(full) || onlyATitle(preferred)) {
			return full;
		}
		return full.isEmpty() ? preferred : preferred + " (" + full + ")";
	}

	private static boolean onlyATitle(String preferred) {
		return TITLES.contains(preferred.toLowerCase(Locale.ROOT).replace(".", ""));
	}

	/** Address line, town and postcode on one line, the parts that are known. */
	public String fullAddress() {
		StringJoiner joined = new StringJoiner(", ");
		for (String part : new String[] { this.addressLine, this.town, this.postcode }) {
			if (part != null && !part.isBlank()) {
				joined.add(part.strip());
			}
		}
		return joined.toString();
	}

	/**
	 * A map link for the door: the pin when the location is known, else a search for the
	 * address and postcode; null when there is nothing to look up.
	 */
	public String mapUrl() {
		if (hasLocation()) {
			String lat = String.format(Locale.ROOT, "%.6f", this.latitude);
			String lon = String.format(Locale.ROOT, "%.6f", this.longitude);
			return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon;
		}
		String address = fullAddress();
		return address.isEmpty() ? null
				: "https://www.openstreetmap.org/search?query=" + URLEncoder.encode(address, StandardCharsets.UTF_8);
	}

	/** The number to ring at the door: the landline, else the mobile; null if neither. */
	public String doorPhone() {
		if (this.phone != null && !this.phone.isBlank()) {
			return this.phone.strip();
		}
		return (this.mobile != null && !this.mobile.isBlank()) ? this.mobile.strip() : null;
	}

	/** A {@code tel:} link for {@link #doorPhone()}, spaces removed. */
	public String telUrl() {
		String number = doorPhone();
		return (number != null) ? "tel:" + number.replaceAll("[^0-9+]", "") : null;
	}

	public boolean archived() {
		return this.archivedAt != null;
	}

	public boolean hasLocation() {
		return this.latitude != null && this.longitude != null;
	}

}
