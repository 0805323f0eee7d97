package app.extramile.ledger.web;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import app.extramile.ledger.LedgerRefusedException;

/**
 * A refused form, carried over the redirect: which form, the field at fault (named as the
 * form names it), the message, and what was typed, so the page shows the message by the
 * field and the shopkeeper does not type it all again.
 *
 * @param form the form's name on the page (e.g. {@code redeem}, {@code give-<pool id>})
 * @param field the form field the refusal is about, or a non-form field such as
 * {@code code}
 * @param messageKey the message to show
 * @param typed what was submitted, field by field
 */
public record Refusal(String form, String field, String messageKey, Map<String, String> typed) implements Serializable {

	private static final Set<String> NOT_ECHOED = Set.of("key", "_csrf");

	static Refusal of(String form, LedgerRefusedException ex, Map<String, String[]> parameters) {
		Map<String, String> typed = new HashMap<>();
		parameters.forEach((name, values) -> {
			if (!NOT_ECHOED.contains(name) && values.length > 0 && values[0] != null) {
				typed.put(name, values[0]);
			}
		});
		return new Refusal(form, formField(ex.field()), ex.reason().messageKey(), Map.copyOf(typed));
	}

	/** Whether the refusal is about this field of this form. */
	public boolean at(String form, String field) {
		return this.form.equals(form) && field.equals(this.field);
	}

	/** What was typed into this field of this form, to show it again; null elsewhere. */
	public String typed(String form, String field) {
		return this.form.equals(form) ? this.typed.get(field) : null;
	}

	private static String formField(String field) {
		return "amountMinor".equals(field) ? "amount" : field;
	}

}
