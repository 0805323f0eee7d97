package app.extramile.customers;

import app.extramile.shared.ShopUser;

import org.springframework.security.access.AccessDeniedException;

/**
 * Small rules shared by the customers module's services: who may read care data, and how
 * a blank text is stored.
 */
final class CustomerData {

	private CustomerData() {
	}

	/** Refuses care data (profiles, contacts, consent) to roles that may not read it. */
	static void requireCareReader(ShopUser user) {
		if (!user.mayReadCareProfile()) {
			throw new AccessDeniedException("care data is for owners and staff");
		}
	}

	/** A trimmed text, or null for a blank one. */
	static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
