package app.extramile.absences;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.system.When;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's settings for Who's missing: the days and hours the shop is open, the days
 * it is closed (bank holidays, a week off), how unusual an absence must be to turn amber
 * ("less than 1 time in N for them"), and the red budget: how many reds a week the shop
 * can follow up per 100 regulars, said in the shop's own numbers.
 */
@Controller
@PreAuthorize("hasRole('OWNER')")
class AbsenceSettingsController {

	private final AbsenceRules rules;

	private final When when;

	private final Clock clock;

	private final MessageSource messages;

	AbsenceSettingsController(AbsenceRules rules, When when, Clock clock, MessageSource messages) {
		this.rules = rules;
		this.when = when;
		this.clock = clock;
		this.messages = messages;
	}

	@GetMapping("/missing/settings")
	String settings(@AuthenticationPrincipal ShopUser user, Model model) {
		AbsenceSettings settings = this.rules.settings(user.shopId());
		if (!model.containsAttribute("form")) {
			Map<String, String> form = new HashMap<>();
			form.put("opensAt", settings.opensAt().toString());
			form.put("closesAt", settings.closesAt().toString());
			form.put("amberOneIn", Long.toString(Math.round(1 / settings.amberBelow())));
			form.put("redBudget", budgetText(settings.redBudget()));
			form.put("redAfterMissedDays", Integer.toString(settings.redAfterMissedDays()));
			for (int d = 0; d < 7; d++) {
				form.put("day" + (d + 1), Boolean.toString(settings.openWeekdays()[d]));
			}
			model.addAttribute("form", form);
		}
		LocalDate today = LocalDate.now(this.clock.withZone(this.when.zone()));
		model.addAttribute("closures", this.rules.closures(user.shopId(), today));
		model.addAttribute("today", today);
		Locale locale = LocaleContextHolder.getLocale();
		AbsenceRules.RedBudget budget = this.rules.redBudget(user.shopId());
		model.addAttribute("budgetMeans", BudgetWords.means(budget, this.messages, locale));
		model.addAttribute("budgetHad", BudgetWords.had(budget, this.messages, locale));
		model.addAttribute("budgetLevel", BudgetWords.level(budget, this.messages, locale));
		return "absences/settings";
	}

	@PostMapping("/missing/settings")
	String save(@AuthenticationPrincipal ShopUser user,
			@RequestParam(name = "day", required = false) List<Integer> days,
			@RequestParam(required = false) String opensAt, @RequestParam(required = false) String closesAt,
			@RequestParam(required = false) String amberOneIn, @RequestParam(required = false) String redBudget,
			@RequestParam(required = false) String redAfterMissedDays, Model model, RedirectAttributes redirect) {
		boolean[] open = new boolean[7];
		if (days != null) {
			days.stream().filter((d) -> d >= 1 && d <= 7).forEach((d) -> open[d - 1] = true);
		}
		try {
			Integer amber = parse(amberOneIn, Integer::valueOf);
			Double budget = parse(redBudget, (typed) -> Double.valueOf(typed.replace(',', '.')));
			Integer missed = parse(redAfterMissedDays, Integer::valueOf);
			this.rules.updateSettings(user, open, parse(opensAt, LocalTime::parse), parse(closesAt, LocalTime::parse),
					(amber != null) ? amber : 0, (budget != null) ? budget : Double.NaN,
					(missed != null) ? missed : -1);
			redirect.addFlashAttribute("saved", true);
			return "redirect:/missing/settings";
		}
		catch (Refused ex) {
			Map<String, String> form = new HashMap<>();
			form.put("opensAt", opensAt);
			form.put("closesAt", closesAt);
			form.put("amberOneIn", amberOneIn);
			form.put("redBudget", redBudget);
			form.put("redAfterMissedDays", redAfterMissedDays);
			for (int d = 0; d < 7; d++) {
				form.put("day" + (d + 1), Boolean.toString(open[d]));
			}
			model.addAttribute("form", form);
			FormRefusal.of(ex).to(model);
			return settings(user, model);
		}
	}

	@PostMapping("/missing/settings/closures")
	String close(@AuthenticationPrincipal ShopUser user,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closedFrom,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closedTo,
			Model model, RedirectAttributes redirect) {
		try {
			this.rules.addClosure(user, closedFrom, closedTo);
			redirect.addFlashAttribute("closed", true);
			return "redirect:/missing/settings#closures";
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(model);
			model.addAttribute("closedFrom", closedFrom);
			model.addAttribute("closedTo", closedTo);
			return settings(user, model);
		}
	}

	@PostMapping("/missing/settings/closures/remove")
	String reopen(@AuthenticationPrincipal ShopUser user,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
		this.rules.removeClosure(user, day);
		return "redirect:/missing/settings#closures";
	}

	/** A budget as typed: 2, or 2.5. */
	static String budgetText(double budget) {
		return (budget == Math.rint(budget)) ? Long.toString((long) budget) : Double.toString(budget);
	}

	private static <T> T parse(String typed, Function<String, T> parser) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			return parser.apply(typed.trim());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
