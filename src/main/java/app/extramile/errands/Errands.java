package app.extramile.errands;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import app.extramile.team.TeamMember;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading errands: one errand, staff's list from a day on, a day's deliveries and a day's
 * errands still to do, each scoped by shop. Asking for errands is {@link ErrandRequests},
 * who they are offered to and who takes them is {@link ErrandOffers}, what happens when
 * the errand is carried out is {@link Doorstep}.
 *
 * <p>
 * Also the errands module's few shared rules: the shop's day, who arranges errands
 * (owners and staff, or an API caller) and whether an errand is a helper's own.
 */
@Service
@Transactional
public class Errands {

	static final String COLUMNS = """
			id, customer_id, kind, items, bags, charge_pence, on_date, from_time, to_time, needs_driver, needs_dbs,
			status, weekday, assignee_member, assignee_account, minutes_spent, door_outcome, observation, worrying,
			created_at, asked_by_member""";

	private final JdbcClient jdbc;

	private final Shops shops;

	private final Clock clock;

	Errands(JdbcClient jdbc, Shops shops, Clock clock) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.clock = clock;
	}

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

	/** Whether the user took it (its assignee) or drives it on a delivery round. */
	boolean isMine(ShopUser user, Optional<TeamMember> me, Errand errand) {
		if (user.accountId().equals(errand.assigneeAccount())) {
			return true;
		}
		return me.isPresent() && this.jdbc.sql("""
				select count(*) from errand_round_stop where shop_id = ? and errand_id = ? and member_id = ?""")
			.params(user.shopId().value(), errand.id(), me.get().id())
			.query(Integer.class)
			.single() > 0;
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
