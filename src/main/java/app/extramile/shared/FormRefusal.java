package app.extramile.shared;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A {@link Refused} carried to the form it came from, the same way for every form: which
 * form (for a page with several, else null), the field at fault, the message with its
 * arguments, and what was typed, so the page shows the message by the field and nobody
 * types it all again. It reaches the page as the model attributes {@code refusal} (this),
 * {@code refused} (the message key) and {@code refusedField}; the fragment
 * {@code fragments :: refused(form, field, id)} shows the message by the field and
 * {@code em:refusable} marks the control ({@code aria-invalid},
 * {@code aria-describedby}). Serializable: it survives a redirect as a flash attribute
 * kept in the session table.
 *
 * @param form the form's name on the page (e.g. {@code redeem}, {@code give-<pool id>}),
 * or null on a page with one form
 * @param field the form field the refusal is about, or null for the form as a whole
 * @param messageKey the message to show
 * @param arguments the message's arguments
 * @param typed what was submitted, field by field
 */
public record FormRefusal(String form, String field, String messageKey, List<Serializable> arguments,
		Map<String, String> typed) implements Serializable {

	private static final Set<String> NOT_ECHOED = Set.of("key", "_csrf");

	public FormRefusal {
		arguments = List.copyOf(arguments);
		typed = Map.copyOf(typed);
	}

	/** A refusal on a page with one form, nothing typed to show again. */
	public static FormRefusal of(Refused refused) {
		return of(null, refused, Map.of());
	}

	/**
	 * A refusal of the named form, keeping what was typed (not the CSRF token nor an
	 * idempotency key).
	 */
	public static FormRefusal of(String form, Refused refused, Map<String, String[]> parameters) {
		Map<String, String> typed = new HashMap<>();
		parameters.forEach((name, values) -> {
			if (!NOT_ECHOED.contains(name) && values.length > 0 && values[0] != null) {
				typed.put(name, values[0]);
			}
		});
		return new FormRefusal(form, refused.field(), refused.messageKey(), serializable(refused.arguments()), typed);
	}

	/** The same refusal, naming its field as the form does. */
	public FormRefusal atField(String formField) {
		return new FormRefusal(this.form, formField, this.messageKey, this.arguments, this.typed);
	}

	/** Shows it on the page rendered now. */
	public void to(Model model) {
		model.addAttribute("refusal", this);
		model.addAttribute("refused", this.messageKey);
		model.addAttribute("refusedField", this.field);
	}

	/** Shows it on the page redirected to. */
	public void to(RedirectAttributes redirect) {
		redirect.addFlashAttribute("refusal", this);
		redirect.addFlashAttribute("refused", this.messageKey);
		if (this.field != null) {
			redirect.addFlashAttribute("refusedField", this.field);
		}
	}

	/**
	 * Shows it on a form bound with Bean Validation, by its field like the binding's own
	 * errors ({@code fragments :: field}).
	 */
	public void to(BindingResult result) {
		if (this.field != null) {
			result.rejectValue(this.field, this.messageKey, argumentArray(), null);
		}
		else {
			result.reject(this.messageKey, argumentArray(), null);
		}
	}

	/**
	 * Whether the refusal is about this field of this form (null: the page's one form).
	 */
	public boolean at(String form, String field) {
		return Objects.equals(this.form, form) && Objects.equals(this.field, field);
	}

	/** Whether the refusal is about this field of the page's one form. */
	public boolean at(String field) {
		return at(null, field);
	}

	/** What was typed into this field of this form, to show it again; null elsewhere. */
	public String typed(String form, String field) {
		return Objects.equals(this.form, form) ? this.typed.get(field) : null;
	}

	/** The message's arguments, for {@code #messages.msgWithParams}. */
	public Object[] argumentArray() {
		return this.arguments.toArray();
	}

	private static List<Serializable> serializable(Object[] arguments) {
		return java.util.Arrays.stream(arguments)
			.map((argument) -> (argument instanceof Serializable s) ? s : String.valueOf(argument))
			.toList();
	}

}
