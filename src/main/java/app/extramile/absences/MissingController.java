package app.extramile.absences;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CareProfiles;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Language;
import app.extramile.shared.ShopUser;
import app.extramile.system.When;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Who's missing page: the shop's morning list, with each absence explained in plain
 * words, and the actions that end or postpone it.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class MissingController {

	private final WhosMissing list;

	private final AbsenceSweep sweep;

	private final AbsenceRules rules;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final MessageSource messages;

	private final When when;

	private final Clock clock;

	MissingController(WhosMissing list, AbsenceSweep sweep, AbsenceRules rules, CustomerDirectory customers,
			CareProfiles careProfiles, MessageSource messages, When when, Clock clock) {
		this.list = list;
		this.sweep = sweep;
		this.rules = rules;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.messages = messages;
		this.when = when;
		this.clock = clock;
	}

	/** A line of the list with its explanation already in words. */
	record Line(MissingCustomer missing, String usually, String lastSeen, String missed, String howUnusual,
			String why) {
	}

	@GetMapping("/missing")
	String missing(@AuthenticationPrincipal ShopUser user, Model model) {
		Locale locale = LocaleContextHolder.getLocale();
		ZoneId zone = this.when.zone();
		LocalDate today = LocalDate.now(this.clock.withZone(zone));
		List<Line> lines = new ArrayList<>();
		AbsenceSettings settings = this.rules.settings(user.shopId());
		for (MissingCustomer m : this.list.missing(user.shopId())) {
			String missed = (m.missedUsualDays() > 0)
					? this.messages.getMessage("missing.missedDays", new Object[] { m.missedUsualDays() }, locale)
					: (m.missedVisits() > 0) ? this.messages.getMessage("missing.missedVisits",
							new Object[] { m.missedVisits() }, locale) : null;
			lines.add(new Line(
					m, usually(m, locale), lastSeen(m.lastSeenAt(), zone, today, locale), missed, this.messages
						.getMessage("missing.howUnusual", new Object[] { m.oneIn(), m.customer().callName() }, locale),
					why(m, settings, locale)));
		}
		// The badges (lives alone, alarm, vulnerable) are care data: each shown is
		// logged.
		this.careProfiles.careFlagsShown(user,
				lines.stream()
					.map(Line::missing)
					.filter((m) -> m.care().livesAlone() || m.care().personalAlarm() || m.care().vulnerable())
					.map((m) -> m.customer().id())
					.toList());
		model.addAttribute("lines", lines);
		model.addAttribute("red", lines.stream().filter((l) -> l.missing().level() == Level.RED).count());
		model.addAttribute("amber", lines.stream().filter((l) -> l.missing().level() == Level.AMBER).count());
		model.addAttribute("lastSweep", this.sweep.lastSweep(user.shopId()).orElse(null));
		AbsenceRules.RedBudget budget = this.rules.redBudget(user.shopId());
		model.addAttribute("budgetMeans", BudgetWords.means(budget, this.messages, locale));
		model.addAttribute("budgetHad", BudgetWords.had(budget, this.messages, locale));
		return "absences/missing";
	}

	/**
	 * Which rule made this customer red or amber, in words that agree with the figures on
	 * the card: the red level the budget set (the card's "1 time in N" is at least as
	 * rare, rounded the same way), the usual days missed (the same count as on the card),
	 * or amber, the early level.
	 */
	private String why(MissingCustomer m, AbsenceSettings settings, Locale locale) {
		return switch (m.level()) {
			case RED -> {
				AbsenceSettings.RedBy by = (m.redBy() != null) ? m.redBy() : (m.chance() < settings.redBelow())
						? AbsenceSettings.RedBy.CHANCE : AbsenceSettings.RedBy.MISSED_DAYS;
				if (by == AbsenceSettings.RedBy.CHANCE) {
					// The level this absence was judged by: at most its own chance.
					double level = Math.max(settings.redBelow(), m.chance());
					yield this.messages.getMessage("missing.why.redRare", new Object[] { MissingCustomer.oneIn(level) },
							locale);
				}
				if (m.hasUsualDays()) {
					yield this.messages.getMessage("missing.why.redMissed",
							new Object[] { m.missedUsualDays(), settings.redAfterMissedDays() }, locale);
				}
				yield this.messages.getMessage("missing.why.redMissedVisits",
						new Object[] { m.missedVisits(), settings.redAfterMissedDays() }, locale);
			}
			case AMBER -> this.messages.getMessage("missing.why.amber",
					new Object[] { MissingCustomer.oneIn(Math.max(settings.amberBelow(), m.chance())) }, locale);
			default -> null;
		};
	}

	@PostMapping("/missing/sweep")
	String sweepNow(@AuthenticationPrincipal ShopUser user) {
		this.sweep.sweep(user.shopId(), this.clock.instant());
		return "redirect:/missing";
	}

	/**
	 * "Seen or spoke to them": they leave the list, and the page says so with an undo
	 * button for {@link WhosMissing#CONTACT_UNDO_WINDOW}, for a tap on the wrong line.
	 */
	@PostMapping("/missing/{id}/seen")
	String seen(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		Customer customer = this.customers.get(user.shopId(), new CustomerId(id));
		UUID undo = this.list.seenByHand(user.shopId(), customer.id(), this.clock.instant(), "SPOKE");
		redirect.addFlashAttribute("seenName", customer.callName());
		redirect.addFlashAttribute("seenUndo", undo);
		redirect.addFlashAttribute("undoSeconds", WhosMissing.CONTACT_UNDO_WINDOW.toSeconds());
		return "redirect:/missing";
	}

	@PostMapping("/missing/undo/{undoId}")
	String undoSeen(@AuthenticationPrincipal ShopUser user, @PathVariable UUID undoId, RedirectAttributes redirect) {
		Optional<CustomerId> undone = this.list.undoSeen(user.shopId(), undoId);
		if (undone.isPresent()) {
			redirect.addFlashAttribute("undoneName", this.customers.get(user.shopId(), undone.get()).callName());
		}
		else {
			redirect.addFlashAttribute("undoTooLate", true);
		}
		return "redirect:/missing";
	}

	@PostMapping("/missing/{id}/snooze")
	String snooze(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(name = "hours", defaultValue = "4") int hours) {
		CustomerId customer = this.customers.get(user.shopId(), new CustomerId(id)).id();
		int bounded = Math.max(1, Math.min(hours, 72));
		this.list.snooze(user.shopId(), customer, this.clock.instant().plus(Duration.ofHours(bounded)));
		return "redirect:/missing";
	}

	/** The customer's usual week as a heat strip (a fragment on their page). */
	@GetMapping("/customers/{id}/rhythm")
	String rhythm(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		CustomerId customer = this.customers.get(user.shopId(), new CustomerId(id)).id();
		Locale locale = LocaleContextHolder.getLocale();
		double[][] week = this.list.usualWeek(user.shopId(), customer).orElse(null);
		model.addAttribute("week", week);
		if (week != null) {
			double max = 1e-9;
			for (double[] day : week) {
				for (double cell : day) {
					max = Math.max(max, cell);
				}
			}
			model.addAttribute("max", max);
			List<String> days = new ArrayList<>();
			for (DayOfWeek day : DayOfWeek.values()) {
				days.add(day.getDisplayName(TextStyle.SHORT, locale));
			}
			model.addAttribute("dayNames", days);
			List<String> hours = new ArrayList<>();
			for (int bin = 0; bin < UsualRhythm.HOUR_BINS; bin++) {
				hours.add(hour(bin * UsualRhythm.HOURS_PER_BIN, locale));
			}
			model.addAttribute("hourNames", hours);
		}
		return "absences/rhythm :: strip";
	}

	private String usually(MissingCustomer m, Locale locale) {
		boolean[] days = m.usualDays();
		List<String> parts = new ArrayList<>();
		int d = 0;
		while (d < 7) {
			if (!days[d]) {
				d++;
				continue;
			}
			int end = d;
			while (end + 1 < 7 && days[end + 1]) {
				end++;
			}
			String first = DayOfWeek.of(d + 1).getDisplayName(TextStyle.FULL, locale);
			if (end - d >= 2) {
				parts.add(this.messages.getMessage("missing.dayRange",
						new Object[] { first, DayOfWeek.of(end + 1).getDisplayName(TextStyle.FULL, locale) }, locale));
			}
			else {
				for (int i = d; i <= end; i++) {
					parts.add(DayOfWeek.of(i + 1).getDisplayName(TextStyle.FULL, locale));
				}
			}
			d = end + 1;
		}
		String hour = (m.usualHour() >= 0) ? hour(m.usualHour(), locale) : "";
		if (parts.isEmpty()) {
			return this.messages.getMessage("missing.usually.noFixedDay", new Object[] { hour }, locale);
		}
		String joined = (parts.size() == 1) ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1)) + " "
				+ this.messages.getMessage("missing.and", null, locale) + " " + parts.get(parts.size() - 1);
		return this.messages.getMessage("missing.usually", new Object[] { joined, hour }, locale);
	}

	private String lastSeen(Instant at, ZoneId zone, LocalDate today, Locale locale) {
		var local = at.atZone(zone);
		long daysAgo = ChronoUnit.DAYS.between(local.toLocalDate(), today);
		String day = When.inSentence(local.getDayOfWeek().getDisplayName(TextStyle.FULL, locale)) + " "
				+ DateTimeFormatter.ofPattern("H:mm").format(local);
		return this.messages.getMessage("missing.lastSeen", new Object[] { day, daysAgo }, locale);
	}

	/** An hour as people say it: 3pm, or in Welsh 3yh. */
	private static String hour(int hour, Locale locale) {
		Locale in = (Language.of(locale) == Language.WELSH) ? locale : Locale.UK;
		return DateTimeFormatter.ofPattern("ha", in).format(LocalTime.of(hour, 0)).toLowerCase(Locale.ROOT);
	}

}
