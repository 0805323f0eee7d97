package app.extramile.errands;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandEvents.DoorstepConcern;
import app.extramile.errands.ErrandEvents.DoorstepRecorded;
import app.extramile.errands.ErrandEvents.ErrandAccepted;
import app.extramile.errands.ErrandEvents.ErrandCancelled;
import app.extramile.errands.ErrandEvents.ErrandDone;
import app.extramile.errands.ErrandEvents.ErrandRequested;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The errands module's facade. Staff ask for errands; matching helpers are offered them
 * (in the app and by text: a first name, the ask and a link); the first to accept gets
 * one; at the door they record delivered, no answer or what they noticed. A "no answer"
 * or a worrying observation is published as {@link DoorstepConcern}.
 *
 * <p>
 * Colleagues are customers too: a team member may ask the rest of the team for help for
 * themselves ({@link #askColleagues}): cover a shift, a lift, a hand with stock. It is
 * the same errand with no customer and the member who asked; it is offered to everyone
 * else on the team, accepted and done like any errand, the asker hears who took it, and
 * it never has a doorstep (so never a welfare concern).
 */
@Service
@Transactional
public class Errands {

	private static final Logger log = LoggerFactory.getLogger(Errands.class);

	static final String COLUMNS = """
			id, customer_id, kind, items, bags, charge_pence, on_date, from_time, to_time, needs_driver, needs_dbs,
			status, weekday, assignee_member, assignee_account, minutes_spent, door_outcome, observation, worrying,
			created_at, asked_by_member""";

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final Team team;

	private final Shops shops;

	private final ErrandOffers offers;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Errands(JdbcClient jdbc, CustomerDirectory customers, Team team, Shops shops, ErrandOffers offers,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.team = team;
		this.shops = shops;
		this.offers = offers;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * What staff ask for.
	 *
	 * @param bags bags to carry (deliveries), null for none
	 * @param chargePence what the customer pays, null or 0 for free
	 * @param weekly repeat every week on the weekday of {@code on}
	 * @param needsDriver null for the kind's default
	 * @param needsDbs null for the kind's default
	 */
	public record Request(CustomerId customerId, ErrandKind kind, String items, Integer bags, Long chargePence,
			LocalDate on, LocalTime from, LocalTime to, boolean weekly, Boolean needsDriver, Boolean needsDbs) {
	}

	/**
	 * What a team member asks the team for, for themselves.
	 *
	 * @param askedBy the team member who needs the help; null for the signed-in user's
	 * own member (only owners and staff may ask on someone else's behalf)
	 * @param what a few words (at most {@value #WHAT_LENGTH} characters): shown to the
	 * team in the app, never sent by text or email
	 */
	public record ColleagueRequest(UUID askedBy, ErrandKind kind, String what, LocalDate on, LocalTime from,
			LocalTime to) {
	}

	/** Longest "what" of a colleague's request, in characters. */
	public static final int WHAT_LENGTH = 200;

	// --- Asking
	// ---------------------------------------------------------------------------------

	/** Records an errand and offers it to matching helpers. */
	public UUID request(ShopUser staff, Request request) {
		return request(staff, request, null);
	}

	/**
	 * Records an errand once per idempotency key (from an API caller): the same key again
	 * returns the errand recorded the first time.
	 */
	public UUID request(ShopUser staff, Request request, String idempotencyKey) {
		requireStaffOrApi(staff);
		ShopId shop = staff.shopId();
		if (request.customerId() == null || this.customers.find(shop, request.customerId()).isEmpty()) {
			throw new Refused("customerId", "errands.refused.customer");
		}
		if (request.kind() == null || !request.kind().forCustomers()) {
			throw new Refused("kind", "errands.refused.kind");
		}
		String items = (request.items() == null || request.items().isBlank()) ? null : request.items().trim();
		if (request.kind() == ErrandKind.DELIVERY && items == null) {
			throw new Refused("items", "errands.refused.items");
		}
		if (items != null && items.length() > 2000) {
			throw new Refused("items", "errands.refused.itemsLong");
		}
		int bags = (request.bags() == null) ? 0 : request.bags();
		if (bags < 0 || bags > 50 || (request.kind() == ErrandKind.DELIVERY && bags < 1)) {
			throw new Refused("bags", "errands.refused.bags");
		}
		long charge = (request.chargePence() == null) ? 0 : request.chargePence();
		if (charge < 0 || charge > 100_000) {
			throw new Refused("charge", "errands.refused.charge");
		}
		checkWindow(shop, request.on(), request.from(), request.to());
		boolean driver = (request.needsDriver() != null) ? request.needsDriver()
				: request.kind().needsDriverByDefault();
		boolean dbs = (request.needsDbs() != null) ? request.needsDbs() : request.kind().needsDbsByDefault();
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 100)) {
			throw new Refused(Refused.Kind.BAD_REQUEST, "Idempotency-Key", "errands.refused.idempotencyKey");
		}
		UUID id = UUID.randomUUID();
		String sourceKey = (idempotencyKey != null) ? "api:" + idempotencyKey : "request:" + id;
		if (!insert(shop, id, request.customerId(), null, request.kind(), items, bags, charge, request.on(),
				request.from(), request.to(), driver, dbs, request.weekly() ? id : null,
				request.weekly() ? request.on().getDayOfWeek() : null, sourceKey, staff.accountId())) {
			return this.jdbc.sql("select id from errand where shop_id = ? and source_key = ?")
				.params(shop.value(), sourceKey)
				.query(UUID.class)
				.single();
		}
		return id;
	}

	/**
	 * A team member asks the rest of the team for help for themselves (or owners and
	 * staff record such a request for a member, e.g. one who rang in). It is offered to
	 * every other team member with a login and the skills it needs, never to the asker.
	 * @return the errand's id
	 * @throws Refused naming the field: {@code askedBy}, {@code kind}, {@code what},
	 * {@code on}, {@code from} or {@code to}
	 */
	public UUID askColleagues(ShopUser user, ColleagueRequest request) {
		ShopId shop = user.shopId();
		TeamMember asker;
		if (request.askedBy() == null) {
			asker = this.team.memberForAccount(shop, user.accountId())
				.orElseThrow(() -> new Refused("askedBy", "errands.refused.askerNotOnTeam"));
		}
		else {
			asker = this.team.member(shop, request.askedBy())
				.orElseThrow(() -> new Refused("askedBy", "errands.refused.asker"));
			boolean self = user.accountId().equals(asker.accountId());
			if (!self && !user.mayReadCareProfile()) {
				throw new Refused("askedBy", "errands.refused.askerOther");
			}
		}
		if (request.kind() == null || !request.kind().forColleagues()) {
			throw new Refused("kind", "errands.refused.colleagueKind");
		}
		String what = (request.what() == null) ? "" : request.what().trim();
		if (what.isEmpty()) {
			throw new Refused("what", "errands.refused.what");
		}
		if (what.length() > WHAT_LENGTH) {
			throw new Refused("what", "errands.refused.whatLong");
		}
		checkWindow(shop, request.on(), request.from(), request.to());
		UUID id = UUID.randomUUID();
		insert(shop, id, null, asker.id(), request.kind(), what, 0, 0, request.on(), request.from(), request.to(),
				request.kind().needsDriverByDefault(), request.kind().needsDbsByDefault(), null, null,
				"colleague:" + id, user.accountId());
		return id;
	}

	/**
	 * A day from today on and a window that ends after it opens; else refused by the
	 * field.
	 */
	private void checkWindow(ShopId shop, LocalDate on, LocalTime from, LocalTime to) {
		if (on == null || on.isBefore(today(shop))) {
			throw new Refused("on", "errands.refused.on");
		}
		if (from == null) {
			throw new Refused("from", "errands.refused.from");
		}
		if (to == null || !to.isAfter(from)) {
			throw new Refused("to", "errands.refused.to");
		}
	}

	/**
	 * A welfare check found the customer needs help: one OPEN errand (kind OTHER) for
	 * today saying what help (the customer's address is on the errand), however often the
	 * fact arrives.
	 */
	public Optional<UUID> requestForHelp(ShopId shop, CustomerId customer, UUID checkId, String help) {
		LocalDate today = today(shop);
		UUID id = UUID.randomUUID();
		String what = (help == null || help.isBlank()) ? null : help.strip();
		if (what != null && what.length() > 2000) {
			what = what.substring(0, 2000);
		}
		boolean inserted = insert(shop, id, customer, null, ErrandKind.OTHER, what, 0, 0, today, LocalTime.of(9, 0),
				LocalTime.of(18, 0), false, false, null, null, "help:" + checkId, null);
		return inserted ? Optional.of(id) : Optional.empty();
	}

	private boolean insert(ShopId shop, UUID id, CustomerId customer, UUID askedBy, ErrandKind kind, String items,
			int bags, long charge, LocalDate on, LocalTime from, LocalTime to, boolean driver, boolean dbs, UUID series,
			DayOfWeek weekday, String sourceKey, UUID by) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.sql("""
				insert into errand (id, shop_id, customer_id, asked_by_member, kind, items, bags, charge_pence, on_date,
				  from_time, to_time, needs_driver, needs_dbs, status, series_id, weekday, source_key, created_at,
				  created_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(id, shop.value(), (customer != null) ? customer.value() : null, askedBy, kind.name(), items, bags,
					charge, on, from, to, driver, dbs, series, (weekday != null) ? weekday.getValue() : null, sourceKey,
					Times.column(now), by)
			.update();
		if (inserted == 0) {
			return false;
		}
		this.events.publishEvent(new ErrandRequested(shop, customer, id, kind, now));
		this.offers.offer(shop, get(shop, id), helpersFor(shop, get(shop, id)));
		log.info("Errand {} ({}) requested", id, kind);
		return true;
	}

	/**
	 * Creates the next occurrence of every weekly errand whose day has come; each once,
	 * however often this runs and on however many instances.
	 * @return how many occurrences were created
	 */
	public int createNextOccurrences() {
		record Due(UUID id, ShopId shop, UUID series, LocalDate on) {
		}
		List<Due> due = this.jdbc.sql("""
				select id, shop_id, series_id, on_date from errand
				where series_id is not null and not next_created and on_date <= ?""")
			.param(LocalDate.ofInstant(this.clock.instant(), ZoneId.of("Pacific/Kiritimati")))
			.query((rs, n) -> new Due(rs.getObject("id", UUID.class), new ShopId(rs.getObject("shop_id", UUID.class)),
					rs.getObject("series_id", UUID.class), rs.getObject("on_date", LocalDate.class)))
			.list();
		int created = 0;
		for (Due one : due) {
			if (one.on().isAfter(today(one.shop()))) {
				continue;
			}
			Errand last = get(one.shop(), one.id());
			int claimed = this.jdbc.sql("update errand set next_created = true where id = ? and not next_created")
				.param(one.id())
				.update();
			if (claimed == 0) {
				continue;
			}
			LocalDate next = one.on().plusWeeks(1);
			if (insert(one.shop(), UUID.randomUUID(), last.customerId(), last.askedByMember(), last.kind(),
					last.items(), last.bags(), last.chargePence(), next, last.from(), last.to(), last.needsDriver(),
					last.needsDbs(), one.series(), last.weekday(), "series:" + one.series() + ":" + next, null)) {
				created++;
			}
		}
		return created;
	}

	// --- Reading
	// --------------------------------------------------------------------------------

	@Transactional(readOnly = true)
	public Errand get(ShopId shop, UUID id) {
		return find(shop, id).orElseThrow(() -> new NotFoundException("errand"));
	}

	@Transactional(readOnly = true)
	public Optional<Errand> find(ShopId shop, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from errand where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query(Errands::errand)
			.optional();
	}

	/** Every errand from a day on (staff), soonest first. */
	@Transactional(readOnly = true)
	public List<Errand> from(ShopUser staff, LocalDate since, int limit) {
		requireStaffOrApi(staff);
		return this.jdbc.sql("select " + COLUMNS + " " + """
				from errand where shop_id = ? and on_date >= ? order by on_date, from_time, created_at limit ?""")
			.params(staff.shopId().value(), since, limit)
			.query(Errands::errand)
			.list();
	}

	/** A day's deliveries that still go out (open or accepted), in window order. */
	@Transactional(readOnly = true)
	public List<Errand> deliveriesOn(ShopId shop, LocalDate on) {
		return this.jdbc.sql("select " + COLUMNS + " " + """
				 from errand where shop_id = ? and on_date = ? and kind = 'DELIVERY' and status in ('OPEN', 'ACCEPTED')
				order by from_time, to_time, id""").params(shop.value(), on).query(Errands::errand).list();
	}

	/**
	 * A day's errands still to do (open or taken), customers' and colleagues', in window
	 * order.
	 */
	@Transactional(readOnly = true)
	public List<Errand> dueOn(ShopId shop, LocalDate on) {
		return this.jdbc.sql("select " + COLUMNS + " " + """
				 from errand where shop_id = ? and on_date = ? and status in ('OPEN', 'ACCEPTED')
				order by from_time, to_time, created_at limit 200""")
			.params(shop.value(), on)
			.query(Errands::errand)
			.list();
	}

	/**
	 * Open errands from a day on that need a skill (a driver, a DBS check) that no active
	 * team member has in date on the errand's day: nobody can take them until someone
	 * does. Soonest first.
	 */
	@Transactional(readOnly = true)
	public List<Errand> nobodyCanTake(ShopId shop, LocalDate from) {
		List<Errand> open = this.jdbc.sql("select " + COLUMNS + " " + """
				 from errand where shop_id = ? and on_date >= ? and status = 'OPEN' and (needs_driver or needs_dbs)
				order by on_date, from_time, created_at limit 200""")
			.params(shop.value(), from)
			.query(Errands::errand)
			.list();
		if (open.isEmpty()) {
			return open;
		}
		List<TeamMember> members = this.team.members(shop);
		return open.stream().filter((errand) -> nobodyAmong(members, errand)).toList();
	}

	private static boolean nobodyAmong(List<TeamMember> members, Errand errand) {
		return members.stream().noneMatch((m) -> !m.id().equals(errand.askedByMember()) && eligible(m, errand));
	}

	/**
	 * A helper's errands for one day: the ones they took or drive, and the open ones
	 * offered to them (see {@link #forHelper(ShopUser)}).
	 */
	@Transactional(readOnly = true)
	public List<Errand> forHelperOn(ShopUser user, LocalDate on) {
		return forHelper(user).stream().filter((e) -> on.equals(e.on())).toList();
	}

	/**
	 * A helper's own errands (accepted by them, on their delivery round, or asked for by
	 * them as a colleague) and the open ones offered to them, from today on; not finished
	 * ones only.
	 */
	@Transactional(readOnly = true)
	public List<Errand> forHelper(ShopUser user) {
		Optional<TeamMember> me = this.team.memberForAccount(user.shopId(), user.accountId());
		List<Errand> all = this.jdbc.sql("select " + COLUMNS + " " + """
				 from errand e where shop_id = ? and on_date >= ? and status in ('OPEN', 'ACCEPTED')
				order by on_date, from_time, created_at limit 500""")
			.params(user.shopId().value(), today(user.shopId()).minusDays(1))
			.query(Errands::errand)
			.list();
		List<Errand> mine = new ArrayList<>();
		for (Errand errand : all) {
			if (isMine(user, me, errand) || askedBy(me, errand) || offeredTo(me, errand)) {
				mine.add(errand);
			}
		}
		return mine;
	}

	/**
	 * Whether the errand is open and offered to this user: they are on the team, have its
	 * skills, did not ask for it themselves and have not said no.
	 */
	@Transactional(readOnly = true)
	public boolean isOfferedTo(ShopUser user, Errand errand) {
		return offeredTo(this.team.memberForAccount(user.shopId(), user.accountId()), errand);
	}

	/**
	 * Of these errands, the ones offered to this user and the ones they asked the team
	 * for: their team membership looked up once.
	 */
	@Transactional(readOnly = true)
	public Mine mine(ShopUser user, List<Errand> errands) {
		Optional<TeamMember> me = this.team.memberForAccount(user.shopId(), user.accountId());
		Set<UUID> offered = new HashSet<>();
		Set<UUID> asked = new HashSet<>();
		for (Errand errand : errands) {
			if (offeredTo(me, errand)) {
				offered.add(errand.id());
			}
			if (askedBy(me, errand)) {
				asked.add(errand.id());
			}
		}
		return new Mine(offered, asked);
	}

	/** Errands offered to a user, and the ones they asked the team for. */
	public record Mine(Set<UUID> offered, Set<UUID> askedByMe) {
	}

	/** Whether this user asked the team for it (a colleague's request). */
	@Transactional(readOnly = true)
	public boolean isAskedBy(ShopUser user, Errand errand) {
		return askedBy(this.team.memberForAccount(user.shopId(), user.accountId()), errand);
	}

	private boolean offeredTo(Optional<TeamMember> me, Errand errand) {
		return errand.status() == ErrandStatus.OPEN && me.isPresent() && !askedBy(me, errand)
				&& eligible(me.get(), errand) && !declined(errand.id(), me.get().id());
	}

	private static boolean askedBy(Optional<TeamMember> me, Errand errand) {
		return errand.forColleague() && me.isPresent() && me.get().id().equals(errand.askedByMember());
	}

	/**
	 * Whether this user may act on the errand at the door (staff, assignee, its driver).
	 */
	@Transactional(readOnly = true)
	public boolean mayWork(ShopUser user, UUID id) {
		if (user.mayReadCareProfile()) {
			return true;
		}
		Errand errand = get(user.shopId(), id);
		return isMine(user, this.team.memberForAccount(user.shopId(), user.accountId()), errand);
	}

	private boolean isMine(ShopUser user, Optional<TeamMember> me, Errand errand) {
		if (user.accountId().equals(errand.assigneeAccount())) {
			return true;
		}
		return me.isPresent() && this.jdbc.sql("""
				select count(*) from errand_round_stop where shop_id = ? and errand_id = ? and member_id = ?""")
			.params(user.shopId().value(), errand.id(), me.get().id())
			.query(Integer.class)
			.single() > 0;
	}

	// --- Helping
	// --------------------------------------------------------------------------------

	/**
	 * Takes an open errand: the first to accept gets it (a conditional update), false
	 * when someone else already has it.
	 */
	public boolean accept(ShopUser user, UUID id) {
		Errand errand = get(user.shopId(), id);
		TeamMember me = this.team.memberForAccount(user.shopId(), user.accountId())
			.orElseThrow(() -> new Refused("errand", "errands.refused.notOnTeam"));
		if (me.id().equals(errand.askedByMember())) {
			throw new Refused("errand", "errands.refused.ownRequest");
		}
		if (!eligible(me, errand)) {
			throw new Refused("errand", "errands.refused.skills");
		}
		int taken = this.jdbc.sql("""
				update errand set status = 'ACCEPTED', assignee_member = ?, assignee_account = ?
				where shop_id = ? and id = ? and status = 'OPEN' and assignee_member is null""")
			.params(me.id(), user.accountId(), user.shopId().value(), id)
			.update();
		if (taken == 0) {
			return false;
		}
		this.events.publishEvent(
				new ErrandAccepted(user.shopId(), errand.customerId(), id, errand.kind(), this.clock.instant()));
		this.offers.withdrawn(user.shopId(), id);
		if (errand.forColleague()) {
			this.team.member(user.shopId(), errand.askedByMember())
				.ifPresent((asker) -> this.offers.accepted(user.shopId(), errand, asker, me));
		}
		return true;
	}

	/**
	 * Owners and staff give an errand that is not finished to a named team member (never
	 * the colleague who asked for it), whatever its skills say: staff know their team. It
	 * is theirs at once, and they hear of it (in the app, or by text without a login).
	 * @throws Refused naming {@code member} or {@code errand}
	 */
	public void assign(ShopUser staff, UUID id, UUID memberId) {
		requireStaff(staff);
		Errand errand = get(staff.shopId(), id);
		if (errand.finished()) {
			throw new Refused("errand", "errands.refused.finished");
		}
		TeamMember member = (memberId != null) ? this.team.member(staff.shopId(), memberId).orElse(null) : null;
		if (member == null) {
			throw new Refused("member", "errands.refused.member");
		}
		if (member.id().equals(errand.askedByMember())) {
			throw new Refused("member", "errands.refused.ownRequest");
		}
		if (member.id().equals(errand.assigneeMember())) {
			return;
		}
		int given = this.jdbc.sql("""
				update errand set status = 'ACCEPTED', assignee_member = ?, assignee_account = ?
				where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')""")
			.params(member.id(), member.accountId(), staff.shopId().value(), id)
			.update();
		if (given == 0) {
			throw new Refused("errand", "errands.refused.finished");
		}
		this.events.publishEvent(
				new ErrandAccepted(staff.shopId(), errand.customerId(), id, errand.kind(), this.clock.instant()));
		this.offers.withdrawn(staff.shopId(), id);
		this.offers.assigned(staff.shopId(), get(staff.shopId(), id), member);
		log.info("Errand {} given to member {}", id, member.id());
	}

	/**
	 * Whether nobody on the team could take it: it needs a driver or a DBS check and no
	 * active member (other than the colleague who asked) has that in date on its day.
	 */
	public boolean nobodyCanTake(ShopId shop, Errand errand) {
		if (!errand.needsDriver() && !errand.needsDbs()) {
			return false;
		}
		return nobodyAmong(this.team.members(shop), errand);
	}

	/** Says no: it is not offered to them again. */
	public void decline(ShopUser user, UUID id) {
		get(user.shopId(), id);
		TeamMember me = this.team.memberForAccount(user.shopId(), user.accountId())
			.orElseThrow(() -> new Refused("errand", "errands.refused.notOnTeam"));
		this.jdbc.sql("""
				insert into errand_decline (errand_id, member_id, shop_id, declined_at) values (?, ?, ?, ?)
				on conflict do nothing""")
			.params(id, me.id(), user.shopId().value(), Times.column(this.clock.instant()))
			.update();
	}

	/** Marks it done with the time spent (0 to 600 minutes). */
	public void complete(ShopUser user, UUID id, Integer minutes) {
		Errand errand = requireWorker(user, id);
		if (minutes == null || minutes < 0 || minutes > 600) {
			throw new Refused("minutes", "errands.refused.minutes");
		}
		finish(user.shopId(), errand, minutes);
	}

	private void finish(ShopId shop, Errand errand, int minutes) {
		Instant now = this.clock.instant();
		int done = this.jdbc.sql("""
				update errand set status = 'DONE', minutes_spent = ?, done_at = ?
				where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')""")
			.params(minutes, Times.column(now), shop.value(), errand.id())
			.update();
		if (done > 0) {
			this.events
				.publishEvent(new ErrandDone(shop, errand.customerId(), errand.id(), errand.kind(), minutes, now));
			this.offers.withdrawn(shop, errand.id());
			if (errand.forColleague() && errand.assigneeMember() != null) {
				Optional<TeamMember> helper = this.team.member(shop, errand.assigneeMember());
				Optional<TeamMember> asker = this.team.member(shop, errand.askedByMember());
				if (helper.isPresent() && asker.isPresent()) {
					this.offers.done(shop, errand, asker.get(), helper.get());
				}
			}
		}
	}

	/**
	 * Records what happened at the door. Delivered finishes the errand as done (only for
	 * errands that deliver something); no answer ends it as not delivered, with a welfare
	 * check started and the next step to choose ({@link #nextStep}); an observation needs
	 * a few words and is kept here only. No answer, or an observation marked worrying, is
	 * published as a concern (a welfare check follows).
	 */
	public void atTheDoor(ShopUser user, UUID id, DoorOutcome outcome, String observation, boolean worrying,
			Integer minutes) {
		Errand errand = requireWorker(user, id);
		if (errand.forColleague()) {
			throw new Refused("outcome", "errands.refused.noDoor");
		}
		if (outcome == null) {
			throw new Refused("outcome", "errands.refused.outcome");
		}
		if (outcome == DoorOutcome.DELIVERED && !errand.delivers()) {
			throw new Refused("outcome", "errands.refused.notADelivery");
		}
		String note = (observation == null || observation.isBlank()) ? null : observation.trim();
		if (outcome == DoorOutcome.OBSERVED && note == null) {
			throw new Refused("observation", "errands.refused.observation");
		}
		if (note != null && note.length() > 500) {
			throw new Refused("observation", "errands.refused.observationLong");
		}
		if (minutes != null && (minutes < 0 || minutes > 600)) {
			throw new Refused("minutes", "errands.refused.minutes");
		}
		if (errand.finished()) {
			throw new Refused("errand", "errands.refused.finished");
		}
		boolean concern = outcome == DoorOutcome.NO_ANSWER || worrying;
		this.jdbc.sql("""
				update errand set door_outcome = ?, observation = coalesce(?, observation), worrying = ?
				where shop_id = ? and id = ?""")
			.params(outcome.name(), note, concern || errand.worrying(), user.shopId().value(), id)
			.update();
		Instant now = this.clock.instant();
		this.events.publishEvent(new DoorstepRecorded(user.shopId(), errand.customerId(), id, outcome, now));
		if (concern) {
			this.events.publishEvent(new DoorstepConcern(user.shopId(), errand.customerId(), id, now));
		}
		if (outcome == DoorOutcome.DELIVERED) {
			finish(user.shopId(), errand, (minutes != null) ? minutes : 0);
		}
		else if (outcome == DoorOutcome.NO_ANSWER) {
			this.jdbc.sql("""
					update errand set status = 'NOT_DELIVERED', minutes_spent = ?, done_at = ?
					where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')""")
				.params((minutes != null) ? minutes : 0, Times.column(now), user.shopId().value(), id)
				.update();
			this.offers.withdrawn(user.shopId(), id);
		}
	}

	/** What happens after nobody answered: bring it back, or try again. */
	public enum NextStep {

		BRING_BACK, TRY_AGAIN

	}

	/**
	 * The next step chosen for an errand that was not delivered, and the new errand when
	 * it is tried again.
	 */
	public record AfterNoAnswer(NextStep step, UUID retry) {
	}

	public Optional<AfterNoAnswer> afterNoAnswer(ShopId shop, UUID id) {
		return this.jdbc.sql("select next_step, retry_errand_id from errand where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> (rs.getString("next_step") != null) ? new AfterNoAnswer(
					NextStep.valueOf(rs.getString("next_step")), rs.getObject("retry_errand_id", UUID.class)) : null)
			.optional();
	}

	/**
	 * After nobody answered: bring it back to the shop, or try again on a day and in a
	 * window (a new errand with the same items, offered as the first was). Chosen once;
	 * the same choice twice changes nothing.
	 * @return the new errand's id when tried again
	 * @throws Refused naming the field: {@code step}, {@code on}, {@code from} or
	 * {@code to}
	 */
	public Optional<UUID> nextStep(ShopUser user, UUID id, NextStep step, LocalDate on, LocalTime from, LocalTime to) {
		Errand errand = requireWorker(user, id);
		if (errand.status() != ErrandStatus.NOT_DELIVERED || step == null) {
			throw new Refused("step", "errands.refused.step");
		}
		Optional<AfterNoAnswer> chosen = afterNoAnswer(user.shopId(), id);
		if (chosen.isPresent()) {
			return Optional.ofNullable(chosen.get().retry());
		}
		UUID retry = null;
		if (step == NextStep.TRY_AGAIN) {
			checkWindow(user.shopId(), on, from, to);
			retry = UUID.randomUUID();
			insert(user.shopId(), retry, errand.customerId(), null, errand.kind(), errand.items(), errand.bags(),
					errand.chargePence(), on, from, to, errand.needsDriver(), errand.needsDbs(), null, null,
					"retry:" + id, user.accountId());
		}
		int chosenNow = this.jdbc.sql("""
				update errand set next_step = ?, retry_errand_id = ?
				where shop_id = ? and id = ? and next_step is null""")
			.params(step.name(), retry, user.shopId().value(), id)
			.update();
		if (chosenNow == 0) {
			throw new Refused("step", "errands.refused.step");
		}
		return Optional.ofNullable(retry);
	}

	/**
	 * Cancels an errand (staff, or the colleague who asked for it); {@code series} also
	 * ends a weekly errand: no further occurrences, open future ones cancelled.
	 */
	public void cancel(ShopUser staff, UUID id, boolean series) {
		Errand errand = get(staff.shopId(), id);
		if (!isAskedBy(staff, errand)) {
			requireStaff(staff);
		}
		List<UUID> cancelled = new ArrayList<>();
		if (series && errand.weekly()) {
			UUID seriesId = this.jdbc.sql("select series_id from errand where id = ?")
				.param(id)
				.query(UUID.class)
				.single();
			this.jdbc.sql("update errand set next_created = true where shop_id = ? and series_id = ?")
				.params(staff.shopId().value(), seriesId)
				.update();
			cancelled.addAll(this.jdbc.sql("""
					select id from errand where shop_id = ? and series_id = ? and on_date >= ?
					and status in ('OPEN', 'ACCEPTED')""")
				.params(staff.shopId().value(), seriesId, errand.on())
				.query(UUID.class)
				.list());
		}
		else if (!errand.finished()) {
			cancelled.add(id);
		}
		for (UUID one : cancelled) {
			int changed = this.jdbc.sql(
					"update errand set status = 'CANCELLED' where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')")
				.params(staff.shopId().value(), one)
				.update();
			if (changed > 0) {
				this.events.publishEvent(new ErrandCancelled(staff.shopId(), errand.customerId(), one, errand.kind(),
						this.clock.instant()));
				this.offers.withdrawn(staff.shopId(), one);
			}
		}
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	/**
	 * Team members with a login and the skills the errand needs, who have not said no;
	 * never the colleague who asked for it.
	 */
	List<TeamMember> helpersFor(ShopId shop, Errand errand) {
		return this.team.members(shop)
			.stream()
			.filter((m) -> m.accountId() != null && !m.id().equals(errand.askedByMember()) && eligible(m, errand)
					&& !declined(errand.id(), m.id()))
			.toList();
	}

	private static boolean eligible(TeamMember member, Errand errand) {
		return (!errand.needsDriver() || member.has(Skill.DRIVER, errand.on()))
				&& (!errand.needsDbs() || member.has(Skill.DBS_CHECKED, errand.on()));
	}

	private boolean declined(UUID errand, UUID member) {
		return this.jdbc.sql("select count(*) from errand_decline where errand_id = ? and member_id = ?")
			.params(errand, member)
			.query(Integer.class)
			.single() > 0;
	}

	private Errand requireWorker(ShopUser user, UUID id) {
		Errand errand = get(user.shopId(), id);
		if (!mayWork(user, id)) {
			throw new AccessDeniedException("not your errand");
		}
		return errand;
	}

	/**
	 * The errand's offers no longer wait for anyone in the app: its helper was settled
	 * another way (a planned round gives every delivery its driver).
	 */
	public void offersDealtWith(ShopId shop, UUID errandId) {
		this.offers.withdrawn(shop, errandId);
	}

	/**
	 * Every in-app notice about the errand is dealt with: for an errand entered after the
	 * fact, already done.
	 */
	public void noticesDealtWith(ShopId shop, UUID errandId) {
		this.offers.allDealtWith(shop, errandId);
	}

	LocalDate today(ShopId shop) {
		return LocalDate.ofInstant(this.clock.instant(), zone(shop));
	}

	ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	static void requireStaff(ShopUser user) {
		if (!user.mayReadCareProfile()) {
			throw new AccessDeniedException("errands are arranged by owners and staff");
		}
	}

	/** Owners and staff, or a till or partner system with an API token. */
	static void requireStaffOrApi(ShopUser user) {
		if (!user.mayReadCareProfile() && user.role() != Role.API) {
			throw new AccessDeniedException("errands are arranged by owners and staff");
		}
	}

	static Errand errand(ResultSet rs, int n) throws SQLException {
		int weekday = rs.getInt("weekday");
		DayOfWeek day = rs.wasNull() ? null : DayOfWeek.of(weekday);
		int minutes = rs.getInt("minutes_spent");
		Integer spent = rs.wasNull() ? null : minutes;
		String door = rs.getString("door_outcome");
		UUID customer = rs.getObject("customer_id", UUID.class);
		return new Errand(rs.getObject("id", UUID.class), (customer != null) ? new CustomerId(customer) : null,
				ErrandKind.valueOf(rs.getString("kind")), rs.getString("items"), rs.getInt("bags"),
				rs.getLong("charge_pence"), rs.getObject("on_date", LocalDate.class),
				rs.getObject("from_time", LocalTime.class), rs.getObject("to_time", LocalTime.class),
				rs.getBoolean("needs_driver"), rs.getBoolean("needs_dbs"), ErrandStatus.valueOf(rs.getString("status")),
				day, rs.getObject("assignee_member", UUID.class), rs.getObject("assignee_account", UUID.class), spent,
				(door != null) ? DoorOutcome.valueOf(door) : null, rs.getString("observation"),
				rs.getBoolean("worrying"), Times.instant(rs, "created_at"),
				rs.getObject("asked_by_member", UUID.class));
	}

}
