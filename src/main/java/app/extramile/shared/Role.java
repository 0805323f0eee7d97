package app.extramile.shared;

/**
 * What an account may do in its shop. Owners manage the shop and its people; staff run
 * the counter and see care profiles; volunteers see only what their tasks need (name,
 * address, phone) and never care notes.
 */
public enum Role {

	OWNER, STAFF, VOLUNTEER,

	/** A till or partner system calling {@code /api} with a bearer token. */
	API;

	public String authority() {
		return "ROLE_" + name();
	}

	/** Care profiles, contacts and consent are for owners and staff only. */
	public boolean mayReadCareProfile() {
		return this == OWNER || this == STAFF;
	}

}
