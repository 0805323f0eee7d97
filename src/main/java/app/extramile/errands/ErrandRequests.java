package app.extramile.errands;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.errands.ErrandEvents.ErrandCancelled;
import app.extramile.errands.ErrandEvents.ErrandRequested;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asking for errands: staff ask for an errand for a customer (once or weekly, from the
 * app or an API caller with an idempotency key), a welfare check asks for help, a team
 * member asks the rest of the team for help for themselves, and errands are cancelled.
 * Every new errand is published as {@link ErrandRequested} and offered to matching
 * helpers ({@link ErrandOffers}).
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
public class ErrandRequests {

	private static final Logger log = LoggerFactory.getLogger(ErrandRequests.class);

	private final JdbcClient jdbc;

	private final Errands errands;

	private final ErrandOffers offers;

	private final ErrandNotices notices;

	private final CustomerDirectory customers;

	private final Team team;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ErrandRequests(JdbcClient jdbc, Errands errands, ErrandOffers offers, ErrandNotices notices,
			CustomerDirectory customers, Team team, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.errands = errands;
		this.offers = offers;
		this.notices = notices;
		this.customers = customers;
		this.team = team;
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

	/** Records an errand and offers it to matching helpers. */
	public UUID request(ShopUser staff, Request request) {
		return request(staff, request, null);
	}

	/**
	 * Records an errand once per idempotency key (from an API caller): the same key again
	 * returns the errand recorded the first time.
	 */
	public UUID request(ShopUser staff, Request request, String idempotencyKey) {
		Errands.requireStaffOrApi(staff);
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
		if (on == null || on.isBefore(this.errands.today(shop))) {
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
		LocalDate today = this.errands.today(shop);
		UUID id = UUID.randomUUID();
		String what = (help == null || help.isBlank()) ? null : help.strip();
		if (what != null && what.length() > 2000) {
			what = what.substring(0, 2000);
		}
		boolean inserted = insert(shop, id, customer, null, ErrandKind.OTHER, what, 0, 0, today, LocalTime.of(9, 0),
				LocalTime.of(18, 0), false, false, null, null, "help:" + checkId, null);
		return inserted ? Optional.of(id) : Optional.empty();
	}

	/**
	 * Nobody answered and the helper chose to try again: a new errand with the same items
	 * on a day and in a window, offered as the first was.
	 */
	UUID tryAgain(ShopUser user, Errand errand, LocalDate on, LocalTime from, LocalTime to) {
		checkWindow(user.shopId(), on, from, to);
		UUID retry = UUID.randomUUID();
		insert(user.shopId(), retry, errand.customerId(), null, errand.kind(), errand.items(), errand.bags(),
				errand.chargePence(), on, from, to, errand.needsDriver(), errand.needsDbs(), null, null,
				"retry:" + errand.id(), user.accountId());
		return retry;
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
		this.notices.offer(shop, this.errands.get(shop, id), this.offers.helpersFor(shop, this.errands.get(shop, id)));
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
			if (one.on().isAfter(this.errands.today(one.shop()))) {
				continue;
			}
			Errand last = this.errands.get(one.shop(), one.id());
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

	/**
	 * Cancels an errand (staff, or the colleague who asked for it); {@code series} also
	 * ends a weekly errand: no further occurrences, open future ones cancelled.
	 */
	public void cancel(ShopUser staff, UUID id, boolean series) {
		Errand errand = this.errands.get(staff.shopId(), id);
		if (!this.offers.isAskedBy(staff, errand)) {
			Errands.requireStaff(staff);
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
				this.notices.withdrawn(staff.shopId(), one);
			}
		}
	}

}
