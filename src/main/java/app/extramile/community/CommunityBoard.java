package app.extramile.community;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.community.CommunityEvents.CharityTakingsRecorded;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop's community board: events, charity campaigns and the takings collected for
 * them at the till, and notices. Staff decide, item by item, what the public page shows.
 * Money is exact integer pence. Every query is scoped by shop.
 */
@Service
@Transactional
public class CommunityBoard {

	/** The largest single takings entry or target, in pence (£100,000). */
	public static final long MAX_AMOUNT_MINOR = 10_000_000;

	private static final String EVENT_COLUMNS = "id, title, starts_at, ends_at, place, organiser, details, "
			+ "shown_publicly, updated_at";

	private final JdbcClient jdbc;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CommunityBoard(JdbcClient jdbc, Shops shops, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.shops = shops;
		this.events = events;
		this.clock = clock;
	}

	/** An event as typed by staff, in the shop's local time. */
	public record NewEvent(String title, LocalDateTime startsAt, LocalDateTime endsAt, String place, String organiser,
			String details, boolean shownPublicly) {
	}

	// --- Events
	// ---------------------------------------------------------------------------

	public UUID addEvent(ShopUser actor, NewEvent event) {
		ShopId shop = actor.shopId();
		String title = required(event.title(), 120, "title");
		if (event.startsAt() == null) {
			throw new Refused("startsAt", "community.refused.required");
		}
		if (event.endsAt() != null && event.endsAt().isBefore(event.startsAt())) {
			throw new Refused("endsAt", "community.refused.endsBeforeStart");
		}
		ZoneId zone = zone(shop);
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into community_event (id, shop_id, title, starts_at, ends_at, place, organiser, details,
				  shown_publicly, created_at, updated_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, shop.value(), title, Times.column(event.startsAt().atZone(zone).toInstant()),
					(event.endsAt() != null) ? Times.column(event.endsAt().atZone(zone).toInstant()) : null,
					optional(event.place(), 160, "place"), optional(event.organiser(), 120, "organiser"),
					optional(event.details(), 1000, "details"), event.shownPublicly(), Times.column(now),
					Times.column(now), actor.accountId())
			.update();
		return id;
	}

	public void removeEvent(ShopUser actor, UUID eventId) {
		this.jdbc.sql("delete from community_event where shop_id = ? and id = ?")
			.params(actor.shopId().value(), eventId)
			.update();
	}

	/** Events that have not ended by {@code from}, soonest first. */
	@Transactional(readOnly = true)
	public List<CommunityEvent> upcomingEvents(ShopId shop, Instant from, boolean publicOnly) {
		return this.jdbc
			.sql("select " + EVENT_COLUMNS + " from community_event where shop_id = ? "
					+ "and coalesce(ends_at, starts_at) >= ? " + (publicOnly ? "and shown_publicly " : "")
					+ "order by starts_at, title")
			.params(shop.value(), Times.column(from))
			.query(CommunityBoard::event)
			.list();
	}

	/**
	 * Every public event (past ones too, for calendars that keep history), soonest first.
	 */
	@Transactional(readOnly = true)
	public List<CommunityEvent> publicEvents(ShopId shop) {
		return this.jdbc
			.sql("select " + EVENT_COLUMNS
					+ " from community_event where shop_id = ? and shown_publicly order by starts_at, id")
			.param(shop.value())
			.query(CommunityBoard::event)
			.list();
	}

	// --- Campaigns
	// --------------------------------------------------------------------------

	public UUID openCampaign(ShopUser actor, String charity, long targetMinor, boolean shownPublicly) {
		String name = required(charity, 120, "charity");
		checkAmount(targetMinor, "target");
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into charity_campaign (id, shop_id, charity, target_minor, currency, shown_publicly, opened_at,
				  created_by) values (?, ?, ?, ?, 'GBP', ?, ?, ?)""")
			.params(id, actor.shopId().value(), name, targetMinor, shownPublicly, Times.column(this.clock.instant()),
					actor.accountId())
			.update();
		return id;
	}

	public void closeCampaign(ShopUser actor, UUID campaignId) {
		this.jdbc.sql("update charity_campaign set closed_at = ? where shop_id = ? and id = ? and closed_at is null")
			.params(Times.column(this.clock.instant()), actor.shopId().value(), campaignId)
			.update();
	}

	/**
	 * Adds money collected at the till on a day. The same idempotency key adds nothing a
	 * second time (a double tap, a resent form) and answers the first entry's id.
	 */
	public UUID addTakings(ShopUser actor, UUID campaignId, LocalDate takenOn, long amountMinor,
			String idempotencyKey) {
		ShopId shop = actor.shopId();
		String key = required(idempotencyKey, 120, "key");
		Optional<UUID> earlier = takingsByKey(shop, key);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Campaign campaign = campaign(shop, campaignId);
		if (campaign.closed()) {
			throw new Refused("campaign", "community.refused.closed");
		}
		if (takenOn == null) {
			throw new Refused("takenOn", "community.refused.required");
		}
		if (takenOn.isAfter(LocalDate.now(this.clock.withZone(zone(shop))))) {
			throw new Refused("takenOn", "community.refused.future");
		}
		checkAmount(amountMinor, "amount");
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		int inserted = this.jdbc.sql("""
				insert into charity_takings (id, shop_id, campaign_id, taken_on, amount_minor, idempotency_key,
				  recorded_at, recorded_by) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(id, shop.value(), campaignId, takenOn, amountMinor, key, Times.column(now), actor.accountId())
			.update();
		if (inserted == 0) {
			// The same key at the same moment from another request: that one counted.
			return takingsByKey(shop, key).orElseThrow();
		}
		this.events.publishEvent(new CharityTakingsRecorded(shop, campaignId, id, takenOn, amountMinor, now));
		return id;
	}

	@Transactional(readOnly = true)
	public List<Campaign> campaigns(ShopId shop, boolean publicOnly) {
		return this.jdbc
			.sql("""
					select c.id, c.charity, c.target_minor, c.shown_publicly, c.closed_at,
					  coalesce((select sum(t.amount_minor) from charity_takings t where t.campaign_id = c.id), 0) collected
					from charity_campaign c where c.shop_id = ?"""
					+ (publicOnly ? " and c.shown_publicly and c.closed_at is null" : "")
					+ " order by c.closed_at nulls first, c.opened_at desc")
			.param(shop.value())
			.query(CommunityBoard::campaign)
			.list();
	}

	@Transactional(readOnly = true)
	public Campaign campaign(ShopId shop, UUID campaignId) {
		return this.jdbc.sql("""
				select c.id, c.charity, c.target_minor, c.shown_publicly, c.closed_at,
				  coalesce((select sum(t.amount_minor) from charity_takings t where t.campaign_id = c.id), 0) collected
				from charity_campaign c where c.shop_id = ? and c.id = ?""")
			.params(shop.value(), campaignId)
			.query(CommunityBoard::campaign)
			.optional()
			.orElseThrow(() -> new NotFoundException("campaign"));
	}

	// --- Notices
	// ----------------------------------------------------------------------------

	public UUID postNotice(ShopUser actor, String body, LocalDate untilOn, boolean shownPublicly) {
		String text = required(body, 500, "body");
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into community_notice (id, shop_id, body, until_on, shown_publicly, created_at, created_by)
				values (?, ?, ?, ?, ?, ?, ?)""")
			.params(id, actor.shopId().value(), text, untilOn, shownPublicly, Times.column(this.clock.instant()),
					actor.accountId())
			.update();
		return id;
	}

	public void removeNotice(ShopUser actor, UUID noticeId) {
		this.jdbc.sql("delete from community_notice where shop_id = ? and id = ?")
			.params(actor.shopId().value(), noticeId)
			.update();
	}

	/** Notices still current today in the shop, newest first. */
	@Transactional(readOnly = true)
	public List<Notice> currentNotices(ShopId shop, boolean publicOnly) {
		LocalDate today = LocalDate.now(this.clock.withZone(zone(shop)));
		return this.jdbc
			.sql("select id, body, until_on, shown_publicly from community_notice where shop_id = ? "
					+ "and (until_on is null or until_on >= ?) " + (publicOnly ? "and shown_publicly " : "")
					+ "order by created_at desc")
			.params(shop.value(), today)
			.query((rs, n) -> new Notice(rs.getObject("id", UUID.class), rs.getString("body"),
					rs.getObject("until_on", LocalDate.class), rs.getBoolean("shown_publicly")))
			.list();
	}

	/** The shop's time zone, in which events are typed and shown. */
	@Transactional(readOnly = true)
	public ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

	// --- helpers
	// ----------------------------------------------------------------------------

	private Optional<UUID> takingsByKey(ShopId shop, String key) {
		return this.jdbc.sql("select id from charity_takings where shop_id = ? and idempotency_key = ?")
			.params(shop.value(), key)
			.query(UUID.class)
			.optional();
	}

	private static void checkAmount(long minor, String field) {
		if (minor <= 0) {
			throw new Refused(field, "community.refused.amountNotPositive");
		}
		if (minor > MAX_AMOUNT_MINOR) {
			throw new Refused(field, "community.refused.amountTooLarge");
		}
	}

	private static String required(String value, int max, String field) {
		String text = optional(value, max, field);
		if (text == null) {
			throw new Refused(field, "community.refused.required");
		}
		return text;
	}

	private static String optional(String value, int max, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		if (trimmed.length() > max) {
			throw new Refused(field, "community.refused.tooLong");
		}
		return trimmed;
	}

	private static CommunityEvent event(ResultSet rs, int n) throws SQLException {
		return new CommunityEvent(rs.getObject("id", UUID.class), rs.getString("title"), Times.instant(rs, "starts_at"),
				Times.instant(rs, "ends_at"), rs.getString("place"), rs.getString("organiser"), rs.getString("details"),
				rs.getBoolean("shown_publicly"), Times.instant(rs, "updated_at"));
	}

	private static Campaign campaign(ResultSet rs, int n) throws SQLException {
		return new Campaign(rs.getObject("id", UUID.class), rs.getString("charity"), rs.getLong("target_minor"),
				rs.getLong("collected"), rs.getBoolean("shown_publicly"), rs.getObject("closed_at") != null);
	}

}
