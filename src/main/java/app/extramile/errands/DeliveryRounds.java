package app.extramile.errands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.rounds.Place;
import app.extramile.rounds.RoundPlan;
import app.extramile.rounds.RoundPlanner;
import app.extramile.rounds.RoundProblem;
import app.extramile.rounds.RoundsProperties;
import app.extramile.rounds.TravelTimes;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A day's delivery round: that day's deliveries, the drivers staff chose (each with a
 * capacity in bags), planned with the rounds module's {@link RoundPlanner} from and back
 * to the shop, and stored in rows so the plan survives restarts. Customers without
 * coordinates are kept on the page as flagged, never dropped silently; stops the planner
 * left out carry its reason. A stop may be pinned to a driver; re-planning keeps it
 * there.
 */
@Service
@Transactional
public class DeliveryRounds {

	/** When drivers may leave the shop and must be back (the day's clock). */
	static final LocalTime DAY_START = LocalTime.of(8, 0);

	static final LocalTime DAY_END = LocalTime.of(20, 0);

	/** Time at each door: a few minutes plus a little per bag. */
	static long serviceSeconds(int bags) {
		return 180 + 30L * bags;
	}

	static final String NO_LOCATION = "NO_LOCATION";

	private final JdbcClient jdbc;

	private final Errands errands;

	private final Team team;

	private final CustomerDirectory customers;

	private final RoundPlanner planner;

	private final TravelTimes travelTimes;

	private final RoundsProperties properties;

	private final Clock clock;

	DeliveryRounds(JdbcClient jdbc, Errands errands, Team team, CustomerDirectory customers, RoundPlanner planner,
			TravelTimes travelTimes, RoundsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.errands = errands;
		this.team = team;
		this.customers = customers;
		this.planner = planner;
		this.travelTimes = travelTimes;
		this.properties = properties;
		this.clock = clock;
	}

	/** A driver staff chose for the day, with how many bags they can take. */
	public record DriverChoice(UUID memberId, int capacity) {
	}

	/**
	 * A delivery on the page: on a route ({@code memberId}, {@code seq}, {@code eta}) or
	 * left out ({@code leftReason}), or not planned yet (all null).
	 */
	record Stop(Errand errand, Customer customer, UUID memberId, Integer seq, LocalTime eta, boolean pinned,
			String leftReason) {

		public boolean located() {
			return this.customer.hasLocation();
		}

	}

	record Route(TeamMember driver, int capacity, List<Stop> stops) {

		public int bags() {
			return this.stops.stream().mapToInt((s) -> s.errand().bags()).sum();
		}

	}

	/**
	 * The day as the page shows it.
	 *
	 * @param drivers every member with the driver skill that day
	 * @param routes the stored plan, one per chosen driver
	 * @param leftOut deliveries the plan could not serve, each with its reason
	 * @param unplanned deliveries added (or changed) since the plan was made
	 */
	record Day(LocalDate date, Place shop, List<TeamMember> drivers, List<Route> routes, List<Stop> leftOut,
			List<Stop> unplanned, Instant plannedAt, long travelSeconds, long metres) {

		public boolean planned() {
			return this.plannedAt != null;
		}

		public int deliveries() {
			return this.routes.stream().mapToInt((r) -> r.stops().size()).sum() + this.leftOut.size()
					+ this.unplanned.size();
		}

	}

	// --- The shop's place
	// -----------------------------------------------------------------------

	@Transactional(readOnly = true)
	Optional<Place> shopPlace(ShopId shop) {
		return this.jdbc.sql("select latitude, longitude from errand_shop_place where shop_id = ?")
			.param(shop.value())
			.query((rs, n) -> new Place(rs.getDouble("latitude"), rs.getDouble("longitude")))
			.optional();
	}

	/**
	 * Where the shop is: every round starts and ends there (set once on the round page).
	 */
	public void setShopPlace(ShopUser staff, Double latitude, Double longitude) {
		Errands.requireStaff(staff);
		if (latitude == null || latitude.isNaN() || Math.abs(latitude) > 90) {
			throw new Refused("latitude", "errands.refused.latitude");
		}
		if (longitude == null || longitude.isNaN() || Math.abs(longitude) > 180) {
			throw new Refused("longitude", "errands.refused.longitude");
		}
		this.jdbc.sql("delete from errand_shop_place where shop_id = ?").param(staff.shopId().value()).update();
		this.jdbc.sql("insert into errand_shop_place (shop_id, latitude, longitude) values (?, ?, ?)")
			.params(staff.shopId().value(), latitude, longitude)
			.update();
	}

	// --- Reading the day
	// ------------------------------------------------------------------------

	/** Whether the shop's round for the day has been planned (by staff or the demo). */
	@Transactional(readOnly = true)
	public boolean isPlanned(ShopId shop, LocalDate date) {
		return this.jdbc.sql("select count(*) from errand_round where shop_id = ? and round_date = ?")
			.params(shop.value(), date)
			.query(Integer.class)
			.single() > 0;
	}

	@Transactional(readOnly = true)
	Day day(ShopUser staff, LocalDate date) {
		Errands.requireStaff(staff);
		return day(staff.shopId(), date);
	}

	Day day(ShopId shop, LocalDate date) {
		List<Errand> deliveries = this.errands.deliveriesOn(shop, date);
		Map<UUID, Errand> byId = new LinkedHashMap<>();
		deliveries.forEach((e) -> byId.put(e.id(), e));
		Map<UUID, TeamMember> members = new HashMap<>();
		this.team.members(shop).forEach((m) -> members.put(m.id(), m));
		List<TeamMember> drivers = members.values()
			.stream()
			.filter((m) -> m.has(Skill.DRIVER, date))
			.sorted((a, b) -> Integer.compare(a.position(), b.position()))
			.toList();
		record Stored(Instant plannedAt, long travel, long metres) {
		}
		Optional<Stored> stored = this.jdbc
			.sql("select planned_at, travel_seconds, metres from errand_round where shop_id = ? and round_date = ?")
			.params(shop.value(), date)
			.query((rs, n) -> new Stored(Times.instant(rs, "planned_at"), rs.getLong("travel_seconds"),
					rs.getLong("metres")))
			.optional();
		Map<UUID, Route> routes = new LinkedHashMap<>();
		this.jdbc.sql("""
				select member_id, capacity from errand_round_driver where shop_id = ? and round_date = ?
				order by position""").params(shop.value(), date).query((rs) -> {
			TeamMember member = members.get(rs.getObject("member_id", UUID.class));
			if (member != null) {
				routes.put(member.id(), new Route(member, rs.getInt("capacity"), new ArrayList<>()));
			}
		});
		List<Stop> leftOut = new ArrayList<>();
		Map<UUID, Customer> customers = new HashMap<>();
		this.jdbc.sql("""
				select errand_id, member_id, seq, eta, pinned, left_reason from errand_round_stop
				where shop_id = ? and round_date = ? order by seq""").params(shop.value(), date).query((rs) -> {
			Errand errand = byId.remove(rs.getObject("errand_id", UUID.class));
			if (errand == null) {
				return;
			}
			Customer customer = customers.computeIfAbsent(errand.customerId().value(),
					(k) -> this.customers.get(shop, errand.customerId()));
			int seq = rs.getInt("seq");
			Stop stop = new Stop(errand, customer, rs.getObject("member_id", UUID.class), rs.wasNull() ? null : seq,
					rs.getObject("eta", LocalTime.class), rs.getBoolean("pinned"), rs.getString("left_reason"));
			Route route = (stop.leftReason() == null) ? routes.get(stop.memberId()) : null;
			if (route != null) {
				route.stops().add(stop);
			}
			else {
				leftOut.add(stop);
			}
		});
		List<Stop> unplanned = byId.values()
			.stream()
			.map((e) -> new Stop(e, this.customers.get(shop, e.customerId()), null, null, null, false,
					this.customers.get(shop, e.customerId()).hasLocation() ? null : NO_LOCATION))
			.toList();
		return new Day(date, shopPlace(shop).orElse(null), drivers, List.copyOf(routes.values()), leftOut, unplanned,
				stored.map(Stored::plannedAt).orElse(null), stored.map(Stored::travel).orElse(0L),
				stored.map(Stored::metres).orElse(0L));
	}

	// --- Planning
	// -------------------------------------------------------------------------------

	/**
	 * Plans (or re-plans) the day with these drivers, as staff do on the round page. The
	 * plan is stored; the round page shows it.
	 */
	public void planDay(ShopUser staff, LocalDate date, List<DriverChoice> chosen) {
		plan(staff, date, chosen);
	}

	/**
	 * Plans (or re-plans) the day with these drivers, keeping pinned stops with theirs.
	 */
	Day plan(ShopUser staff, LocalDate date, List<DriverChoice> chosen) {
		Errands.requireStaff(staff);
		ShopId shop = staff.shopId();
		Place depot = shopPlace(shop).orElseThrow(() -> new Refused("latitude", "errands.refused.shopPlace"));
		// One planner per shop at a time: two staff re-planning at once wait for each
		// other
		// instead of interleaving their rows.
		this.jdbc.sql("select shop_id from errand_shop_place where shop_id = ? for update")
			.param(shop.value())
			.query(UUID.class)
			.single();
		Map<UUID, TeamMember> drivers = new LinkedHashMap<>();
		for (TeamMember member : this.team.withSkill(shop, Skill.DRIVER,
				date.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC))) {
			drivers.put(member.id(), member);
		}
		for (DriverChoice choice : chosen) {
			if (!drivers.containsKey(choice.memberId())) {
				throw new Refused("drivers", "errands.refused.driver");
			}
			if (choice.capacity() < 1 || choice.capacity() > 200) {
				throw new Refused("capacity-" + choice.memberId(), "errands.refused.capacity");
			}
		}
		Map<UUID, UUID> pins = new HashMap<>();
		this.jdbc.sql("""
				select errand_id, member_id from errand_round_stop
				where shop_id = ? and round_date = ? and pinned and member_id is not null""")
			.params(shop.value(), date)
			.query((rs) -> {
				pins.put(rs.getObject("errand_id", UUID.class), rs.getObject("member_id", UUID.class));
			});
		RoundPlan earlier = storedPlan(shop, date);
		List<Errand> deliveries = this.errands.deliveriesOn(shop, date);
		List<Place> places = new ArrayList<>();
		places.add(depot);
		List<RoundProblem.Stop> stops = new ArrayList<>();
		Map<String, Errand> byStop = new HashMap<>();
		Map<String, Integer> locationOf = new HashMap<>();
		List<Errand> unlocated = new ArrayList<>();
		for (Errand errand : deliveries) {
			Customer customer = this.customers.get(shop, errand.customerId());
			if (!customer.hasLocation()) {
				unlocated.add(errand);
				continue;
			}
			places.add(new Place(customer.latitude(), customer.longitude()));
			String id = errand.id().toString();
			UUID pin = pins.get(errand.id());
			stops.add(new RoundProblem.Stop(id, places.size() - 1, errand.bags(), errand.from().toSecondOfDay(),
					errand.to().toSecondOfDay(), serviceSeconds(errand.bags()), (pin != null) ? pin.toString() : null));
			byStop.put(id, errand);
			locationOf.put(id, places.size() - 1);
		}
		List<RoundProblem.Driver> problemDrivers = chosen.stream()
			.map((c) -> new RoundProblem.Driver(c.memberId().toString(), c.capacity(), DAY_START.toSecondOfDay(),
					DAY_END.toSecondOfDay()))
			.toList();
		RoundProblem problem = new RoundProblem(stops, problemDrivers, this.travelTimes.between(places));
		RoundPlan plan = this.planner.plan(problem,
				RoundPlanner.Limits.until(Duration.ofSeconds(3), Duration.ofMillis(600)), earlier);
		store(shop, date, chosen, plan, byStop, unlocated, pins, places, locationOf);
		return day(shop, date);
	}

	private void store(ShopId shop, LocalDate date, List<DriverChoice> chosen, RoundPlan plan,
			Map<String, Errand> byStop, List<Errand> unlocated, Map<UUID, UUID> pins, List<Place> places,
			Map<String, Integer> locationOf) {
		clear(shop, date);
		double metres = 0;
		for (RoundPlan.Route route : plan.routes()) {
			int at = 0;
			for (RoundPlan.Call call : route.calls()) {
				int next = locationOf.get(call.stopId());
				metres += places.get(at).metresTo(places.get(next));
				at = next;
			}
			metres += places.get(at).metresTo(places.get(0));
		}
		metres *= this.properties.roadFactor();
		this.jdbc.sql("""
				insert into errand_round (shop_id, round_date, planned_at, travel_seconds, metres)
				values (?, ?, ?, ?, ?)""")
			.params(shop.value(), date, Times.column(this.clock.instant()), plan.totalTravel(), Math.round(metres))
			.update();
		int position = 0;
		for (DriverChoice choice : chosen) {
			this.jdbc.sql("""
					insert into errand_round_driver (shop_id, round_date, member_id, capacity, position)
					values (?, ?, ?, ?, ?)""")
				.params(shop.value(), date, choice.memberId(), choice.capacity(), position++)
				.update();
		}
		for (RoundPlan.Route route : plan.routes()) {
			int seq = 1;
			for (RoundPlan.Call call : route.calls()) {
				Errand errand = byStop.get(call.stopId());
				insertStop(shop, date, errand.id(), UUID.fromString(route.driverId()), seq++,
						LocalTime.ofSecondOfDay(Math.min(86_399, call.start())), pins.containsKey(errand.id()), null);
			}
		}
		for (RoundPlan.Unassigned left : plan.unassigned()) {
			UUID id = UUID.fromString(left.stopId());
			insertStop(shop, date, id, pins.get(id), null, null, pins.containsKey(id), left.reason().name());
		}
		for (Errand errand : unlocated) {
			insertStop(shop, date, errand.id(), null, null, null, false, NO_LOCATION);
		}
	}

	private void insertStop(ShopId shop, LocalDate date, UUID errand, UUID member, Integer seq, LocalTime eta,
			boolean pinned, String reason) {
		this.jdbc.sql("""
				insert into errand_round_stop (shop_id, round_date, errand_id, member_id, seq, eta, pinned, left_reason)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(shop.value(), date, errand, member, seq, eta, pinned, reason)
			.update();
	}

	private void clear(ShopId shop, LocalDate date) {
		for (String table : List.of("errand_round_stop", "errand_round_driver", "errand_round")) {
			this.jdbc.sql("delete from " + table + " where shop_id = ? and round_date = ?")
				.params(shop.value(), date)
				.update();
		}
	}

	private RoundPlan storedPlan(ShopId shop, LocalDate date) {
		Map<String, List<RoundPlan.Call>> calls = new LinkedHashMap<>();
		this.jdbc.sql("""
				select errand_id, member_id from errand_round_stop
				where shop_id = ? and round_date = ? and member_id is not null and left_reason is null order by seq""")
			.params(shop.value(), date)
			.query((rs) -> {
				calls.computeIfAbsent(rs.getObject("member_id", UUID.class).toString(), (k) -> new ArrayList<>())
					.add(new RoundPlan.Call(rs.getObject("errand_id", UUID.class).toString(), 0, 0, false));
			});
		if (calls.isEmpty()) {
			return null;
		}
		List<RoundPlan.Route> routes = calls.entrySet()
			.stream()
			.map((e) -> new RoundPlan.Route(e.getKey(), e.getValue(), 0, 0, 0))
			.toList();
		return new RoundPlan(routes, List.of(), 0, true);
	}

	/**
	 * Pins a planned stop to its driver (or another chosen driver), or unpins it, and
	 * re-plans with the same drivers.
	 */
	Day pin(ShopUser staff, LocalDate date, UUID errandId, UUID memberId, boolean pinned) {
		Errands.requireStaff(staff);
		ShopId shop = staff.shopId();
		List<DriverChoice> chosen = this.jdbc.sql("""
				select member_id, capacity from errand_round_driver where shop_id = ? and round_date = ?
				order by position""")
			.params(shop.value(), date)
			.query((rs, n) -> new DriverChoice(rs.getObject("member_id", UUID.class), rs.getInt("capacity")))
			.list();
		if (chosen.isEmpty()) {
			throw new Refused("errand", "errands.refused.notPlanned");
		}
		if (pinned && chosen.stream().noneMatch((c) -> c.memberId().equals(memberId))) {
			throw new Refused("memberId", "errands.refused.driver");
		}
		int updated = this.jdbc.sql("""
				update errand_round_stop set pinned = ?, member_id = coalesce(?, member_id)
				where shop_id = ? and round_date = ? and errand_id = ?""")
			.params(pinned, pinned ? memberId : null, shop.value(), date, errandId)
			.update();
		if (updated == 0) {
			throw new Refused("errand", "errands.refused.notPlanned");
		}
		return plan(staff, date, chosen);
	}

}
