package app.extramile.welfare;

import java.util.ArrayList;
import java.util.List;

import app.extramile.customers.Contact;

/**
 * Builds a check's ladder from the customer's missed-visit plan: ring the customer (when
 * they have a phone), ring each contact in the plan's order (only with consent to contact
 * them), pop round, and finally emergency guidance.
 */
final class CheckLadder {

	private CheckLadder() {
	}

	record Rung(StepKind kind, String contactName, String contactPhone) {
	}

	static List<Rung> from(String customerPhone, List<Contact> contacts, boolean mayContactNamedPeople) {
		List<Rung> rungs = new ArrayList<>();
		if (customerPhone != null && !customerPhone.isBlank()) {
			rungs.add(new Rung(StepKind.RING_CUSTOMER, null, customerPhone));
		}
		if (mayContactNamedPeople) {
			for (Contact contact : contacts) {
				rungs.add(new Rung(StepKind.RING_CONTACT, contact.name(), contact.phone()));
			}
		}
		rungs.add(new Rung(StepKind.POP_ROUND, null, null));
		rungs.add(new Rung(StepKind.EMERGENCY, null, null));
		return rungs;
	}

}
