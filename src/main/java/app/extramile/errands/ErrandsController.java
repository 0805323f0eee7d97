package app.extramile.errands;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.recognition.Recognition;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.security.access.AccessDeniedException;
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
 * Errands on the web, phone first: staff ask for and manage errands; helpers see the ones
 * offered to them and their own (the customer's name, address and phone only), accept or
 * decline, and record what happened at the door. Anyone on the team may ask the team for
 * help for themselves ({@code /errands/ask-team}); when it is done they can thank the
 * helper in one tap (the form posts to the thank-you board, about this errand).
 */
@Controller
@PreAuthorize("isAuthenticated()")
class ErrandsController {

	private final Errands errands;

	private final ErrandRequests requests;

	private final ErrandOffers offers;

	private final Doorstep doorstep;

	private final CustomerDirectory customers;

	private final Team team;

	private final Recognition recognition;

	private final Clock clock;

	ErrandsController(Errands errands, ErrandRequests requests, ErrandOffers offers, Doorstep doorstep,
			CustomerDirectory customers, Team team, Recognition recognition, Clock clock) {
		this.errands = errands;
		this.requests = requests;
		this.offers = offers;
		this.doorstep = doorstep;
		this.customers = customers;
		this.team = team;
		this.recognition = recognition;
		this.clock = clock;
	}

	@GetMapping("/errands")
	String list(@AuthenticationPrincipal ShopUser user, Model model) {
		LocalDate today = this.errands.today(user.shopId());
		List<Errand> list = user.mayReadCareProfile() ? this.errands.from(user, today.minusDays(1), 300)
				: this.offers.forHelper(user);
		model.addAttribute("errands", list);
		model.addAttribute("people", people(user, list));
		model.addAttribute("members", members(user));
		ErrandOffers.Mine mine = this.offers.mine(user, list);
		model.addAttribute("offered", mine.offered());
		model.addAttribute("askedByMe", mine.askedByMe());
		model.addAttribute("kinds", ErrandKind.customerKinds());
		model.addAttribute("today", today);
		if (user.mayReadCareProfile()) {
			model.addAttribute("customers", this.customers.list(user.shopId(), false, 1000, 0));
		}
		if (!model.containsAttribute("typed")) {
			Map<String, String> typed = new HashMap<>();
			typed.put("on", today.toString());
			typed.put("from", "10:00");
			typed.put("to", "12:00");
			model.addAttribute("typed", typed);
		}
		return "errands/list";
	}

	@PostMapping("/errands")
	@PreAuthorize("hasRole('STAFF')")
	String request(@AuthenticationPrincipal ShopUser user, @RequestParam Map<String, String> form, Model model,
			RedirectAttributes redirect) {
		try {
			UUID id = this.requests.request(user,
					new ErrandRequests.Request(this.customers.pick(user.shopId(), form.get("customerId")).orElse(null),
							parse(form.get("kind"), ErrandKind::valueOf), form.get("items"),
							parseOrRefuse(form.get("bags"), Integer::valueOf, "bags", "errands.refused.bags"),
							parseOrRefuse(form.get("charge"), Pounds::pence, "charge", "errands.refused.charge"),
							parse(form.get("on"), LocalDate::parse), parse(form.get("from"), LocalTime::parse),
							parse(form.get("to"), LocalTime::parse), form.containsKey("weekly"),
							form.containsKey("skillsSet") ? form.containsKey("needsDriver") : null,
							form.containsKey("skillsSet") ? form.containsKey("needsDbs") : null));
			redirect.addFlashAttribute("added", true);
			if (this.offers.nobodyCanTake(user.shopId(), this.errands.get(user.shopId(), id))) {
				// said at once, where it can be given to someone by name
				return "redirect:/errands/" + id;
			}
			return "redirect:/errands#e-" + id;
		}
		catch (Refused ex) {
			model.addAttribute("typed", new HashMap<>(form));
			FormRefusal.of(ex).to(model);
			return list(user, model);
		}
	}

	@GetMapping("/errands/ask-team")
	String askTeam(@AuthenticationPrincipal ShopUser user, Model model) {
		model.addAttribute("kinds", ErrandKind.colleagueKinds());
		model.addAttribute("me", this.team.memberForAccount(user.shopId(), user.accountId()).orElse(null));
		if (user.mayReadCareProfile()) {
			model.addAttribute("askers", this.team.members(user.shopId()));
		}
		model.addAttribute("whatLength", ErrandRequests.WHAT_LENGTH);
		if (!model.containsAttribute("typed")) {
			Map<String, String> typed = new HashMap<>();
			typed.put("on", this.errands.today(user.shopId()).toString());
			typed.put("from", "09:00");
			typed.put("to", "13:00");
			model.addAttribute("typed", typed);
		}
		return "errands/ask-team";
	}

	@PostMapping("/errands/ask-team")
	String askTeam(@AuthenticationPrincipal ShopUser user, @RequestParam Map<String, String> form, Model model,
			RedirectAttributes redirect) {
		try {
			UUID id = this.requests.askColleagues(user,
					new ErrandRequests.ColleagueRequest(
							parseOrRefuse(form.get("askedBy"), UUID::fromString, "askedBy", "errands.refused.asker"),
							parse(form.get("kind"), ErrandKind::valueOf), form.get("what"),
							parseOrRefuse(form.get("on"), LocalDate::parse, "on", "errands.refused.on"),
							parseOrRefuse(form.get("from"), LocalTime::parse, "from", "errands.refused.from"),
							parseOrRefuse(form.get("to"), LocalTime::parse, "to", "errands.refused.to")));
			redirect.addFlashAttribute("asked", true);
			return "redirect:/errands/" + id;
		}
		catch (Refused ex) {
			model.addAttribute("typed", new HashMap<>(form));
			FormRefusal.of(ex).to(model);
			return askTeam(user, model);
		}
	}

	@GetMapping("/errands/{id}")
	String show(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, Model model) {
		Errand errand = this.errands.get(user.shopId(), id);
		boolean offered = (errand.forColleague() || !user.mayReadCareProfile())
				&& this.offers.isOfferedTo(user, errand);
		boolean works = this.doorstep.mayWork(user, id);
		boolean asker = this.offers.isAskedBy(user, errand);
		if (!works && !offered && !asker) {
			throw new AccessDeniedException("not your errand");
		}
		model.addAttribute("errand", errand);
		if (errand.forColleague()) {
			model.addAttribute("asker", this.team.member(user.shopId(), errand.askedByMember()).orElse(null));
		}
		else {
			model.addAttribute("customer", this.customers.get(user.shopId(), errand.customerId()));
		}
		TeamMember helper = (errand.assigneeMember() != null)
				? this.team.member(user.shopId(), errand.assigneeMember()).orElse(null) : null;
		model.addAttribute("helper", helper);
		model.addAttribute("works", works);
		model.addAttribute("mine", asker);
		model.addAttribute("offered", offered && errand.status() == ErrandStatus.OPEN);
		boolean helped = asker && errand.status() == ErrandStatus.DONE && helper != null;
		Recognition.Thanks thanked = helped
				? this.recognition.thanksFrom(user.shopId(), user.accountId(), "ERRAND", errand.id()).orElse(null)
				: null;
		model.addAttribute("thanked", thanked);
		model.addAttribute("mayThank", helped && thanked == null);
		model.addAttribute("mayCancel",
				!errand.finished() && (user.mayReadCareProfile() || (asker && errand.forColleague())));
		if (user.mayReadCareProfile() && !errand.finished()) {
			model.addAttribute("nobodyCanTake", this.offers.nobodyCanTake(user.shopId(), errand));
			model.addAttribute("members",
					this.team.members(user.shopId())
						.stream()
						.filter((m) -> !m.id().equals(errand.askedByMember()))
						.toList());
		}
		model.addAttribute("outcomes", errand.delivers() ? List.of(DoorOutcome.values())
				: List.of(DoorOutcome.NO_ANSWER, DoorOutcome.OBSERVED));
		if (errand.status() == ErrandStatus.NOT_DELIVERED) {
			model.addAttribute("after", this.doorstep.afterNoAnswer(user.shopId(), id).orElse(null));
			if (!model.containsAttribute("typed")) {
				model.addAttribute("typed", Map.of("on", errand.on().plusDays(1).toString(), "from",
						errand.from().toString(), "to", errand.to().toString()));
			}
		}
		return "errands/errand";
	}

	/** Owners and staff give it to a named team member. */
	@PostMapping("/errands/{id}/assign")
	String assign(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(required = false) String member, Model model, RedirectAttributes redirect) {
		try {
			UUID chosen = parseOrRefuse(member, UUID::fromString, "member", "errands.refused.member");
			this.offers.assign(user, id, chosen);
			redirect.addFlashAttribute("assignedTo",
					this.team.member(user.shopId(), chosen).map(TeamMember::name).orElse(""));
			return "redirect:/errands/" + id;
		}
		catch (Refused ex) {
			return refused(user, id, ex, new HashMap<>(), model);
		}
	}

	/** After nobody answered: bring it back, or try again on a day and in a window. */
	@PostMapping("/errands/{id}/next-step")
	String nextStep(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
		try {
			Optional<UUID> retry = this.doorstep.nextStep(user, id,
					parseOrRefuse(form.get("step"), Doorstep.NextStep::valueOf, "step", "errands.refused.step"),
					parseOrRefuse(form.get("on"), LocalDate::parse, "on", "errands.refused.on"),
					parseOrRefuse(form.get("from"), LocalTime::parse, "from", "errands.refused.from"),
					parseOrRefuse(form.get("to"), LocalTime::parse, "to", "errands.refused.to"));
			redirect.addFlashAttribute("recorded", form.get("step"));
			return retry.map((next) -> "redirect:/errands/" + next).orElse("redirect:/errands/" + id);
		}
		catch (Refused ex) {
			return refused(user, id, ex, new HashMap<>(form), model);
		}
	}

	@PostMapping("/errands/{id}/accept")
	String accept(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id, RedirectAttributes redirect) {
		try {
			if (!this.offers.accept(user, id)) {
				redirect.addFlashAttribute("taken", true);
				return "redirect:/errands";
			}
		}
		catch (Refused ex) {
			redirect.addFlashAttribute("refused", ex.messageKey());
			return "redirect:/errands";
		}
		return "redirect:/errands/" + id;
	}

	@PostMapping("/errands/{id}/decline")
	String decline(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id) {
		this.offers.decline(user, id);
		return "redirect:/errands";
	}

	@PostMapping("/errands/{id}/done")
	String done(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(required = false) String minutes, Model model) {
		try {
			this.doorstep.complete(user, id, parse(minutes, Integer::valueOf));
			return "redirect:/errands/" + id;
		}
		catch (Refused ex) {
			return refused(user, id, ex, Map.of("minutes", (minutes != null) ? minutes : ""), model);
		}
	}

	@PostMapping("/errands/{id}/door")
	String door(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String observation,
			@RequestParam(required = false) String worrying, @RequestParam(required = false) String minutes,
			@RequestParam(required = false) String back, Model model, RedirectAttributes redirect) {
		try {
			this.doorstep.atTheDoor(user, id, parse(outcome, DoorOutcome::valueOf), observation, worrying != null,
					parseOrRefuse(minutes, Integer::valueOf, "minutes", "errands.refused.minutes"));
			redirect.addFlashAttribute("recorded", outcome);
			// after no answer, the errand's page asks what happens next
			boolean backToRound = "round".equals(back) && !DoorOutcome.NO_ANSWER.name().equals(outcome);
			return backToRound ? "redirect:/errands/my-round" : "redirect:/errands/" + id;
		}
		catch (Refused ex) {
			Map<String, String> typed = new HashMap<>();
			typed.put("observation", observation);
			typed.put("minutes", minutes);
			return refused(user, id, ex, typed, model);
		}
	}

	@PostMapping("/errands/{id}/cancel")
	String cancel(@AuthenticationPrincipal ShopUser user, @PathVariable UUID id,
			@RequestParam(required = false) String series) {
		this.requests.cancel(user, id, series != null);
		return "redirect:/errands/" + id;
	}

	private String refused(ShopUser user, UUID id, Refused ex, Map<String, String> typed, Model model) {
		FormRefusal.of(ex).to(model);
		model.addAttribute("typed", typed);
		return show(user, id, model);
	}

	private Map<UUID, Customer> people(ShopUser user, List<Errand> list) {
		Map<UUID, Customer> people = new HashMap<>();
		for (Errand errand : list) {
			if (errand.customerId() != null) {
				people.computeIfAbsent(errand.customerId().value(),
						(k) -> this.customers.get(user.shopId(), errand.customerId()));
			}
		}
		return people;
	}

	/** Team members by id, for the names of colleagues who asked and who helped. */
	private Map<UUID, TeamMember> members(ShopUser user) {
		Map<UUID, TeamMember> members = new HashMap<>();
		for (TeamMember member : this.team.members(user.shopId())) {
			members.put(member.id(), member);
		}
		return members;
	}

	static <T> T parse(String typed, Function<String, T> parser) {
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

	/** Blank is none; anything typed that does not parse is refused by its field. */
	static <T> T parseOrRefuse(String typed, Function<String, T> parser, String field, String key) {
		if (typed == null || typed.isBlank()) {
			return null;
		}
		try {
			return parser.apply(typed.trim());
		}
		catch (RuntimeException ex) {
			throw new Refused(field, key);
		}
	}

	/** Pounds and pence as typed ("2.50", "£3") to pence. */
	static final class Pounds {

		private Pounds() {
		}

		static Long pence(String typed) {
			String plain = typed.replace("£", "").trim();
			if (!plain.matches("\\d{1,4}(\\.\\d{1,2})?")) {
				throw new IllegalArgumentException("not an amount");
			}
			return new java.math.BigDecimal(plain).movePointRight(2).longValueExact();
		}

	}

}
