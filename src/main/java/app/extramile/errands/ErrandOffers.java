package app.extramile.errands;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.errands.ErrandEvents.ErrandAccepted;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who an errand is offered to and who takes it. An open errand is offered to the team
 * members with a login and the skills it needs (a driver, a DBS check in date on its day)
 * who have not said no, never to the colleague who asked for it (in the app and by text:
 * a first name, the ask and a link, see {@link ErrandNotices}); the first to accept gets
 * it, or owners and staff give it to a named member. Also a helper's own list and the
 * errands nobody on the team could take.
 */
@Service
@Transactional
public class ErrandOffers {

	private static final Logger log = LoggerFactory.getLogger(ErrandOffers.class);

	private final JdbcClient jdbc;

	private final Errands errands;

	private final ErrandNotices notices;

	private final Team team;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ErrandOffers(JdbcClient jdbc, Errands errands, ErrandNotices notices, Team team, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.errands = errands;
		this.notices = notices;
		this.team = team;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Takes an open errand: the first to accept gets it (a conditional update), false
	 * when someone else already has it.
	 */
	public boolean accept(ShopUser user, UUID id) {
		Errand errand = this.errands.get(user.shopId(), id);
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
		this.notices.withdrawn(user.shopId(), id);
		if (errand.forColleague()) {
			this.team.member(user.shopId(), errand.askedByMember())
				.ifPresent((asker) -> this.notices.accepted(user.shopId(), errand, asker, me));
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
		Errands.requireStaff(staff);
		Errand errand = this.errands.get(staff.shopId(), id);
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
		this.notices.withdrawn(staff.shopId(), id);
		this.notices.assigned(staff.shopId(), this.errands.get(staff.shopId(), id), member);
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
		this.errands.get(user.shopId(), id);
		TeamMember me = this.team.memberForAccount(user.shopId(), user.accountId())
			.orElseThrow(() -> new Refused("errand", "errands.refused.notOnTeam"));
		this.jdbc.sql("""
				insert into errand_decline (errand_id, member_id, shop_id, declined_at) values (?, ?, ?, ?)
				on conflict do nothing""")
			.params(id, me.id(), user.shopId().value(), Times.column(this.clock.instant()))
			.update();
	}

	/**
	 * Open errands from a day on that need a skill (a driver, a DBS check) that no active
	 * team member has in date on the errand's day: nobody can take them until someone
	 * does. Soonest first.
	 */
	@Transactional(readOnly = true)
	public List<Errand> nobodyCanTake(ShopId shop, LocalDate from) {
		List<Errand> open = this.jdbc.sql("select " + Errands.COLUMNS + " " + """
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
		List<Errand> all = this.jdbc.sql("select " + Errands.COLUMNS + " " + """
				 from errand e where shop_id = ? and on_date >= ? and status in ('OPEN', 'ACCEPTED')
				order by on_date, from_time, created_at limit 500""")
			.params(user.shopId().value(), this.errands.today(user.shopId()).minusDays(1))
			.query(Errands::errand)
			.list();
		List<Errand> mine = new ArrayList<>();
		for (Errand errand : all) {
			if (this.errands.isMine(user, me, errand) || askedBy(me, errand) || offeredTo(me, errand)) {
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

	/**
	 * The errand's offers no longer wait for anyone in the app: its helper was settled
	 * another way (a planned round gives every delivery its driver).
	 */
	public void offersDealtWith(ShopId shop, UUID errandId) {
		this.notices.withdrawn(shop, errandId);
	}

	/**
	 * Every in-app notice about the errand is dealt with: for an errand entered after the
	 * fact, already done.
	 */
	public void noticesDealtWith(ShopId shop, UUID errandId) {
		this.notices.allDealtWith(shop, errandId);
	}

}
