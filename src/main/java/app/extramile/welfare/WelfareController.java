package app.extramile.welfare;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import app.extramile.customers.CareProfiles;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.welfare.CheckViews.Check;
import app.extramile.welfare.CheckViews.Step;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Welfare checks on the web: the list, one check's ladder, a helper's phone page, and the
 * emergency guidance screen.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class WelfareController {

	private final WelfareChecks checks;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final Accounts accounts;

	private final CheckIns checkIns;

	private final StepDeadlines deadlines;

	private final Clock clock;

	WelfareController(WelfareChecks checks, CheckIns checkIns, StepDeadlines deadlines, CustomerDirectory customers,
			CareProfiles careProfiles, Accounts accounts, Clock clock) {
		this.checks = checks;
		this.checkIns = checkIns;
		this.deadlines = deadlines;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.accounts = accounts;
		this.clock = clock;
	}

	@GetMapping("/checks")
	String list(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("open", this.checks.checks(user.shopId(), true, 100));
		model.addAttribute("resolved", this.checks.checks(user.shopId(), false, 20));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("checkIns", this.checkIns.list(user.shopId()));
		model.addAttribute("customers", this.customers.list(user.shopId(), false, 1000, 0));
		model.addAttribute("weekdays", DayOfWeek.values());
		model.addAttribute("stepKinds", StepKind.values());
		if (!model.containsAttribute("deadlines")) {
			Map<String, String> minutes = new HashMap<>();
			this.deadlines.all(user.shopId())
				.forEach((kind, allowed) -> minutes.put(kind.name(), Long.toString(allowed.toMinutes())));
			model.addAttribute("deadlines", minutes);
		}
		if (!model.containsAttribute("checkIn")) {
			model.addAttribute("checkIn", Map.of());
		}
		return "welfare/checks";
	}

	/**
	 * Adds a regular check-in. A refused field is shown by that field, with what was
	 * typed kept.
	 */
	@PostMapping("/checks/check-ins")
	String addCheckIn(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String customerId,
			@RequestParam(required = false) String weekday, @RequestParam(required = false) String at,
			@RequestParam(required = false) String note, Model model, RedirectAttributes redirect) {
		try {
			this.checkIns.add(user, this.customers.pick(user.shopId(), customerId).orElse(null),
					parse(weekday, (v) -> DayOfWeek.of(Integer.parseInt(v))), parse(at, LocalTime::parse), note);
			redirect.addFlashAttribute("checkInAdded", true);
			return "redirect:/checks#check-ins";
		}
		catch (Refused ex) {
			Map<String, String> typed = new HashMap<>();
			typed.put("customerId", customerId);
			typed.put("weekday", weekday);
			typed.put("at", at);
			typed.put("note", note);
			model.addAttribute("checkIn", typed);
			FormRefusal.of("checkIn", ex, Map.of()).to(model);
			return list(user, model);
		}
	}

	/**
	 * The owner sets how long each kind of step may take; a refused value is shown by its
	 * field.
	 */
	@PostMapping("/checks/deadlines")
	@PreAuthorize("hasRole('OWNER')")
	String deadlines(@AuthenticationPrincipal ShopUser user, @RequestParam Map<String, String> form, Model model,
			RedirectAttributes redirect) {
		Map<StepKind, Integer> minutes = new java.util.EnumMap<>(StepKind.class);
		Map<String, String> typed = new HashMap<>();
		for (StepKind kind : StepKind.values()) {
			String value = form.get(kind.name());
			typed.put(kind.name(), value);
			minutes.put(kind, parse(value, Integer::valueOf));
		}
		try {
			this.deadlines.update(user, minutes);
			redirect.addFlashAttribute("deadlinesSaved", true);
			return "redirect:/checks#deadlines";
		}
		catch (Refused ex) {
			model.addAttribute("deadlines", typed);
			FormRefusal.of("deadlines", ex, Map.of()).to(model);
			return list(user, model);
		}
	}

	@PostMapping("/checks/check-ins/{id}/end")
	String endCheckIn(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.checkIns.end(user, id);
		return "redirect:/checks#check-ins";
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

	/**
	 * Starts a check by hand: for the customer typed into the picker on the checks page
	 * (or sent by id from Who's missing). One that names nobody is refused by the field,
	 * with what was typed kept; a customer with a check open goes to that check.
	 */
	@PostMapping("/checks")
	String start(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) String customerId,
			Model model) {
		CustomerId customer = this.customers.pick(user.shopId(), customerId).orElse(null);
		if (customer == null) {
			model.addAttribute("startTyped", customerId);
			model.addAttribute("startRefused", "checks.start.refused");
			return list(user, model);
		}
		UUID id = this.checks.openByHand(user, customer);
		return "redirect:/checks/" + id;
	}

	@GetMapping("/checks/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Check check = this.checks.check(user.shopId(), id);
		model.addAttribute("check", check);
		model.addAttribute("checkInNote", this.checkIns.noteOf(user.shopId(), id));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("names", names(user));
		model.addAttribute("outcomes", Outcome.recordables());
		return "welfare/check";
	}

	@GetMapping("/tasks")
	@PreAuthorize("isAuthenticated()")
	String tasks(@AuthenticationPrincipal ShopUser user, Model model) {
		List<Step> steps = this.checks.tasksFor(user);
		model.addAttribute("steps", steps);
		model.addAttribute("checks",
				steps.stream()
					.map(Step::checkId)
					.distinct()
					.collect(Collectors.toMap((c) -> c, (c) -> this.checks.check(user.shopId(), c))));
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("doorOutcomes", WelfareChecks.VOLUNTEER_OUTCOMES.stream().sorted().toList());
		return "welfare/tasks";
	}

	/**
	 * One step at the door (a pop-round on a helper's phone): who, where, a map, a phone
	 * to ring, what to record, and the access notes behind a logged reveal for those
	 * allowed.
	 */
	@GetMapping("/checks/steps/{stepId}")
	@PreAuthorize("isAuthenticated()")
	String step(@AuthenticationPrincipal ShopUser user, @PathVariable UUID stepId, Model model) {
		return stepPage(user, stepId, model, null, false);
	}

	/**
	 * The logged reveal of the access notes, shown on the step page (never redirected).
	 */
	@PostMapping("/checks/steps/{stepId}/access-notes")
	@PreAuthorize("isAuthenticated()")
	String revealAccessNotes(@AuthenticationPrincipal ShopUser user, @PathVariable UUID stepId, Model model) {
		String notes = this.checks.revealAccessNotes(user, stepId).orElse(null);
		return stepPage(user, stepId, model, notes, true);
	}

	private String stepPage(ShopUser user, UUID stepId, Model model, String notes, boolean revealed) {
		Step step = this.checks.step(user.shopId(), stepId);
		if (!this.checks.maySee(user, step)) {
			throw new AccessDeniedException("this step is for staff and the helper it is offered to");
		}
		model.addAttribute("step", step);
		model.addAttribute("check", this.checks.check(user.shopId(), step.checkId()));
		model.addAttribute("mine", user.accountId().equals(step.assignee()));
		model.addAttribute("mayReveal", this.checks.mayRevealAccessNotes(user, step));
		model.addAttribute("accessNotes", notes);
		model.addAttribute("revealed", revealed);
		model.addAttribute("now", this.clock.instant());
		model.addAttribute("doorOutcomes", WelfareChecks.VOLUNTEER_OUTCOMES.stream().sorted().toList());
		return "welfare/step";
	}

	@PostMapping("/checks/steps/{stepId}/accept")
	@PreAuthorize("isAuthenticated()")
	String accept(@AuthenticationPrincipal ShopUser user, @PathVariable UUID stepId, RedirectAttributes redirect) {
		boolean taken = this.checks.accept(user, stepId);
		if (!taken) {
			redirect.addFlashAttribute("taken", true);
		}
		if (user.mayReadCareProfile()) {
			return "redirect:/checks/" + this.checks.step(user.shopId(), stepId).checkId();
		}
		return taken ? "redirect:/checks/steps/" + stepId : "redirect:/tasks";
	}

	@PostMapping("/checks/steps/{stepId}/decline")
	@PreAuthorize("isAuthenticated()")
	String decline(@AuthenticationPrincipal ShopUser user, @PathVariable UUID stepId) {
		this.checks.decline(user, stepId);
		return "redirect:/tasks";
	}

	@PostMapping("/checks/steps/{stepId}/outcome")
	@PreAuthorize("isAuthenticated()")
	String outcome(@AuthenticationPrincipal ShopUser user, @PathVariable UUID stepId, @RequestParam Outcome outcome,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate awayUntil,
			@RequestParam(required = false) String help, @RequestHeader(name = "Referer", required = false) String from,
			Model model, RedirectAttributes redirect) {
		UUID checkId = this.checks.step(user.shopId(), stepId).checkId();
		try {
			if (!this.checks.record(user, stepId, outcome, awayUntil, help)) {
				redirect.addFlashAttribute("movedOn", true);
			}
		}
		catch (Refused ex) {
			// the page the outcome was given on again, the message by the field, the text
			// kept
			FormRefusal.of("help-" + stepId, ex, Map.of("help", new String[] { help })).to(model);
			if (from != null && from.contains("/checks/steps/" + stepId)) {
				return step(user, stepId, model);
			}
			if ((from != null && from.contains("/tasks")) || !user.mayReadCareProfile()) {
				return tasks(user, model);
			}
			return show(user, checkId, model);
		}
		return user.mayReadCareProfile() ? "redirect:/checks/" + checkId : "redirect:/tasks";
	}

	/**
	 * What to tell 999 or 101, and how to get in: only for the person handling it, and
	 * logged.
	 */
	@GetMapping("/checks/{id}/emergency")
	String emergency(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Check check = this.checks.check(user.shopId(), id);
		Step step = check.currentStep();
		boolean handling = step != null && step.kind() == StepKind.EMERGENCY && this.checks.accept(user, step.id());
		model.addAttribute("check", check);
		model.addAttribute("handling", handling);
		if (handling) {
			model.addAttribute("step", step);
			model.addAttribute("accessNotes",
					this.careProfiles.revealAccessNotes(user, check.customer().id()).orElse(null));
		}
		return "welfare/emergency";
	}

	private Map<UUID, String> names(ShopUser user) {
		return this.accounts.members(user.shopId())
			.stream()
			.collect(Collectors.toMap(Accounts.Member::id, Accounts.Member::displayName));
	}

}
