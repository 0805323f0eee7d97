package app.extramile.today;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import app.extramile.absences.Level;
import app.extramile.absences.MissingCustomer;
import app.extramile.absences.WhosMissing;
import app.extramile.alarms.AlarmDesk;
import app.extramile.alarms.AlarmViews.Alarm;
import app.extramile.callouts.CallOuts;
import app.extramile.callouts.CallOuts.CallOut;
import app.extramile.callouts.CallOuts.Slot;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.errands.Errand;
import app.extramile.errands.ErrandOffers;
import app.extramile.errands.Errands;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shops;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import app.extramile.today.Today.AlarmLine;
import app.extramile.today.Today.BirthdayLine;
import app.extramile.today.Today.CallOutLine;
import app.extramile.today.Today.CheckLine;
import app.extramile.today.Today.Counts;
import app.extramile.today.Today.ErrandLine;
import app.extramile.today.Today.MissingLine;
import app.extramile.today.Today.StepLine;
import app.extramile.welfare.CheckViews.Check;
import app.extramile.welfare.CheckViews.Step;
import app.extramile.welfare.WelfareChecks;

import org.springframework.stereotype.Component;

/**
 * Puts the Today page together from each module's own small query, each scoped by the
 * signed-in person's shop. Owners and staff see the shop; volunteers what is theirs to do
 * (name, address and phone of a customer only).
 */
@Component
class TodayBoard {

	/** How many of Who's missing the page shows; the rest are a link away. */
	static final int MISSING_SHOWN = 5;

	/** How many open welfare checks the page shows. */
	static final int CHECKS_SHOWN = 8;

	/** Birthdays from today to this many days ahead. */
	static final int BIRTHDAY_DAYS = 7;

	private final AlarmDesk alarms;

	private final WelfareChecks checks;

	private final WhosMissing absences;

	private final Errands errands;

	private final ErrandOffers errandOffers;

	private final CallOuts callOuts;

	private final CustomerDirectory customers;

	private final Team team;

	private final Shops shops;

	private final Clock clock;

	TodayBoard(AlarmDesk alarms, WelfareChecks checks, WhosMissing absences, Errands errands, ErrandOffers errandOffers,
			CallOuts callOuts, CustomerDirectory customers, Team team, Shops shops, Clock clock) {
		this.alarms = alarms;
		this.checks = checks;
		this.absences = absences;
		this.errands = errands;
		this.errandOffers = errandOffers;
		this.callOuts = callOuts;
		this.customers = customers;
		this.team = team;
		this.shops = shops;
		this.clock = clock;
	}

	Today of(ShopUser user, Locale locale) {
		return user.mayReadCareProfile() ? forStaff(user, locale) : forHelper(user, locale);
	}

	private Today forStaff(ShopUser user, Locale locale) {
		ShopId shop = user.shopId();
		Instant now = this.clock.instant();
		ZoneId zone = this.shops.zone(shop);
		LocalDate today = LocalDate.ofInstant(now, zone);
		Names names = new Names(shop);

		List<AlarmLine> alarmLines = alarmLines(this.alarms.live(shop), names, now);

		Set<UUID> heldByMe = this.checks.heldBy(user).stream().map(Step::id).collect(Collectors.toSet());
		List<CheckLine> checkLines = new ArrayList<>();
		for (Check check : this.checks.checks(shop, true, CHECKS_SHOWN)) {
			Step step = check.currentStep();
			checkLines.add(new CheckLine(check.id(), check.customer().sayName(), check.reason(),
					(step != null) ? step.kind() : null, (step != null) ? step.contactName() : null,
					(step != null) ? step.dueAt() : null, step != null && step.overdue(now),
					step != null && user.accountId().equals(step.assignee())));
		}

		List<MissingCustomer> missing = this.absences.missing(shop);
		int red = 0;
		int amber = 0;
		List<MissingLine> missingLines = new ArrayList<>();
		for (MissingCustomer m : missing) {
			boolean snoozed = m.snoozedUntil() != null;
			if (!snoozed) {
				red += (m.level() == Level.RED) ? 1 : 0;
				amber += (m.level() == Level.AMBER) ? 1 : 0;
			}
			if (missingLines.size() < MISSING_SHOWN && (m.level() == Level.RED || m.level() == Level.AMBER)) {
				Customer c = m.customer();
				missingLines.add(new MissingLine(c.id(), c.name(), m.level(), phoneOf(c), snoozed));
			}
		}

		List<ErrandLine> due = errandLines(this.errands.dueOn(shop, today), names, Set.of(), Set.of(), locale);
		List<ErrandLine> stuck = errandLines(this.errandOffers.nobodyCanTake(shop, today), names, Set.of(), Set.of(),
				locale);

		DateTimeFormatter words = dayInWords(locale);
		List<BirthdayLine> birthdays = this.customers.birthdays(shop, today, BIRTHDAY_DAYS - 1)
			.stream()
			.map((b) -> new BirthdayLine(b.customer().id(), b.customer().sayName(), words.format(b.on()), b.age(),
					b.on().equals(today)))
			.toList();

		List<CallOutLine> callOutLines = callOutLines(this.callOuts.withGaps(shop), zone, locale);

		Counts counts = new Counts(alarmLines.size(), this.checks.openCount(shop), red, amber, due.size(), stuck.size(),
				callOutLines.stream().mapToInt(CallOutLine::gaps).sum());
		return new Today(true, words.format(today), true, false, counts, alarmLines, checkLines, heldByMe.size(),
				List.of(), missingLines, due, stuck, birthdays, callOutLines);
	}

	private Today forHelper(ShopUser user, Locale locale) {
		ShopId shop = user.shopId();
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, this.shops.zone(shop));
		Names names = new Names(shop);
		Optional<TeamMember> me = this.team.memberForAccount(shop, user.accountId());
		boolean onDuty = me.isPresent()
				&& this.team.onDutyAt(shop, now).stream().anyMatch((m) -> m.id().equals(me.get().id()));

		List<AlarmLine> alarmLines = alarmLines(this.alarms.liveFor(user), names, now);

		List<StepLine> steps = new ArrayList<>();
		Map<UUID, Check> checkOf = new HashMap<>();
		for (Step step : this.checks.tasksFor(user)) {
			Check check = checkOf.computeIfAbsent(step.checkId(), (id) -> this.checks.check(shop, id));
			Customer c = check.customer();
			steps.add(new StepLine(step.id(), step.checkId(), step.kind(), c.sayName(), addressOf(c), step.dueAt(),
					user.accountId().equals(step.assignee())));
		}

		List<Errand> mine = this.errandOffers.forHelperOn(user, today);
		ErrandOffers.Mine which = this.errandOffers.mine(user, mine);
		List<ErrandLine> errandLines = errandLines(mine, names, which.offered(), which.askedByMe(), locale);

		List<CallOutLine> callOutLines = callOutLines(this.callOuts.openTo(user), this.shops.zone(shop), locale);

		Counts counts = new Counts(alarmLines.size(), 0, 0, 0, errandLines.size(), 0,
				callOutLines.stream().mapToInt(CallOutLine::gaps).sum());
		return new Today(false, dayInWords(locale).format(today), me.isPresent(), onDuty, counts, alarmLines, List.of(),
				0, steps, List.of(), errandLines, List.of(), List.of(), callOutLines);
	}

	private List<AlarmLine> alarmLines(List<Alarm> live, Names names, Instant now) {
		List<AlarmLine> lines = new ArrayList<>();
		for (Alarm alarm : live) {
			Optional<Customer> customer = names.customer(alarm.customerId());
			lines.add(new AlarmLine(alarm.id(), customer.map(Customer::sayName).orElse(alarm.customerName()),
					customer.map(TodayBoard::addressOf).orElse(""), alarm.kind(), alarm.receivedAt(),
					Math.max(0, Duration.between(alarm.receivedAt(), now).toMinutes()), !alarm.open()));
		}
		return lines;
	}

	private List<ErrandLine> errandLines(List<Errand> list, Names names, Set<UUID> offered, Set<UUID> askedByMe,
			Locale locale) {
		DateTimeFormatter words = dayInWords(locale);
		List<ErrandLine> lines = new ArrayList<>();
		for (Errand e : list) {
			String who;
			String address = "";
			if (e.forColleague()) {
				who = names.member(e.askedByMember());
			}
			else {
				Optional<Customer> customer = names.customer(e.customerId());
				who = customer.map(Customer::sayName).orElse("");
				address = customer.map(TodayBoard::addressOf).orElse("");
			}
			lines.add(new ErrandLine(e.id(), who, address, e.kind(), e.on(), words.format(e.on()), e.from(), e.to(),
					e.status(), e.needsDriver(), e.needsDbs(), offered.contains(e.id()), askedByMe.contains(e.id())));
		}
		return lines;
	}

	private static List<CallOutLine> callOutLines(List<CallOut> list, ZoneId zone, Locale locale) {
		DateTimeFormatter words = DateTimeFormatter.ofPattern("EEEE d MMMM, HH:mm", locale);
		return list.stream()
			.map((c) -> new CallOutLine(c.id(), c.title(), c.place(), c.gaps(),
					c.slots()
						.stream()
						.map(Slot::startsAt)
						.min(Instant::compareTo)
						.map((at) -> app.extramile.system.When.inSentence(words.format(at.atZone(zone))))
						.orElse(null)))
			.toList();
	}

	static DateTimeFormatter dayInWords(Locale locale) {
		return DateTimeFormatter.ofPattern("EEEE d MMMM", locale);
	}

	static String addressOf(Customer c) {
		return Stream.of(c.addressLine(), c.town())
			.filter((part) -> part != null && !part.isBlank())
			.collect(Collectors.joining(", "));
	}

	private static String phoneOf(Customer c) {
		return (c.phone() != null && !c.phone().isBlank()) ? c.phone() : c.mobile();
	}

	/** Customers and team members of the shop, each looked up once per page. */
	private final class Names {

		private final ShopId shop;

		private final Map<CustomerId, Optional<Customer>> customers = new HashMap<>();

		private Map<UUID, String> members;

		Names(ShopId shop) {
			this.shop = shop;
		}

		Optional<Customer> customer(CustomerId id) {
			return (id != null)
					? this.customers.computeIfAbsent(id,
							(key) -> TodayBoard.this.customers.find(this.shop, key).filter((c) -> !c.archived()))
					: Optional.empty();
		}

		String member(UUID id) {
			if (this.members == null) {
				this.members = TodayBoard.this.team.members(this.shop)
					.stream()
					.collect(Collectors.toMap(TeamMember::id, TeamMember::name, (a, b) -> a));
			}
			return this.members.getOrDefault(id, "");
		}

	}

}
