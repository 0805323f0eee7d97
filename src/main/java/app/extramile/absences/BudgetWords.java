package app.extramile.absences;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * The red budget in the shop's own terms, for the settings page and Who's missing: about
 * how many reds a week it means for the shop's regulars, and how many reds the shop
 * really had in the last four weeks.
 */
final class BudgetWords {

	private BudgetWords() {
	}

	/** A few reds a week reads to a tenth; many, whole. */
	static double rounded(double redsPerWeek) {
		return (redsPerWeek >= 10) ? Math.round(redsPerWeek) : Math.round(redsPerWeek * 10) / 10.0;
	}

	/** "About 6 reds a week for your 300 regulars." */
	static String means(AbsenceRules.RedBudget budget, MessageSource messages, Locale locale) {
		if (budget.regulars() == null) {
			return messages.getMessage("missing.budget.notCounted", null, locale);
		}
		if (budget.regulars() == 0) {
			return messages.getMessage("missing.budget.noRegulars", null, locale);
		}
		double perWeek = budget.redsPerWeek();
		if (perWeek < 1) {
			return messages.getMessage("missing.budget.meansEvery",
					new Object[] { Math.round(1 / perWeek), budget.regulars() }, locale);
		}
		return messages.getMessage("missing.budget.means", new Object[] { rounded(perWeek), budget.regulars() },
				locale);
	}

	/** How many reds the shop had in the last four weeks, against the budget. */
	static List<String> had(AbsenceRules.RedBudget budget, MessageSource messages, Locale locale) {
		List<String> words = new ArrayList<>();
		if (budget.regulars() != null && budget.regulars() > 0) {
			words.add(messages.getMessage("missing.budget.had",
					new Object[] { budget.redsLastFourWeeks(), Math.round(budget.redsPerWeek() * 4) }, locale));
		}
		else {
			words.add(
					messages.getMessage("missing.budget.hadOnly", new Object[] { budget.redsLastFourWeeks() }, locale));
		}
		if (budget.redAfterMissedDays() > 0 && budget.redsLastFourWeeks() > 0) {
			words.add(messages.getMessage("missing.budget.hadByMissedDays",
					new Object[] { budget.byMissedDaysLastFourWeeks() }, locale));
		}
		return words;
	}

	/**
	 * The red level the budget comes to now, as "1 time in N" rounded as on the cards.
	 */
	static String level(AbsenceRules.RedBudget budget, MessageSource messages, Locale locale) {
		return messages.getMessage("missing.budget.level", new Object[] { MissingCustomer.oneIn(budget.redBelow()) },
				locale);
	}

}
