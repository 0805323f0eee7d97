package app.extramile.customers.importing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerId;

/**
 * Finds the customer a row of a list is likely to be already: the same card reference,
 * the same phone number, or a very similar name at the same address (same postcode or
 * street address, and a name equal once titles, case and punctuation are put aside, or
 * one or two letters apart). Customers added during an import are added here too, so a
 * person listed twice in one file is found the second time.
 */
final class Duplicates {

	private static final Set<String> TITLES = Set.of("mr", "mrs", "miss", "ms", "mx", "dr", "rev", "sir", "lady",
			"prof");

	/**
	 * Why a row looks like an existing customer; messages {@code customerImport.why.*}.
	 */
	public enum Why {

		CARD, PHONE, NAME_AND_ADDRESS

	}

	/** The customer a row is likely to be, and why. */
	public record Match(CustomerId customerId, String name, String address, Why why) {

	}

	private record Known(CustomerId id, String name, String address, String nameKey) {

	}

	private final Map<String, Known> byCard = new HashMap<>();

	private final Map<String, Known> byPhone = new HashMap<>();

	private final Map<String, List<Known>> byPlace = new HashMap<>();

	private final Map<String, Known> byPlaceAndName = new HashMap<>();

	/**
	 * Names one or two letters apart are compared only at places with at most this many
	 * customers (a street address, a postcode of a few houses); beyond it, only the same
	 * name, so one busy postcode cannot make an import compare every row with every
	 * customer.
	 */
	static final int FUZZY_PLACE_LIMIT = 50;

	Duplicates(Collection<Customer> existing) {
		for (Customer customer : existing) {
			add(customer.id(),
					new CustomerDetails(customer.reference(), customer.name(), null, customer.phone(),
							customer.mobile(), customer.addressLine(), null, customer.postcode(), null, null, null,
							null, List.of()));
		}
	}

	void add(CustomerId id, CustomerDetails details) {
		Known known = new Known(id, details.name(), address(details), nameKey(details.name()));
		if (details.reference() != null && !details.reference().isBlank()) {
			this.byCard.putIfAbsent(details.reference().strip().toLowerCase(Locale.ROOT), known);
		}
		for (String phone : new String[] { details.phone(), details.mobile() }) {
			String key = phoneKey(phone);
			if (!key.isEmpty()) {
				this.byPhone.putIfAbsent(key, known);
			}
		}
		for (String place : places(details)) {
			this.byPlace.computeIfAbsent(place, (p) -> new ArrayList<>()).add(known);
			this.byPlaceAndName.putIfAbsent(place + "|" + known.nameKey(), known);
		}
	}

	Optional<Match> find(CustomerDetails row) {
		if (row.reference() != null) {
			Known known = this.byCard.get(row.reference().strip().toLowerCase(Locale.ROOT));
			if (known != null) {
				return Optional.of(match(known, Why.CARD));
			}
		}
		String phone = phoneKey(row.phone());
		if (!phone.isEmpty() && this.byPhone.containsKey(phone)) {
			return Optional.of(match(this.byPhone.get(phone), Why.PHONE));
		}
		String name = nameKey(row.name());
		if (name.isEmpty()) {
			return Optional.empty();
		}
		for (String place : places(row)) {
			Known same = this.byPlaceAndName.get(place + "|" + name);
			if (same != null) {
				return Optional.of(match(same, Why.NAME_AND_ADDRESS));
			}
			List<Known> there = this.byPlace.getOrDefault(place, List.of());
			if (there.size() <= FUZZY_PLACE_LIMIT) {
				for (Known known : there) {
					if (similar(name, known.nameKey())) {
						return Optional.of(match(known, Why.NAME_AND_ADDRESS));
					}
				}
			}
		}
		return Optional.empty();
	}

	private static Match match(Known known, Why why) {
		return new Match(known.id(), known.name(), known.address(), why);
	}

	/**
	 * A phone number's digits, a UK +44 or 0044 (and +44 (0)) written as the leading 0;
	 * empty when too short to tell people apart.
	 */
	static String phoneKey(String phone) {
		if (phone == null) {
			return "";
		}
		String digits = phone.replace("(0)", "").replaceAll("[^0-9+]", "");
		if (digits.startsWith("+44")) {
			digits = "0" + digits.substring(3);
		}
		else if (digits.startsWith("0044")) {
			digits = "0" + digits.substring(4);
		}
		digits = digits.replace("+", "");
		return (digits.length() >= 7) ? digits : "";
	}

	private static List<String> places(CustomerDetails details) {
		List<String> places = new ArrayList<>(2);
		if (details.postcode() != null && !details.postcode().isBlank()) {
			places.add("p:" + details.postcode().replaceAll("\\s", "").toLowerCase(Locale.ROOT));
		}
		if (details.addressLine() != null && !details.addressLine().isBlank()) {
			places.add("a:" + plain(details.addressLine()));
		}
		return places;
	}

	private static String address(CustomerDetails details) {
		StringBuilder address = new StringBuilder();
		if (details.addressLine() != null) {
			address.append(details.addressLine().strip());
		}
		if (details.postcode() != null) {
			address.append((address.length() > 0) ? ", " : "").append(details.postcode().strip());
		}
		return address.toString();
	}

	/**
	 * Letters and digits only, lower case, accents off: "Gwenllïan O'Neil" is "gwenllian
	 * oneil".
	 */
	static String plain(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").replaceAll("\\s+", " ").strip();
	}

	private static String nameKey(String name) {
		List<String> words = new ArrayList<>(List.of(plain(name).split(" ")));
		words.removeIf((word) -> word.isEmpty() || TITLES.contains(word));
		return String.join(" ", words);
	}

	private static boolean similar(String a, String b) {
		if (a.isEmpty() || b.isEmpty()) {
			return false;
		}
		if (a.equals(b)) {
			return true;
		}
		int allowed = (Math.min(a.length(), b.length()) >= 8) ? 2 : 1;
		return Math.abs(a.length() - b.length()) <= allowed && distance(a, b) <= allowed;
	}

	/** Levenshtein distance. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
