package app.extramile.customers.web;

import app.extramile.customers.DataRetention;
import app.extramile.customers.Retention;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Settings -> How long we keep data: the owner sets, per kind, how many days the shop
 * keeps visits, closed checks, alarm details and the care access log (blank: for good).
 */
@Controller
@PreAuthorize("hasRole('OWNER')")
class RetentionController {

	private final DataRetention retention;

	RetentionController(DataRetention retention) {
		this.retention = retention;
	}

	/** The form as typed: text, so a refused value is shown back as it was. */
	record RetentionForm(String visitsDays, String closedChecksDays, String alarmDetailsDays, String accessLogDays) {

		static RetentionForm of(Retention r) {
			return new RetentionForm(text(r.visitsDays()), text(r.closedChecksDays()), text(r.alarmDetailsDays()),
					text(r.accessLogDays()));
		}

		private static String text(Integer days) {
			return (days != null) ? days.toString() : "";
		}

	}

	@GetMapping("/settings/retention")
	String show(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("form", RetentionForm.of(this.retention.of(user.shopId())));
		return "customers/retention";
	}

	@PostMapping("/settings/retention")
	String save(@AuthenticationPrincipal ShopUser user, @ModelAttribute("form") RetentionForm form,
			BindingResult result) {
		Integer visits = days(form.visitsDays(), "visitsDays", result);
		Integer checks = days(form.closedChecksDays(), "closedChecksDays", result);
		Integer alarms = days(form.alarmDetailsDays(), "alarmDetailsDays", result);
		Integer log = days(form.accessLogDays(), "accessLogDays", result);
		if (result.hasErrors()) {
			return "customers/retention";
		}
		try {
			this.retention.set(user, new Retention(visits, checks, alarms, log));
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(result);
			return "customers/retention";
		}
		return "redirect:/settings/retention?saved";
	}

	private static Integer days(String typed, String field, BindingResult result) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(typed.strip());
		}
		catch (NumberFormatException ex) {
			result.rejectValue(field, "retention.refused." + field);
			return null;
		}
	}

}
