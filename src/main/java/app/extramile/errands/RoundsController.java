package app.extramile.errands;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consent;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.FormRefusal;
import app.extramile.shared.Pdf;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;
import app.extramile.system.When;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The delivery round page (staff), a driver's own round on the phone, and the printable
 * per-driver run sheet. Access notes are on a run sheet only for that driver's own stops,
 * only with the customer's consent to keep care notes, and each reveal is logged by the
 * customers module.
 */
@Controller
@PreAuthorize("isAuthenticated()")
class RoundsController {

	private final DeliveryRounds rounds;

	private final Errands errands;

	private final Team team;

	private final CustomerDirectory customers;

	private final Consents consents;

	private final CareProfiles careProfiles;

	private final Shops shops;

	private final SpringTemplateEngine templates;

	private final When when;

	RoundsController(DeliveryRounds rounds, Errands errands, Team team, CustomerDirectory customers, Consents consents,
			CareProfiles careProfiles, Shops shops, SpringTemplateEngine templates, When when) {
		this.rounds = rounds;
		this.errands = errands;
		this.team = team;
		this.customers = customers;
		this.consents = consents;
		this.careProfiles = careProfiles;
		this.shops = shops;
		this.templates = templates;
		this.when = when;
	}

	@GetMapping("/errands/rounds")
	@PreAuthorize("hasRole('STAFF')")
	String page(@AuthenticationPrincipal ShopUser user,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, Model model) {
		LocalDate date = (day != null) ? day : this.errands.today(user.shopId());
		DeliveryRounds.Day plan = this.rounds.day(user, date);
		model.addAttribute("round", plan);
		model.addAttribute("day", date);
		model.addAttribute("picture", RoundPicture.of(plan));
		Map<UUID, Integer> capacities = new HashMap<>();
		plan.routes().forEach((r) -> capacities.put(r.driver().id(), r.capacity()));
		model.addAttribute("capacities", capacities);
		return "errands/rounds";
	}

	@PostMapping("/errands/rounds/plan")
	@PreAuthorize("hasRole('STAFF')")
	String plan(@AuthenticationPrincipal ShopUser user,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
			@RequestParam(name = "driver", required = false) List<UUID> drivers, @RequestParam Map<String, String> form,
			Model model) {
		try {
			List<DeliveryRounds.DriverChoice> chosen = new ArrayList<>();
			for (UUID driver : (drivers != null) ? drivers : List.<UUID>of()) {
				Integer capacity = ErrandsController.parseOrRefuse(form.get("capacity-" + driver), Integer::valueOf,
						"capacity-" + driver, "errands.refused.capacity");
				chosen.add(new DeliveryRounds.DriverChoice(driver, (capacity != null) ? capacity : 0));
			}
			this.rounds.plan(user, day, chosen);
			return "redirect:/errands/rounds?day=" + day;
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(model);
			return page(user, day, model);
		}
	}

	@PostMapping("/errands/rounds/pin")
	@PreAuthorize("hasRole('STAFF')")
	String pin(@AuthenticationPrincipal ShopUser user,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, @RequestParam UUID errandId,
			@RequestParam(required = false) UUID memberId, @RequestParam(defaultValue = "true") boolean pinned,
			Model model) {
		try {
			this.rounds.pin(user, day, errandId, memberId, pinned);
			return "redirect:/errands/rounds?day=" + day + "#stop-" + errandId;
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(model);
			return page(user, day, model);
		}
	}

	@PostMapping("/errands/rounds/place")
	@PreAuthorize("hasRole('STAFF')")
	String place(@AuthenticationPrincipal ShopUser user,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
			@RequestParam(required = false) String latitude, @RequestParam(required = false) String longitude,
			Model model) {
		try {
			this.rounds.setShopPlace(user,
					ErrandsController.parseOrRefuse(latitude, Double::valueOf, "latitude", "errands.refused.latitude"),
					ErrandsController.parseOrRefuse(longitude, Double::valueOf, "longitude",
							"errands.refused.longitude"));
			return "redirect:/errands/rounds?day=" + day;
		}
		catch (Refused ex) {
			FormRefusal.of(ex).to(model);
			model.addAttribute("typedLatitude", latitude);
			model.addAttribute("typedLongitude", longitude);
			return page(user, day, model);
		}
	}

	/**
	 * A driver's own round for the day, in order: who (as people say it), where, a map, a
	 * phone, the items and bags, the door buttons, and the access notes behind a logged
	 * reveal.
	 */
	@GetMapping("/errands/my-round")
	String myRound(@AuthenticationPrincipal ShopUser user,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, Model model) {
		LocalDate date = (day != null) ? day : this.errands.today(user.shopId());
		model.addAttribute("day", date);
		model.addAttribute("route", myRoute(user, date).orElse(null));
		return "errands/my-round";
	}

	/**
	 * The driver's logged reveal of one stop's access notes, shown on their round; only
	 * for a stop on their own round that day.
	 */
	@PostMapping("/errands/my-round/{errandId}/access-notes")
	String revealAccessNotes(@AuthenticationPrincipal ShopUser user, @PathVariable UUID errandId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, Model model) {
		DeliveryRounds.Route route = myRoute(user, day)
			.orElseThrow(() -> new AccessDeniedException("access notes are for the driver of the round"));
		DeliveryRounds.Stop stop = route.stops()
			.stream()
			.filter((s) -> s.errand().id().equals(errandId))
			.findFirst()
			.orElseThrow(() -> new AccessDeniedException("access notes are for the driver of this stop"));
		model.addAttribute("day", day);
		model.addAttribute("route", route);
		model.addAttribute("revealedStop", errandId);
		model.addAttribute("accessNotes", revealAccessNotes(user, stop).orElse(null));
		return "errands/my-round";
	}

	/**
	 * Access notes for one stop, logged by the customers module; none without the
	 * customer's consent to keep care notes.
	 */
	private Optional<String> revealAccessNotes(ShopUser user, DeliveryRounds.Stop stop) {
		boolean consented = this.consents.current(user.shopId(), stop.errand().customerId())
			.filter(Consent::active)
			.map(Consent::keepCareNotes)
			.orElse(false);
		if (!consented) {
			return Optional.empty();
		}
		return user.mayReadCareProfile() ? this.careProfiles.revealAccessNotes(user, stop.errand().customerId())
				: this.careProfiles.revealAccessNotesToResponder(user.shopId(), stop.errand().customerId(),
						user.accountId());
	}

	@GetMapping("/errands/rounds/sheet")
	ResponseEntity<byte[]> sheet(@AuthenticationPrincipal ShopUser user,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, @RequestParam UUID member)
			throws java.io.IOException {
		Optional<TeamMember> me = this.team.memberForAccount(user.shopId(), user.accountId());
		boolean ownSheet = me.isPresent() && me.get().id().equals(member);
		if (!user.mayReadCareProfile() && !ownSheet) {
			throw new AccessDeniedException("a run sheet is for staff and its driver");
		}
		DeliveryRounds.Route route = this.rounds.day(user.shopId(), day)
			.routes()
			.stream()
			.filter((r) -> r.driver().id().equals(member))
			.findFirst()
			.orElseThrow(() -> new app.extramile.shared.NotFoundException("route"));
		Map<UUID, String> accessNotes = new HashMap<>();
		for (DeliveryRounds.Stop stop : route.stops()) {
			revealAccessNotes(user, stop).ifPresent((n) -> accessNotes.put(stop.errand().id(), n));
		}
		Locale locale = LocaleContextHolder.getLocale();
		Context context = new Context(locale);
		context.setVariable("route", route);
		context.setVariable("day", this.when.date(day));
		context.setVariable("accessNotes", accessNotes);
		context.setVariable("shop", this.shops.find(user.shopId()).orElse(null));
		String xhtml = this.templates.process("errands/run-sheet-pdf", context);
		byte[] pdf = Pdf.fromXhtml(xhtml);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename("run-sheet-" + day + ".pdf").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(pdf);
	}

	private Optional<DeliveryRounds.Route> myRoute(ShopUser user, LocalDate date) {
		return this.team.memberForAccount(user.shopId(), user.accountId())
			.flatMap((me) -> this.rounds.day(user.shopId(), date)
				.routes()
				.stream()
				.filter((r) -> r.driver().id().equals(me.id()))
				.findFirst());
	}

}
