package app.extramile.customers;

import java.util.UUID;

/**
 * Someone to ring when the customer has not come in, in {@code ringOrder}.
 */
public record Contact(UUID id, String name, Relationship relationship, String phone, boolean hasKey, int ringOrder) {

	public enum Relationship {

		NEIGHBOUR, FAMILY, KEYHOLDER, FRIEND, CARER, OTHER

	}

}
