package app.extramile.team;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Accounts;
import app.extramile.system.Shops;
import app.extramile.system.SystemEvents.AccountCreated;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team module's facade: members, skills and the on-duty rota. Owners and staff manage
 * it; everyone on the team may read the rota. Questions from other modules
 * ({@link #onDutyAt}, {@link #withSkill}, {@link #member}) take a shop and need no
 * signed-in user.
 */
@Service
@Transactional
public class Team {

	private final JdbcClient jdbc;

	private final Shops shops;

	private final Accounts accounts;

	private final Clock clock;

	Team(JdbcClient jdbc, Shops shops, Accounts accounts, Clock clock) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** What a manager types for a member; blank values are stored as none. */
	public record MemberDetails(String name, String mobile, String email, UUID accountId, Double homeLat,
			Double homeLon) {

		public MemberDetails {
			if (name == null || name.isBlank() || name.length() > 120) {
				throw new IllegalArgumentException("name");
			}
			if (mobile != null && !mobile.isBlank() && !looksLikeMobile(mobile)) {
				throw new IllegalArgumentException("mobile");
			}
			if (email != null && !email.isBlank() && !looksLikeEmail(email)) {
				throw new IllegalArgumentException("email");
			}
			if ((homeLat == null) != (homeLon == null) || (homeLat != null
					&& (Math.abs(homeLat) > 90 || Math.abs(homeLon) > 180 || homeLat.isNaN() || homeLon.isNaN()))) {
				throw new IllegalArgumentException("homeLat");
			}
			name = name.trim();
			mobile = blankToNull(mobile);
			email = blankToNull(email);
		}

	}

	// --- Members
	// --------------------------------------------------------------------------------

	/**
	 * Adds a member. Someone with a login is on the team already (they joined when the
	 * login was made): adding them again updates that member instead of adding a second.
	 */
	public UUID addMember(ShopUser manager, MemberDetails details) {
		requireManager(manager);
		if (details.accountId() != null) {
			Optional<UUID> linked = activeMemberForAccount(manager.shopId(), details.accountId());
			if (linked.isPresent()) {
				updateMember(manager, linked.get(), details);
				return linked.get();
			}
		}
		return insertMember(manager.shopId(), details);
	}

	private UUID insertMember(ShopId shop, MemberDetails details) {
		UUID id = UUID.randomUUID();
		int position = this.jdbc.sql("select coalesce(max(position), 0) + 1 from team_member where shop_id = ?")
			.param(shop.value())
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				insert into team_member (id, shop_id, name, mobile, email, account_id, home_lat, home_lon, position,
				  active, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)""")
			.params(id, shop.value(), details.name(), details.mobile(), details.email(), details.accountId(),
					details.homeLat(), details.homeLon(), position, Times.column(this.clock.instant()))
			.update();
		return id;
	}

	/**
	 * Every account is a team member: a new login joins the team in the transaction that
	 * creates it (setup's owner, an accepted invitation, a demo account). A plain
	 * listener on purpose, not an after-commit module listener: the account and its
	 * member are committed together, so there is no moment when someone can sign in but
	 * is missing from the rota, the errands offered and the counts, and nothing is left
	 * to retry.
	 */
	@EventListener
	void on(AccountCreated event) {
		join(event.shopId(), event.accountId());
	}

	/**
	 * Puts a login on the team, once: a member already linked to it is kept as it is; an
	 * active member of the same name without a login (added by hand before the person had
	 * one) is linked to it; otherwise a member is added with the account's name, email
	 * and phone. Running it again adds nothing.
	 * @return the member, or empty for no enabled account of that id in the shop
	 */
	public Optional<UUID> join(ShopId shop, UUID accountId) {
		Optional<Accounts.ContactDetails> account = this.accounts.contactDetails(shop, accountId);
		if (account.isEmpty()) {
			return Optional.empty();
		}
		Optional<UUID> linked = this.jdbc
			.sql("select id from team_member where shop_id = ? and account_id = ? order by active desc, position")
			.params(shop.value(), accountId)
			.query(UUID.class)
			.stream()
			.findFirst();
		if (linked.isPresent()) {
			return linked;
		}
		String name = account.get().displayName().trim();
		for (UUID namesake : this.jdbc.sql("""
				select id from team_member where shop_id = ? and active and account_id is null
				and lower(trim(name)) = lower(?) order by position""")
			.params(shop.value(), name)
			.query(UUID.class)
			.list()) {
			if (this.jdbc
				.sql("update team_member set account_id = ? where shop_id = ? and id = ? and account_id is null")
				.params(accountId, shop.value(), namesake)
				.update() == 1) {
				return Optional.of(namesake);
			}
		}
		String phone = account.get().phone();
		String email = account.get().email();
		return Optional.of(insertMember(shop, new MemberDetails(name.length() > 120 ? name.substring(0, 120) : name,
				looksLikeMobile(phone) ? phone : null, looksLikeEmail(email) ? email : null, accountId, null, null)));
	}

	private void updateMember(ShopUser manager, UUID id, MemberDetails details) {
		requireManager(manager);
		int updated = this.jdbc.sql("""
				update team_member set name = ?, mobile = ?, email = ?, account_id = ?, home_lat = ?, home_lon = ?
				where shop_id = ? and id = ? and active""")
			.params(details.name(), details.mobile(), details.email(), details.accountId(), details.homeLat(),
					details.homeLon(), manager.shopId().value(), id)
			.update();
		if (updated == 0) {
			throw new NotFoundException("team member");
		}
	}

	/** Leaves the team: no longer on any rota. Past records keep the id. */
	public void removeMember(ShopUser manager, UUID id) {
		requireManager(manager);
		this.jdbc.sql("update team_member set active = false where shop_id = ? and id = ?")
			.params(manager.shopId().value(), id)
			.update();
	}

	@Transactional(readOnly = true)
	public Optional<TeamMember> member(ShopId shop, UUID id) {
		return this.jdbc.sql(MEMBER_SELECT + " where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query(this::member)
			.optional();
	}

	/** Active members in rota order. */
	@Transactional(readOnly = true)
	public List<TeamMember> members(ShopId shop) {
		Map<UUID, Map<Skill, LocalDate>> skills = new HashMap<>();
		this.jdbc.sql("select member_id, skill, expires_on from team_member_skill where shop_id = ?")
			.param(shop.value())
			.query((r) -> {
				skills.computeIfAbsent(r.getObject("member_id", UUID.class), (k) -> new EnumMap<>(Skill.class))
					.put(Skill.valueOf(r.getString("skill")), r.getObject("expires_on", LocalDate.class));
			});
		return this.jdbc.sql(MEMBER_SELECT + " where shop_id = ? and active order by position, name")
			.param(shop.value())
			.query((rs, n) -> member(rs, skills.getOrDefault(rs.getObject("id", UUID.class), Map.of())))
			.list();
	}

	private Optional<UUID> activeMemberForAccount(ShopId shop, UUID accountId) {
		return this.jdbc
			.sql("select id from team_member where shop_id = ? and account_id = ? and active order by position")
			.params(shop.value(), accountId)
			.query(UUID.class)
			.stream()
			.findFirst();
	}

	/** The member linked to a login, if any. */
	@Transactional(readOnly = true)
	public Optional<TeamMember> memberForAccount(ShopId shop, UUID accountId) {
		return this.jdbc.sql(MEMBER_SELECT + " where shop_id = ? and account_id = ? and active order by position")
			.params(shop.value(), accountId)
			.query(this::member)
			.stream()
			.findFirst();
	}

	// --- Skills
	// ---------------------------------------------------------------------------------

	/** Grants (or re-dates) a skill. DBS checks need an expiry date. */
	public void grantSkill(ShopUser manager, UUID memberId, Skill skill, LocalDate expiresOn) {
		requireManager(manager);
		requireMember(manager.shopId(), memberId);
		if (skill == Skill.DBS_CHECKED && expiresOn == null) {
			throw new IllegalArgumentException("expiresOn");
		}
		this.jdbc.sql("delete from team_member_skill where shop_id = ? and member_id = ? and skill = ?")
			.params(manager.shopId().value(), memberId, skill.name())
			.update();
		this.jdbc.sql("insert into team_member_skill (member_id, shop_id, skill, expires_on) values (?, ?, ?, ?)")
			.params(memberId, manager.shopId().value(), skill.name(), expiresOn)
			.update();
	}

	public void removeSkill(ShopUser manager, UUID memberId, Skill skill) {
		requireManager(manager);
		this.jdbc.sql("delete from team_member_skill where shop_id = ? and member_id = ? and skill = ?")
			.params(manager.shopId().value(), memberId, skill.name())
			.update();
	}

	/**
	 * Active members with the skill, unexpired on the shop's local date at {@code at}.
	 */
	@Transactional(readOnly = true)
	public List<TeamMember> withSkill(ShopId shop, Skill skill, Instant at) {
		LocalDate on = LocalDate.ofInstant(at, zone(shop));
		return members(shop).stream().filter((m) -> m.has(skill, on)).toList();
	}

	// --- Rota
	// -----------------------------------------------------------------------------------

	/** A weekly on-duty (responder cover) slot. */
	public UUID addSlot(ShopUser manager, UUID memberId, DayOfWeek weekday, LocalTime from, LocalTime to) {
		return addSlot(manager, memberId, RotaSlot.Kind.ON_DUTY, weekday, from, to);
	}

	/** A weekly slot of any kind, set by an owner or staff. */
	public UUID addSlot(ShopUser manager, UUID memberId, RotaSlot.Kind kind, DayOfWeek weekday, LocalTime from,
			LocalTime to) {
		requireManager(manager);
		requireMember(manager.shopId(), memberId);
		return insertSlot(manager.shopId(), memberId, kind, weekday, from, to);
	}

	/**
	 * Anyone on the team says when they are usually available to help (a volunteer on
	 * their phone, too).
	 */
	public UUID addAvailability(ShopUser self, DayOfWeek weekday, LocalTime from, LocalTime to) {
		TeamMember me = memberForAccount(self.shopId(), self.accountId())
			.orElseThrow(() -> new AccessDeniedException("not on the team list"));
		return insertSlot(self.shopId(), me.id(), RotaSlot.Kind.AVAILABLE, weekday, from, to);
	}

	/** Removes one of one's own availability slots. */
	public void removeAvailability(ShopUser self, UUID slotId) {
		TeamMember me = memberForAccount(self.shopId(), self.accountId())
			.orElseThrow(() -> new AccessDeniedException("not on the team list"));
		this.jdbc
			.sql("delete from team_rota_slot where shop_id = ? and id = ? and member_id = ? and kind = 'AVAILABLE'")
			.params(self.shopId().value(), slotId, me.id())
			.update();
	}

	private UUID insertSlot(ShopId shop, UUID memberId, RotaSlot.Kind kind, DayOfWeek weekday, LocalTime from,
			LocalTime to) {
		if (kind == null || weekday == null || from == null || to == null) {
			throw new IllegalArgumentException("slot");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into team_rota_slot (id, shop_id, member_id, kind, weekday, starts_at, ends_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, shop.value(), memberId, kind.name(), weekday.getValue(), from, to)
			.update();
		return id;
	}

	public void removeSlot(ShopUser manager, UUID slotId) {
		requireManager(manager);
		this.jdbc.sql("delete from team_rota_slot where shop_id = ? and id = ?")
			.params(manager.shopId().value(), slotId)
			.update();
	}

	/**
	 * A one-off change: on duty (covering) or off duty (away) from {@code from} until
	 * {@code until}.
	 */
	public UUID addChange(ShopUser manager, UUID memberId, boolean onDuty, Instant from, Instant until) {
		requireManager(manager);
		requireMember(manager.shopId(), memberId);
		if (from == null || until == null || !until.isAfter(from)) {
			throw new IllegalArgumentException("until");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into team_rota_change (id, shop_id, member_id, on_duty, from_at, until_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(id, manager.shopId().value(), memberId, onDuty, Times.column(from), Times.column(until))
			.update();
		return id;
	}

	public void removeChange(ShopUser manager, UUID changeId) {
		requireManager(manager);
		this.jdbc.sql("delete from team_rota_change where shop_id = ? and id = ?")
			.params(manager.shopId().value(), changeId)
			.update();
	}

	@Transactional(readOnly = true)
	public List<RotaSlot> slots(ShopId shop) {
		return this.jdbc.sql("""
				select s.id, s.member_id, s.kind, s.weekday, s.starts_at, s.ends_at from team_rota_slot s
				join team_member m on m.id = s.member_id and m.active
				where s.shop_id = ? order by s.weekday, s.starts_at""")
			.param(shop.value())
			.query((rs, n) -> new RotaSlot(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
					RotaSlot.Kind.valueOf(rs.getString("kind")), DayOfWeek.of(rs.getInt("weekday")),
					rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class)))
			.list();
	}

	/**
	 * Who works a shift in the shop at an instant (weekly pattern), in position order.
	 */
	@Transactional(readOnly = true)
	public List<TeamMember> onShiftAt(ShopId shop, Instant at) {
		return slotHolders(shop, at, RotaSlot.Kind.SHIFT);
	}

	/** Who said they are usually available at an instant, in position order. */
	@Transactional(readOnly = true)
	public List<TeamMember> availableAt(ShopId shop, Instant at) {
		return slotHolders(shop, at, RotaSlot.Kind.AVAILABLE);
	}

	private List<TeamMember> slotHolders(ShopId shop, Instant at, RotaSlot.Kind kind) {
		LocalDateTime local = LocalDateTime.ofInstant(at, zone(shop));
		Set<UUID> holders = new LinkedHashSet<>();
		for (RotaSlot slot : slots(shop)) {
			if (slot.kind() == kind && slot.covers(local)) {
				holders.add(slot.memberId());
			}
		}
		return members(shop).stream().filter((m) -> holders.contains(m.id())).toList();
	}

	/** Changes that have not ended by {@code after}, soonest first. */
	@Transactional(readOnly = true)
	public List<RotaChange> changes(ShopId shop, Instant after) {
		return this.jdbc.sql("""
				select c.id, c.member_id, c.on_duty, c.from_at, c.until_at from team_rota_change c
				join team_member m on m.id = c.member_id and m.active
				where c.shop_id = ? and c.until_at > ? order by c.from_at""")
			.params(shop.value(), Times.column(after))
			.query((rs, n) -> new RotaChange(rs.getObject("id", UUID.class), rs.getObject("member_id", UUID.class),
					rs.getBoolean("on_duty"), Times.instant(rs, "from_at"), Times.instant(rs, "until_at")))
			.list();
	}

	/**
	 * Who is on duty at an instant, in rota order: members covering by a one-off change
	 * first (they were called in for it), then those of the weekly pattern, each in
	 * position order; anyone with a one-off off-duty change at that time is left out.
	 */
	@Transactional(readOnly = true)
	public List<TeamMember> onDutyAt(ShopId shop, Instant at) {
		LocalDateTime local = LocalDateTime.ofInstant(at, zone(shop));
		Set<UUID> covering = new LinkedHashSet<>();
		Set<UUID> off = new LinkedHashSet<>();
		for (RotaChange change : changes(shop, at)) {
			if (change.covers(at)) {
				(change.onDuty() ? covering : off).add(change.memberId());
			}
		}
		Set<UUID> pattern = new LinkedHashSet<>();
		for (RotaSlot slot : slots(shop)) {
			if (slot.kind() == RotaSlot.Kind.ON_DUTY && slot.covers(local)) {
				pattern.add(slot.memberId());
			}
		}
		List<TeamMember> members = members(shop);
		List<TeamMember> onDuty = new ArrayList<>();
		for (TeamMember member : members) {
			if (covering.contains(member.id()) && !off.contains(member.id())) {
				onDuty.add(member);
			}
		}
		for (TeamMember member : members) {
			if (pattern.contains(member.id()) && !covering.contains(member.id()) && !off.contains(member.id())) {
				onDuty.add(member);
			}
		}
		return onDuty;
	}

	/**
	 * The members on duty, nearest to a place first (members without a home location
	 * last).
	 */
	@Transactional(readOnly = true)
	public List<TeamMember> onDutyNearest(ShopId shop, Instant at, Double lat, Double lon) {
		List<TeamMember> onDuty = onDutyAt(shop, at);
		if (lat == null || lon == null) {
			return onDuty;
		}
		Map<UUID, Integer> order = new HashMap<>();
		for (int i = 0; i < onDuty.size(); i++) {
			order.put(onDuty.get(i).id(), i);
		}
		return onDuty.stream()
			.sorted(Comparator.comparingDouble(
					(TeamMember m) -> m.hasLocation() ? metres(lat, lon, m.homeLat(), m.homeLon()) : Double.MAX_VALUE)
				.thenComparing((m) -> order.get(m.id())))
			.toList();
	}

	/** Great-circle distance in metres (haversine). */
	static double metres(double lat1, double lon1, double lat2, double lon2) {
		double dLat = Math.toRadians(lat2 - lat1);
		double dLon = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
				* Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 6_371_000 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	private void requireMember(ShopId shop, UUID memberId) {
		if (member(shop, memberId).isEmpty()) {
			throw new NotFoundException("team member");
		}
	}

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	private static void requireManager(ShopUser user) {
		if (user.role() != Role.OWNER && user.role() != Role.STAFF) {
			throw new AccessDeniedException("the team is managed by owners and staff");
		}
	}

	private static boolean looksLikeMobile(String value) {
		return value != null && value.trim().matches("\\+?[0-9 ()-]{7,25}");
	}

	private static boolean looksLikeEmail(String value) {
		return value != null && value.trim().matches("[^@\\s]+@[^@\\s]+");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static final String MEMBER_SELECT = """
			select id, name, mobile, email, account_id, home_lat, home_lon, position from team_member""";

	private TeamMember member(ResultSet rs, int row) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		Map<Skill, LocalDate> skills = new EnumMap<>(Skill.class);
		this.jdbc.sql("select skill, expires_on from team_member_skill where member_id = ?").param(id).query((r) -> {
			skills.put(Skill.valueOf(r.getString("skill")), r.getObject("expires_on", LocalDate.class));
		});
		return member(rs, skills);
	}

	private static TeamMember member(ResultSet rs, Map<Skill, LocalDate> skills) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		double lat = rs.getDouble("home_lat");
		Double homeLat = rs.wasNull() ? null : lat;
		double lon = rs.getDouble("home_lon");
		Double homeLon = rs.wasNull() ? null : lon;
		return new TeamMember(id, rs.getString("name"), rs.getString("mobile"), rs.getString("email"),
				rs.getObject("account_id", UUID.class), homeLat, homeLon, rs.getInt("position"),
				java.util.Collections.unmodifiableMap(skills));
	}

}
