package app.extramile.welfare;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.AbsenceNoticed;
import app.extramile.absences.WhosMissing;
import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Consent;
import app.extramile.customers.Consents;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerEvents.ConsentRecorded;
import app.extramile.customers.CustomerEvents.ConsentRevoked;
import app.extramile.customers.CustomerId;
import app.extramile.customers.MissedVisitPlans;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.welfare.CheckViews.Check;
import app.extramile.welfare.CheckViews.Step;
import app.extramile.welfare.WelfareEvents.HelpRequested;
import app.extramile.welfare.WelfareEvents.StepEscalated;
import app.extramile.welfare.WelfareEvents.WelfareCheckOpened;
import app.extramile.welfare.WelfareEvents.WelfareCheckResolved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The welfare module's facade. A check walks the customer's missed-visit plan one step at
 * a time; every open step has a due time stored in its row, and the deadline task
 * (durable, cluster-safe) reminds and then escalates overdue steps. Every change is a
 * conditional update, so a handler that runs twice changes nothing twice.
 */
@Service
@Transactional
public class WelfareChecks {

	private static final Logger log = LoggerFactory.getLogger(WelfareChecks.class);

	/** After the reminder, how long before the step escalates to the next one. */
	static final Duration GRACE = Duration.ofMinutes(10);

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final AwayNotices awayNotices;

	private final Consents consents;

	private final MissedVisitPlans missedVisitPlans;

	private final CareProfiles careProfiles;

	private final WhosMissing absences;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final WelfareNotices notices;

	private final Team team;

	private final StepDeadlines deadlines;

	private final Clock clock;

	WelfareChecks(JdbcClient jdbc, CustomerDirectory customers, AwayNotices awayNotices, Consents consents,
			MissedVisitPlans missedVisitPlans, CareProfiles careProfiles, WhosMissing absences, Shops shops,
			ApplicationEventPublisher events, WelfareNotices notices, Team team, StepDeadlines deadlines, Clock clock) {
		this.team = team;
		this.deadlines = deadlines;
		this.jdbc = jdbc;
		this.customers = customers;
		this.awayNotices = awayNotices;
		this.consents = consents;
		this.missedVisitPlans = missedVisitPlans;
		this.careProfiles = careProfiles;
		this.absences = absences;
		this.shops = shops;
		this.events = events;
		this.notices = notices;
		this.clock = clock;
	}

	// --- Starting a check
	// -----------------------------------------------------------------------

	/** A red absence starts a check when the customer agreed to welfare checks. */
	@ApplicationModuleListener
	void on(AbsenceNoticed event) {
		startFor(event);
	}

	/** Opens the check for a noticed absence; the same episode twice opens one check. */
	void startFor(AbsenceNoticed event) {
		boolean agreed = this.consents.current(event.shopId(), event.customerId())
			.map(Consent::welfareChecks)
			.orElse(false);
		if (agreed) {
			open(event.shopId(), event.customerId(), "ABSENCE", null,
					"absence:" + event.customerId() + ":" + event.lastSeenAt().toEpochMilli());
		}
	}

	/** One tap from Who's missing or the customer's page; an open check is reused. */
	public UUID openByHand(ShopUser user, CustomerId customer) {
		requireStaff(user);
		this.customers.get(user.shopId(), customer);
		return openCheckOf(user.shopId(), customer).orElseGet(() -> open(user.shopId(), customer, "BY_HAND",
				user.accountId(), "hand:" + customer + ":" + this.clock.instant().toEpochMilli()));
	}

	/**
	 * Someone at the door found no answer or something worrying (the errands module asks,
	 * by its own event): opens a check with reason {@code DOORSTEP}, or reuses the open
	 * one. Idempotent by {@code sourceKey}: the same concern twice opens one check.
	 */
	public UUID openForDoorstep(ShopId shop, CustomerId customer, String sourceKey) {
		this.customers.get(shop, customer);
		Optional<UUID> earlier = this.jdbc.sql("select id from welfare_check where shop_id = ? and source_key = ?")
			.params(shop.value(), sourceKey)
			.query(UUID.class)
			.optional();
		return earlier.orElseGet(() -> open(shop, customer, "DOORSTEP", null, sourceKey));
	}

	private Optional<UUID> openCheckOf(ShopId shop, CustomerId customer) {
		return this.jdbc.sql("select id from welfare_check where shop_id = ? and customer_id = ? and status = 'OPEN'")
			.params(shop.value(), customer.value())
			.query(UUID.class)
			.optional();
	}

	UUID open(ShopId shop, CustomerId customer, String reason, UUID by, String sourceKey) {
		Optional<UUID> existing = openCheckOf(shop, customer);
		if (existing.isPresent()) {
			return existing.get();
		}
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		int inserted = this.jdbc.sql("""
				insert into welfare_check (id, shop_id, customer_id, reason, source_key, status, opened_at, opened_by)
				values (?, ?, ?, ?, ?, 'OPEN', ?, ?) on conflict do nothing""")
			.params(id, shop.value(), customer.value(), reason, sourceKey, Times.column(now), by)
			.update();
		if (inserted == 0) {
			return this.jdbc.sql("select id from welfare_check where shop_id = ? and source_key = ?")
				.params(shop.value(), sourceKey)
				.query(UUID.class)
				.single();
		}
		Customer person = this.customers.get(shop, customer);
		boolean mayRingContacts = this.consents.current(shop, customer).map(Consent::contactNamedPeople).orElse(false);
		List<CheckLadder.Rung> rungs = CheckLadder.from((person.phone() != null) ? person.phone() : person.mobile(),
				mayRingContacts ? this.missedVisitPlans.planContacts(shop, customer) : List.of(), mayRingContacts);
		int seq = 0;
		for (CheckLadder.Rung rung : rungs) {
			boolean first = seq == 0;
			this.jdbc
				.sql("""
						insert into welfare_step (id, shop_id, check_id, seq, kind, contact_name, contact_phone, status, due_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(UUID.randomUUID(), shop.value(), id, seq++, rung.kind().name(), rung.contactName(),
						rung.contactPhone(), first ? "OPEN" : "WAITING",
						first ? Times.column(now.plus(this.deadlines.allowed(shop, rung.kind()))) : null)
				.update();
		}
		this.events.publishEvent(new WelfareCheckOpened(shop, customer, id, now));
		this.notices.opened(shop, id, person);
		log.info("Welfare check {} opened for customer {} ({})", id, customer, reason);
		return id;
	}

	// --- Consent withdrawn
	// -----------------------------------------------------------------------

	/** Consent withdrawn altogether: everything below stops at once. */
	@ApplicationModuleListener
	void on(ConsentRevoked event) {
		consentWithdrawn(event.shopId(), event.customerId(), true, true);
	}

	/** New consent that leaves out welfare checks or contacting named people. */
	@ApplicationModuleListener
	void on(ConsentRecorded event) {
		if (!event.welfareChecks() || !event.contactNamedPeople()) {
			consentWithdrawn(event.shopId(), event.customerId(), !event.welfareChecks(), !event.contactNamedPeople());
		}
	}

	/**
	 * Stops using the customer's care data as soon as consent is withdrawn (UK GDPR).
	 * Without consent to welfare checks, her regular check-ins end and the checks the
	 * system opened (from an absence or a check-in) close with
	 * {@link Outcome#CONSENT_WITHDRAWN}. A check a person opened by hand or from the
	 * doorstep stays open: someone judged she may need help now (vital interests), and it
	 * walks on without her contacts. Without consent to contact named people, no contact
	 * is rung: their steps are cancelled and their names and numbers cleared from every
	 * step, as the customers module erases the contacts themselves. Safe to run twice.
	 */
	void consentWithdrawn(ShopId shop, CustomerId customer, boolean welfareChecks, boolean contactNamedPeople) {
		Instant now = this.clock.instant();
		if (welfareChecks) {
			this.jdbc.sql(
					"update welfare_check_in set ended_at = ? where shop_id = ? and customer_id = ? and ended_at is null")
				.params(Times.column(now), shop.value(), customer.value())
				.update();
			List<UUID> automatic = this.jdbc.sql("""
					select id from welfare_check where shop_id = ? and customer_id = ? and status = 'OPEN'
					  and reason in ('ABSENCE', 'SCHEDULED')""")
				.params(shop.value(), customer.value())
				.query(UUID.class)
				.list();
			for (UUID check : automatic) {
				int closed = this.jdbc.sql("""
						update welfare_check set status = 'RESOLVED', outcome = 'CONSENT_WITHDRAWN', resolved_at = ?
						where shop_id = ? and id = ? and status = 'OPEN'""")
					.params(Times.column(now), shop.value(), check)
					.update();
				if (closed == 1) {
					this.jdbc
						.sql("update welfare_step set status = 'CANCELLED' where check_id = ? "
								+ "and status in ('WAITING', 'OPEN')")
						.param(check)
						.update();
					this.notices.resolved(shop, check, stepIds(shop, check));
					log.info("Welfare check {} closed: consent withdrawn", check);
				}
			}
		}
		if (contactNamedPeople) {
			List<Step> open = this.jdbc.sql(STEP_SELECT + """
					 where shop_id = ? and kind = 'RING_CONTACT' and status in ('WAITING', 'OPEN')
					  and check_id in (select id from welfare_check where shop_id = ? and customer_id = ?)
					order by seq""")
				.params(shop.value(), shop.value(), customer.value())
				.query(WelfareChecks::step)
				.list();
			List<Step> wasOpen = new ArrayList<>();
			for (Step step : open) {
				int cancelled = this.jdbc
					.sql("update welfare_step set status = 'CANCELLED' where id = ? and status = ?")
					.params(step.id(), step.status())
					.update();
				if (cancelled == 1 && step.open()) {
					wasOpen.add(step);
				}
			}
			for (Step step : wasOpen) {
				openNext(shop, step.checkId(), step.seq(), now);
			}
			this.jdbc.sql("""
					update welfare_step set contact_name = null, contact_phone = null
					where shop_id = ? and kind = 'RING_CONTACT'
					  and check_id in (select id from welfare_check where shop_id = ? and customer_id = ?)""")
				.params(shop.value(), shop.value(), customer.value())
				.update();
		}
	}

	// --- Working the ladder
	// ---------------------------------------------------------------------

	/** Takes a step (first to accept gets it); false when someone else already has it. */
	public boolean accept(ShopUser user, UUID stepId) {
		requireMayTake(user, step(user.shopId(), stepId));
		return this.jdbc.sql("""
				update welfare_step set assignee = ?
				where shop_id = ? and id = ? and status = 'OPEN' and (assignee is null or assignee = ?)""")
			.params(user.accountId(), user.shopId().value(), stepId, user.accountId())
			.update() == 1;
	}

	/**
	 * Passes on a pop-round: it is offered to the others and not to this person again.
	 */
	public void decline(ShopUser user, UUID stepId) {
		requireMayTake(user, step(user.shopId(), stepId));
		this.jdbc
			.sql("insert into welfare_step_decline (step_id, account_id, declined_at) values (?, ?, ?) "
					+ "on conflict do nothing")
			.params(stepId, user.accountId(), Times.column(this.clock.instant()))
			.update();
		this.jdbc.sql("update welfare_step set assignee = null where shop_id = ? and id = ? and assignee = ?")
			.params(user.shopId().value(), stepId, user.accountId())
			.update();
	}

	/**
	 * Records what a step found. No answer moves on to the next step; anything else
	 * resolves the check, which counts as the customer being seen.
	 * @return false when the step had already moved on (done by someone else, or
	 * escalated)
	 */
	public boolean record(ShopUser user, UUID stepId, Outcome outcome, LocalDate awayUntil) {
		return record(user, stepId, outcome, awayUntil, null);
	}

	/**
	 * As {@link #record(ShopUser, UUID, Outcome, LocalDate)}, with what help is needed:
	 * required with {@link Outcome#NEEDS_HELP}, and the errand it starts says it.
	 * @throws Refused naming {@code help} when it is missing or too long
	 */
	public boolean record(ShopUser user, UUID stepId, Outcome outcome, LocalDate awayUntil, String help) {
		if (!outcome.recordable()) {
			throw new AccessDeniedException("only the system closes a check for withdrawn consent");
		}
		String needed = (help == null || help.isBlank()) ? null : help.strip();
		if (outcome == Outcome.NEEDS_HELP && needed == null) {
			throw new Refused("help", "check.refused.help");
		}
		if (needed != null && needed.length() > 500) {
			throw new Refused("help", "check.refused.helpLong");
		}
		Step step = step(user.shopId(), stepId);
		requireMayTake(user, step);
		if (!user.mayReadCareProfile()
				&& (!user.accountId().equals(step.assignee()) || !VOLUNTEER_OUTCOMES.contains(outcome))) {
			throw new AccessDeniedException("a volunteer records what they found on their own pop-round");
		}
		Instant now = this.clock.instant();
		int updated = this.jdbc.sql("""
				update welfare_step set status = 'DONE', outcome = ?, done_at = ?, done_by = ?
				where shop_id = ? and id = ? and status = 'OPEN'""")
			.params(outcome.name(), Times.column(now), user.accountId(), user.shopId().value(), stepId)
			.update();
		if (updated == 0) {
			return false;
		}
		CustomerId customer = customerOf(user.shopId(), step.checkId());
		if (!outcome.resolves()) {
			openNext(user.shopId(), step.checkId(), step.seq(), now);
			return true;
		}
		this.jdbc.sql("""
				update welfare_check set status = 'RESOLVED', outcome = ?, resolved_at = ?, resolved_by = ?
				where shop_id = ? and id = ? and status = 'OPEN'""")
			.params(outcome.name(), Times.column(now), user.accountId(), user.shopId().value(), step.checkId())
			.update();
		this.jdbc
			.sql("update welfare_step set status = 'CANCELLED' where check_id = ? and status in ('WAITING', 'OPEN')")
			.param(step.checkId())
			.update();
		this.notices.resolved(user.shopId(), step.checkId(), stepIds(user.shopId(), step.checkId()));
		LocalDate today = LocalDate.now(this.clock.withZone(zone(user.shopId())));
		if (outcome == Outcome.AWAY || outcome == Outcome.IN_HOSPITAL) {
			LocalDate until = (awayUntil != null && !awayUntil.isBefore(today)) ? awayUntil : today.plusDays(7);
			this.awayNotices.record(user, customer,
					(outcome == Outcome.AWAY) ? AwayNotice.Reason.OTHER : AwayNotice.Reason.HOSPITAL, today, until,
					null);
		}
		if (outcome == Outcome.NEEDS_HELP) {
			this.events.publishEvent(new HelpRequested(user.shopId(), customer, step.checkId(), needed, now));
		}
		this.absences.seen(user.shopId(), customer, now, "WELFARE_CHECK");
		this.events.publishEvent(new WelfareCheckResolved(user.shopId(), customer, step.checkId(), outcome, now));
		return true;
	}

	private List<UUID> stepIds(ShopId shop, UUID checkId) {
		return this.jdbc.sql("select id from welfare_step where shop_id = ? and check_id = ?")
			.params(shop.value(), checkId)
			.query(UUID.class)
			.list();
	}

	private void openNext(ShopId shop, UUID checkId, int afterSeq, Instant now) {
		Optional<Step> next = this.jdbc
			.sql(STEP_SELECT + " where shop_id = ? and check_id = ? and seq > ? "
					+ "and status = 'WAITING' order by seq limit 1")
			.params(shop.value(), checkId, afterSeq)
			.query(WelfareChecks::step)
			.optional();
		next.ifPresent((step) -> {
			int opened = this.jdbc
				.sql("update welfare_step set status = 'OPEN', due_at = ? where id = ? and status = 'WAITING'")
				.params(Times.column(now.plus(this.deadlines.allowed(shop, step.kind()))), step.id())
				.update();
			if (opened == 1 && step.kind() == StepKind.POP_ROUND) {
				this.notices.popRoundOffered(shop, step.id(), this.customers.get(shop, customerOf(shop, checkId)));
			}
		});
	}

	// --- Deadlines
	// ------------------------------------------------------------------------------

	/**
	 * Overdue steps: first a reminder (and a little more time), then escalation to the
	 * next step. Run by the durable deadline task; safe to run twice or on two instances
	 * at once.
	 * @return how many steps changed
	 */
	public int processDeadlines() {
		Instant now = this.clock.instant();
		List<Step> due = this.jdbc.sql(STEP_SELECT + " where status = 'OPEN' and due_at <= ? order by due_at limit 200")
			.param(Times.column(now))
			.query(WelfareChecks::step)
			.list();
		int changed = 0;
		for (Step step : due) {
			if (step.remindedAt() == null) {
				int reminded = this.jdbc.sql("""
						update welfare_step set reminded_at = ?, due_at = ?
						where id = ? and status = 'OPEN' and reminded_at is null""")
					.params(Times.column(now), Times.column(now.plus(GRACE)), step.id())
					.update();
				if (reminded == 1) {
					ShopId shop = shopOf(step.checkId());
					this.notices.reminder(shop, step.checkId(), step.id(), step.assignee(),
							this.customers.get(shop, customerOf(shop, step.checkId())));
					log.info("Welfare step {} overdue: reminder", step.id());
					changed++;
				}
				continue;
			}
			int escalated = this.jdbc.sql("""
					update welfare_step set status = 'ESCALATED', done_at = ?
					where id = ? and status = 'OPEN' and reminded_at is not null""")
				.params(Times.column(now), step.id())
				.update();
			if (escalated == 1) {
				ShopId shop = shopOf(step.checkId());
				openNext(shop, step.checkId(), step.seq(), now);
				CustomerId customer = customerOf(shop, step.checkId());
				this.events
					.publishEvent(new StepEscalated(shop, customer, step.checkId(), step.id(), step.kind(), now));
				this.notices.escalated(shop, step.checkId(), step.id(), this.customers.get(shop, customer));
				log.info("Welfare step {} escalated", step.id());
				changed++;
			}
		}
		return changed;
	}

	// --- Reading
	// --------------------------------------------------------------------------------

	@Transactional(readOnly = true)
	public List<Check> checks(ShopId shop, boolean open, int limit) {
		Map<CustomerId, Customer> people = this.customers.active(shop);
		List<Check> checks = new ArrayList<>();
		this.jdbc.sql("""
				select id, customer_id, reason, status, outcome, opened_at, resolved_at from welfare_check
				where shop_id = ? and status = ? order by opened_at desc limit ?""")
			.params(shop.value(), open ? "OPEN" : "RESOLVED", limit)
			.query((rs) -> {
				Customer customer = people.get(new CustomerId(rs.getObject("customer_id", UUID.class)));
				if (customer != null) {
					checks.add(check(rs, customer, steps(shop, rs.getObject("id", UUID.class))));
				}
			});
		return checks;
	}

	/** How many of the shop's checks are open. */
	@Transactional(readOnly = true)
	public int openCount(ShopId shop) {
		return this.jdbc.sql("select count(*) from welfare_check where shop_id = ? and status = 'OPEN'")
			.param(shop.value())
			.query(Integer.class)
			.single();
	}

	/**
	 * The open steps held by this person (owners and staff: any step they took;
	 * volunteers: pop-rounds they said they would do), soonest due first.
	 */
	@Transactional(readOnly = true)
	public List<Step> heldBy(ShopUser user) {
		return this.jdbc.sql(STEP_SELECT + " where shop_id = ? and status = 'OPEN' and assignee = ? order by due_at")
			.params(user.shopId().value(), user.accountId())
			.query(WelfareChecks::step)
			.list();
	}

	@Transactional(readOnly = true)
	public Check check(ShopId shop, UUID id) {
		return this.jdbc.sql("""
				select id, customer_id, reason, status, outcome, opened_at, resolved_at from welfare_check
				where shop_id = ? and id = ?""")
			.params(shop.value(), id)
			.query((rs, n) -> check(rs,
					this.customers.get(shop, new CustomerId(rs.getObject("customer_id", UUID.class))), steps(shop, id)))
			.optional()
			.orElseThrow(() -> new NotFoundException("welfare check"));
	}

	/** A helper's phone page: steps they hold, and pop-rounds they have not declined. */
	@Transactional(readOnly = true)
	public List<Step> tasksFor(ShopUser user) {
		if (!user.mayReadCareProfile() && !dbsChecked(user)) {
			return List.of();
		}
		return this.jdbc.sql(STEP_SELECT + """
				 where shop_id = ? and status = 'OPEN'
				  and (assignee = ? or (kind = 'POP_ROUND' and assignee is null and not exists (
				    select 1 from welfare_step_decline d where d.step_id = welfare_step.id and d.account_id = ?)))
				order by due_at""")
			.params(user.shopId().value(), user.accountId(), user.accountId())
			.query(WelfareChecks::step)
			.list();
	}

	Step step(ShopId shop, UUID stepId) {
		return this.jdbc.sql(STEP_SELECT + " where shop_id = ? and id = ?")
			.params(shop.value(), stepId)
			.query(WelfareChecks::step)
			.optional()
			.orElseThrow(() -> new NotFoundException("welfare step"));
	}

	private List<Step> steps(ShopId shop, UUID checkId) {
		return this.jdbc.sql(STEP_SELECT + " where shop_id = ? and check_id = ? order by seq")
			.params(shop.value(), checkId)
			.query(WelfareChecks::step)
			.list();
	}

	private CustomerId customerOf(ShopId shop, UUID checkId) {
		return new CustomerId(this.jdbc.sql("select customer_id from welfare_check where shop_id = ? and id = ?")
			.params(shop.value(), checkId)
			.query(UUID.class)
			.single());
	}

	private ShopId shopOf(UUID checkId) {
		return new ShopId(this.jdbc.sql("select shop_id from welfare_check where id = ?")
			.param(checkId)
			.query(UUID.class)
			.single());
	}

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	// --- At the door
	// ---------------------------------------------------------------------------

	/**
	 * Whether this person may open a step's page: staff any step; a DBS-checked volunteer
	 * a pop-round offered to everyone or taken by them.
	 */
	@Transactional(readOnly = true)
	public boolean maySee(ShopUser user, Step step) {
		if (user.mayReadCareProfile()) {
			return true;
		}
		return step.kind() == StepKind.POP_ROUND
				&& (step.assignee() == null || user.accountId().equals(step.assignee())) && dbsChecked(user);
	}

	/**
	 * Whether this person may reveal the access notes for a step: owners and staff; a
	 * volunteer only for the open pop-round they have taken.
	 */
	@Transactional(readOnly = true)
	public boolean mayRevealAccessNotes(ShopUser user, Step step) {
		if (user.mayReadCareProfile()) {
			return true;
		}
		return step.kind() == StepKind.POP_ROUND && step.open() && user.accountId().equals(step.assignee())
				&& dbsChecked(user);
	}

	/**
	 * The access notes for the person at the door, each reveal written to the customers
	 * module's care access log; refused to anyone who may not reveal them.
	 */
	public Optional<String> revealAccessNotes(ShopUser user, UUID stepId) {
		Step step = step(user.shopId(), stepId);
		if (!mayRevealAccessNotes(user, step)) {
			throw new AccessDeniedException("access notes are for staff and the helper who took the pop-round");
		}
		CustomerId customer = customerOf(user.shopId(), step.checkId());
		return user.mayReadCareProfile() ? this.careProfiles.revealAccessNotes(user, customer)
				: this.careProfiles.revealAccessNotesToResponder(user.shopId(), customer, user.accountId());
	}

	/** What a volunteer may record at the door; the rest is for staff. */
	public static final Set<Outcome> VOLUNTEER_OUTCOMES = Set.of(Outcome.ALL_WELL, Outcome.NO_ANSWER,
			Outcome.NEEDS_HELP);

	/**
	 * Owners and staff take any step; volunteers only pop-rounds, and only while their
	 * DBS check is recorded and in date (team module).
	 */
	private void requireMayTake(ShopUser user, Step step) {
		if (user.mayReadCareProfile()) {
			requireStaff(user);
			return;
		}
		if (step.kind() != StepKind.POP_ROUND || !dbsChecked(user)) {
			throw new AccessDeniedException("pop-rounds are for staff and DBS-checked volunteers");
		}
	}

	/** A volunteer on the team with a DBS check in date today. */
	public boolean dbsChecked(ShopUser user) {
		LocalDate today = LocalDate.now(this.clock.withZone(zone(user.shopId())));
		return this.team.memberForAccount(user.shopId(), user.accountId())
			.map((member) -> member.has(Skill.DBS_CHECKED, today))
			.orElse(false);
	}

	private static void requireStaff(ShopUser user) {
		if (user.role() != Role.OWNER && user.role() != Role.STAFF) {
			throw new AccessDeniedException("welfare checks are for owners and staff");
		}
	}

	private static final String STEP_SELECT = """
			select id, check_id, seq, kind, contact_name, contact_phone, status, assignee, due_at, reminded_at,
			  outcome, done_at from welfare_step""";

	private static Step step(ResultSet rs, int row) throws SQLException {
		String outcome = rs.getString("outcome");
		return new Step(rs.getObject("id", UUID.class), rs.getObject("check_id", UUID.class), rs.getInt("seq"),
				StepKind.valueOf(rs.getString("kind")), rs.getString("contact_name"), rs.getString("contact_phone"),
				rs.getString("status"), rs.getObject("assignee", UUID.class), Times.instant(rs, "due_at"),
				Times.instant(rs, "reminded_at"), (outcome != null) ? Outcome.valueOf(outcome) : null,
				Times.instant(rs, "done_at"));
	}

	private static Check check(ResultSet rs, Customer customer, List<Step> steps) throws SQLException {
		String outcome = rs.getString("outcome");
		return new Check(rs.getObject("id", UUID.class), customer, rs.getString("reason"), rs.getString("status"),
				(outcome != null) ? Outcome.valueOf(outcome) : null, Times.instant(rs, "opened_at"),
				Times.instant(rs, "resolved_at"), steps);
	}

}
