package app.extramile.callouts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;
import app.extramile.system.Shops;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The call-outs facade. Owners and staff post call-outs and their slots and invite the
 * team; members sign up for a slot on the web (as themselves) or from their own link (the
 * link is the credential; only its hash is stored). A slot takes no more people than it
 * needs, also when many sign up at once (the slot's row is locked while counting), and
 * only people with the slot's skill, valid on the day. Reminders go out the day before,
 * once per sign-up.
 */
@Service
@Transactional
public class CallOuts {

	private static final Logger log = LoggerFactory.getLogger(CallOuts.class);

	static final String LINK_PREFIX = "c_";

	private final JdbcClient jdbc;

	private final Team team;

	private final Notifier notifier;

	private final Shops shops;

	private final Clock clock;

	CallOuts(JdbcClient jdbc, Team team, Notifier notifier, Shops shops, Clock clock) {
		this.jdbc = jdbc;
		this.team = team;
		this.notifier = notifier;
		this.shops = shops;
		this.clock = clock;
	}

	/** A call-out with its slots, each with who signed up. */
	public record CallOut(UUID id, String title, String place, String details, Instant createdAt, List<Slot> slots) {

		/** People still needed across all slots. */
		public int gaps() {
			return this.slots.stream().mapToInt(Slot::gap).sum();
		}

	}

	/** One slot: when, how many, what skill, and who. */
	public record Slot(UUID id, String label, Instant startsAt, Instant endsAt, int needed, Skill skill,
			Map<UUID, String> people) {

		public int gap() {
			return Math.max(0, this.needed - this.people.size());
		}

		public boolean full() {
			return gap() == 0;
		}

	}

	// --- Posting
	// --------------------------------------------------------------------------------

	public UUID post(ShopUser user, String title, String place, String details) {
		requireStaff(user);
		String name = text(title, 120, "title", true);
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into call_out (id, shop_id, title, place, details, created_at, created_by)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, user.shopId().value(), name, text(place, 120, "place", false),
					text(details, 500, "details", false), Times.column(this.clock.instant()), user.accountId())
			.update();
		return id;
	}

	public UUID addSlot(ShopUser user, UUID callOutId, String label, Instant startsAt, Instant endsAt, int needed,
			Skill skill) {
		requireStaff(user);
		get(user.shopId(), callOutId);
		String name = text(label, 120, "label", true);
		if (startsAt == null) {
			throw new Refused("startsAt", "callouts.refused.startsAt");
		}
		if (endsAt == null || !endsAt.isAfter(startsAt)) {
			throw new Refused("endsAt", "callouts.refused.endsAt");
		}
		if (needed < 1 || needed > 100) {
			throw new Refused("needed", "callouts.refused.needed");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into call_out_slot (id, shop_id, call_out_id, label, starts_at, ends_at, needed, skill)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, user.shopId().value(), callOutId, name, Times.column(startsAt), Times.column(endsAt), needed,
					(skill != null) ? skill.name() : null)
			.update();
		return id;
	}

	/**
	 * Sends each team member who has no link yet their own link, by SMS where they have a
	 * mobile, else by email. Members reached neither way are returned so the owner can
	 * ring them.
	 */
	public List<TeamMember> invite(ShopUser user, UUID callOutId) {
		requireStaff(user);
		get(user.shopId(), callOutId);
		List<TeamMember> unreachable = new ArrayList<>();
		for (TeamMember member : this.team.members(user.shopId())) {
			if (member.mobile() == null && member.email() == null) {
				unreachable.add(member);
				continue;
			}
			String token = Tokens.newToken(LINK_PREFIX);
			int created = this.jdbc.sql("""
					insert into call_out_link (id, shop_id, call_out_id, member_id, token_hash, created_at)
					values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
				.params(UUID.randomUUID(), user.shopId().value(), callOutId, member.id(), Tokens.sha256(token),
						Times.column(this.clock.instant()))
				.update();
			if (created == 0) {
				continue;
			}
			boolean sms = member.mobile() != null;
			this.notifier.send(user.shopId(), "callout:" + callOutId + ":invite:" + member.id(),
					sms ? Recipient.phone(member.mobile()) : Recipient.email(member.email()),
					sms ? Channel.SMS : Channel.EMAIL, "notify.callout", new MessageArgs(
							MessageArgs.firstNameOf(member.name(), "Friend"), "notify.ask.callout", "/c/" + token));
		}
		return unreachable;
	}

	// --- Signing up
	// -----------------------------------------------------------------------------

	/** The team member behind a signed-in account, if the account is on the team. */
	public Optional<TeamMember> memberFor(ShopUser user) {
		return this.team.memberForAccount(user.shopId(), user.accountId());
	}

	/** Who a link belongs to and for which call-out; empty for an unknown link. */
	public Optional<Link> link(String token) {
		if (token == null || !token.startsWith(LINK_PREFIX) || token.length() > 100) {
			return Optional.empty();
		}
		return this.jdbc.sql("select shop_id, call_out_id, member_id from call_out_link where token_hash = ?")
			.param(Tokens.sha256(token))
			.query((rs, n) -> new Link(new ShopId(rs.getObject("shop_id", UUID.class)),
					rs.getObject("call_out_id", UUID.class), rs.getObject("member_id", UUID.class)))
			.optional();
	}

	/** What a link opens: one member, one call-out. */
	record Link(ShopId shop, UUID callOutId, UUID memberId) {
	}

	public void signUp(ShopId shop, UUID memberId, UUID slotId, boolean viaLink) {
		TeamMember member = this.team.member(shop, memberId).orElseThrow(() -> new NotFoundException("member"));
		SlotRow slot = this.jdbc.sql("""
				select s.id, s.call_out_id, s.starts_at, s.needed, s.skill from call_out_slot s
				where s.shop_id = ? and s.id = ? for update""")
			.params(shop.value(), slotId)
			.query((rs, n) -> new SlotRow(rs.getObject("id", UUID.class), rs.getObject("call_out_id", UUID.class),
					Times.instant(rs, "starts_at"), rs.getInt("needed"), rs.getString("skill")))
			.optional()
			.orElseThrow(() -> new NotFoundException("slot"));
		if (slot.skill() != null) {
			LocalDate day = slot.startsAt().atZone(zone(shop)).toLocalDate();
			if (!member.has(Skill.valueOf(slot.skill()), day)) {
				throw new Refused("slot", "callouts.refused.skill." + slot.skill());
			}
		}
		if (!slot.startsAt().isAfter(this.clock.instant())) {
			throw new Refused("slot", "callouts.refused.started");
		}
		long taken = this.jdbc.sql("select count(*) from call_out_signup where slot_id = ?")
			.param(slotId)
			.query(Long.class)
			.single();
		boolean already = this.jdbc.sql("select count(*) from call_out_signup where slot_id = ? and member_id = ?")
			.params(slotId, memberId)
			.query(Long.class)
			.single() > 0;
		if (already) {
			return;
		}
		if (taken >= slot.needed()) {
			throw new Refused("slot", "callouts.refused.full");
		}
		this.jdbc.sql("""
				insert into call_out_signup (id, shop_id, slot_id, member_id, via, signed_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), slotId, memberId, viaLink ? "LINK" : "WEB",
					Times.column(this.clock.instant()))
			.update();
		log.info("Member {} signed up for slot {}", memberId, slotId);
	}

	public void withdraw(ShopId shop, UUID memberId, UUID slotId) {
		this.jdbc.sql("delete from call_out_signup where shop_id = ? and slot_id = ? and member_id = ?")
			.params(shop.value(), slotId, memberId)
			.update();
	}

	private record SlotRow(UUID id, UUID callOutId, Instant startsAt, int needed, String skill) {
	}

	// --- Reading
	// --------------------------------------------------------------------------------

	@Transactional(readOnly = true)
	public List<CallOut> open(ShopId shop) {
		return this.jdbc.sql("select id from call_out where shop_id = ? and closed_at is null order by created_at desc")
			.param(shop.value())
			.query(UUID.class)
			.list()
			.stream()
			.map((id) -> get(shop, id))
			.toList();
	}

	/**
	 * Open call-outs that still need people, each with only its slots yet to start that
	 * have a gap.
	 */
	@Transactional(readOnly = true)
	public List<CallOut> withGaps(ShopId shop) {
		Instant now = this.clock.instant();
		return open(shop).stream()
			.map((c) -> only(c, (slot) -> slot.gap() > 0 && slot.startsAt().isAfter(now)))
			.filter((c) -> !c.slots().isEmpty())
			.toList();
	}

	/**
	 * The call-outs this signed-in person can sign up to now: slots yet to start, with a
	 * gap, that they are not on, and whose skill they have in date. Empty for someone not
	 * on the team.
	 */
	@Transactional(readOnly = true)
	public List<CallOut> openTo(ShopUser user) {
		Optional<TeamMember> me = memberFor(user);
		if (me.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		ZoneId zone = zone(user.shopId());
		return open(user.shopId()).stream()
			.map((c) -> only(c,
					(slot) -> slot.gap() > 0 && slot.startsAt().isAfter(now)
							&& !slot.people().containsKey(me.get().id())
							&& (slot.skill() == null
									|| me.get().has(slot.skill(), slot.startsAt().atZone(zone).toLocalDate()))))
			.filter((c) -> !c.slots().isEmpty())
			.toList();
	}

	private static CallOut only(CallOut callOut, Predicate<Slot> keep) {
		return new CallOut(callOut.id(), callOut.title(), callOut.place(), callOut.details(), callOut.createdAt(),
				callOut.slots().stream().filter(keep).toList());
	}

	@Transactional(readOnly = true)
	public CallOut get(ShopId shop, UUID id) {
		Map<UUID, String> names = new LinkedHashMap<>();
		this.team.members(shop).forEach((m) -> names.put(m.id(), m.name()));
		List<Slot> slots = this.jdbc.sql("""
				select id, label, starts_at, ends_at, needed, skill from call_out_slot
				where shop_id = ? and call_out_id = ? order by starts_at, label""")
			.params(shop.value(), id)
			.query((rs, n) -> new Slot(rs.getObject("id", UUID.class), rs.getString("label"),
					Times.instant(rs, "starts_at"), Times.instant(rs, "ends_at"), rs.getInt("needed"),
					(rs.getString("skill") != null) ? Skill.valueOf(rs.getString("skill")) : null,
					new LinkedHashMap<>()))
			.list();
		for (Slot slot : slots) {
			this.jdbc.sql("select member_id from call_out_signup where slot_id = ? order by signed_at")
				.param(slot.id())
				.query(UUID.class)
				.list()
				.forEach((member) -> slot.people().put(member, names.getOrDefault(member, "?")));
		}
		return this.jdbc.sql("select id, title, place, details, created_at from call_out where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> new CallOut(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("place"),
					rs.getString("details"), Times.instant(rs, "created_at"), slots))
			.optional()
			.orElseThrow(() -> new NotFoundException("call-out"));
	}

	// --- Reminders
	// ------------------------------------------------------------------------------

	/**
	 * Reminds everyone whose slot starts within the next day, once: the sign-up's
	 * {@code reminded_at} is claimed with a conditional update, and the notification key
	 * names the sign-up, so a second run or a second instance sends nothing.
	 * @return reminders sent by this run
	 */
	public int sendReminders() {
		Instant now = this.clock.instant();
		List<Object[]> due = this.jdbc.sql("""
				select u.id, u.shop_id, u.member_id, s.call_out_id from call_out_signup u
				join call_out_slot s on s.id = u.slot_id
				where u.reminded_at is null and s.starts_at > ? and s.starts_at <= ?""")
			.params(Times.column(now), Times.column(now.plus(java.time.Duration.ofDays(1))))
			.query((rs,
					n) -> new Object[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
							rs.getObject(3, UUID.class), rs.getObject(4, UUID.class) })
			.list();
		int sent = 0;
		for (Object[] row : due) {
			UUID signup = (UUID) row[0];
			ShopId shop = new ShopId((UUID) row[1]);
			int claimed = this.jdbc
				.sql("update call_out_signup set reminded_at = ? where id = ? and reminded_at is null")
				.params(Times.column(now), signup)
				.update();
			if (claimed == 0) {
				continue;
			}
			Optional<TeamMember> member = this.team.member(shop, (UUID) row[2]);
			if (member.isEmpty()) {
				continue;
			}
			TeamMember who = member.get();
			// Their own link again (a fresh one: only hashes are kept, so the old one is
			// retired),
			// or the page behind sign-in for those who signed up on the web.
			String token = Tokens.newToken(LINK_PREFIX);
			int rotated = this.jdbc
				.sql("update call_out_link set token_hash = ? where call_out_id = ? and member_id = ?")
				.params(Tokens.sha256(token), row[3], who.id())
				.update();
			String path = (rotated > 0) ? "/c/" + token : "/callouts/" + row[3];
			if (who.mobile() != null) {
				this.notifier.send(shop, "callout-reminder:" + signup, Recipient.phone(who.mobile()), Channel.SMS,
						"notify.callout-reminder", new MessageArgs(MessageArgs.firstNameOf(who.name(), "Friend"),
								"notify.ask.callout-reminder", path));
			}
			else if (who.email() != null) {
				this.notifier.send(shop, "callout-reminder:" + signup, Recipient.email(who.email()), Channel.EMAIL,
						"notify.callout-reminder", new MessageArgs(MessageArgs.firstNameOf(who.name(), "Friend"),
								"notify.ask.callout-reminder", path));
			}
			if (who.accountId() != null) {
				this.notifier.send(shop, "callout-reminder:" + signup, Recipient.member(who.accountId()),
						Channel.IN_APP, "notify.callout-reminder", new MessageArgs(
								MessageArgs.firstNameOf(who.name(), "Friend"), "notify.ask.callout-reminder", path));
			}
			sent++;
		}
		return sent;
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	private static String text(String value, int max, String field, boolean required) {
		String trimmed = (value != null) ? value.trim() : "";
		if (trimmed.isEmpty()) {
			if (required) {
				throw new Refused(field, "callouts.refused." + field);
			}
			return null;
		}
		if (trimmed.length() > max) {
			throw new Refused(field, "callouts.refused.tooLong");
		}
		return trimmed;
	}

	private static void requireStaff(ShopUser user) {
		if (user.role() != Role.OWNER && user.role() != Role.STAFF) {
			throw new AccessDeniedException("call-outs are posted by owners and staff");
		}
	}

}
