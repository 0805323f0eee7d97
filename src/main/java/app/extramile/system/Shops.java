package app.extramile.system;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import app.extramile.shared.Letterhead;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The shops on this installation.
 */
@Component
public class Shops implements Letterhead.Source {

	private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

	private final JdbcClient jdbc;

	private final Clock clock;

	/**
	 * Shops looked up before. A shop's name, address in links and time zone are chosen at
	 * setup and never changed (nothing updates a shop row), so every instance may keep
	 * them: the page layout asks for the signed-in shop on every request. A way to rename
	 * a shop would have to drop this (or let it expire).
	 */
	private final Map<ShopId, Shop> known = new ConcurrentHashMap<>();

	Shops(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public boolean any() {
		return this.jdbc.sql("select count(*) from shop").query(Long.class).single() > 0;
	}

	public Optional<Shop> find(ShopId id) {
		Shop shop = this.known.get(id);
		if (shop == null) {
			shop = this.jdbc.sql("select id, slug, name, time_zone from shop where id = ?")
				.param(id.value())
				.query((rs, n) -> new Shop(new ShopId(rs.getObject("id", UUID.class)), rs.getString("slug"),
						rs.getString("name"), ZoneId.of(rs.getString("time_zone"))))
				.optional()
				.orElse(null);
			if (shop == null) {
				// not remembered: it may be set up a moment later
				return Optional.empty();
			}
			this.known.put(id, shop);
		}
		return Optional.of(shop);
	}

	/**
	 * The shop's time zone, in which its days, months and opening hours are reckoned;
	 * Europe/London for a shop that does not exist.
	 */
	public ZoneId zone(ShopId id) {
		return find(id).map(Shop::timeZone).orElse(DEFAULT_ZONE);
	}

	public Optional<Shop> findBySlug(String slug) {
		return this.jdbc.sql("select id, slug, name, time_zone from shop where slug = ?")
			.param(slug)
			.query((rs, n) -> new Shop(new ShopId(rs.getObject("id", UUID.class)), rs.getString("slug"),
					rs.getString("name"), ZoneId.of(rs.getString("time_zone"))))
			.optional();
	}

	/**
	 * Where the shop is and its phone number, as the owner wrote them (blank when not
	 * yet).
	 */
	public record ContactDetails(String address, String phone) {

		public boolean given() {
			return !this.address.isBlank() || !this.phone.isBlank();
		}

	}

	public ContactDetails contactDetails(ShopId id) {
		return this.jdbc.sql("select address, phone from shop where id = ?")
			.param(id.value())
			.query((rs, n) -> new ContactDetails(Objects.toString(rs.getString("address"), ""),
					Objects.toString(rs.getString("phone"), "")))
			.optional()
			.orElse(new ContactDetails("", ""));
	}

	@Override
	public Letterhead letterhead(ShopId shop) {
		ContactDetails details = contactDetails(shop);
		return new Letterhead(find(shop).map(Shop::name).orElse(""), details.address(), details.phone());
	}

	/** The owner's change of the shop's address and phone. */
	public void updateContactDetails(ShopUser owner, String address, String phone) {
		if (owner.role() != Role.OWNER) {
			throw new AccessDeniedException("only the owner changes the shop's details");
		}
		setContactDetails(owner.shopId(), address, phone);
	}

	void setContactDetails(ShopId shop, String address, String phone) {
		this.jdbc.sql("update shop set address = ?, phone = ? where id = ?")
			.params(blankToNull(address), blankToNull(phone), shop.value())
			.update();
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * A new shop with its short name (its public address), name and time zone: set-up
	 * creates one, and so does the demo village. Short names are unique: the database
	 * refuses a second shop with the same one.
	 */
	public Shop create(String slug, String name, ZoneId zone) {
		ShopId id = new ShopId(UUID.randomUUID());
		this.jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, ?, ?, ?, ?)")
			.params(id.value(), slug, name, zone.getId(), Times.column(this.clock.instant()))
			.update();
		return new Shop(id, slug, name, zone);
	}

	/** Whether every owner of this shop must sign in with a second factor. */
	public boolean ownersNeedSecondFactor(ShopId id) {
		return this.jdbc.sql("select owners_need_second_factor from shop where id = ?")
			.param(id.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	void requireSecondFactorForOwners(ShopId id, boolean required) {
		this.jdbc.sql("update shop set owners_need_second_factor = ? where id = ?")
			.params(required, id.value())
			.update();
	}

}
