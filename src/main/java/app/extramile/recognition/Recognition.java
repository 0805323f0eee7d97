package app.extramile.recognition;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.recognition.RecognitionEvents.ColleagueThanked;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.Shops;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The recognition facade. Anyone on the team, volunteers too, may thank a colleague with
 * a short note, optionally about the errand, check, alarm or call-out it was for. The
 * thanked colleague hears of it in the app (and by email if they have one); once a month
 * the whole team gets a digest that points them to the board. Notes stay on the board: a
 * note may mention a customer, so it never travels in an email or SMS.
 */
@Service
@Transactional
public class Recognition {

	private static final Logger log = LoggerFactory.getLogger(Recognition.class);

	/** Longest note, in characters. */
	public static final int NOTE_LENGTH = 280;

	/** What a thanks may be about. */
	public static final Set<String> ABOUT_KINDS = Set.of("ERRAND", "WELFARE_CHECK", "ALARM", "CALL_OUT");

	private final JdbcClient jdbc;

	private final Team team;

	private final Notifier notifier;

	private final Shops shops;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Recognition(JdbcClient jdbc, Team team, Notifier notifier, Shops shops, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.team = team;
		this.notifier = notifier;
		this.shops = shops;
		this.events = events;
		this.clock = clock;
	}

	/** One thank-you on the board. */
	public record Thanks(UUID id, String fromName, UUID toMemberId, String toName, String note, String aboutKind,
			UUID aboutId, Instant at) {
	}

	public UUID thank(ShopUser from, UUID toMemberId, String note, String aboutKind, UUID aboutId) {
		ShopId shop = from.shopId();
		TeamMember to = Optional.ofNullable(toMemberId)
			.flatMap((id) -> this.team.member(shop, id))
			.orElseThrow(() -> new Refused("toMemberId", "thanks.refused.to"));
		if (to.accountId() != null && to.accountId().equals(from.accountId())) {
			throw new Refused("toMemberId", "thanks.refused.self");
		}
		String text = (note != null) ? note.trim() : "";
		if (text.isEmpty()) {
			throw new Refused("note", "thanks.refused.note.empty");
		}
		if (text.length() > NOTE_LENGTH) {
			throw new Refused("note", "thanks.refused.note.long");
		}
		String kind = (aboutKind != null && !aboutKind.isBlank()) ? aboutKind.trim() : null;
		if ((kind == null) != (aboutId == null) || (kind != null && !ABOUT_KINDS.contains(kind))) {
			throw new Refused("about", "thanks.refused.about");
		}
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into recognition_thanks (id, shop_id, from_account, from_name, to_member, to_name, note,
				  about_kind, about_id, thanked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, shop.value(), from.accountId(), from.displayName(), to.id(), to.name(), text, kind, aboutId,
					Times.column(now))
			.update();
		this.events.publishEvent(new ColleagueThanked(shop, id, to.id(), kind, aboutId, now));
		if (to.accountId() != null) {
			this.notifier.send(shop, "thanks:" + id, Recipient.member(to.accountId()), Channel.IN_APP, "notify.thanks",
					new MessageArgs(MessageArgs.firstNameOf(from.displayName(), "Friend"), "notify.ask.thanks",
							"/team/thanks"));
		}
		log.info("Thanks {} recorded for member {}", id, to.id());
		return id;
	}

	/**
	 * The thanks this account gave about one errand, check, alarm or call-out, if any
	 * (the first): so a page can say "you thanked them" instead of asking again.
	 */
	@Transactional(readOnly = true)
	public Optional<Thanks> thanksFrom(ShopId shop, UUID fromAccount, String aboutKind, UUID aboutId) {
		return this.jdbc.sql("""
				select id, from_name, to_member, to_name, note, about_kind, about_id, thanked_at from recognition_thanks
				where shop_id = ? and about_kind = ? and about_id = ? and from_account = ?
				order by thanked_at limit 1""")
			.params(shop.value(), aboutKind, aboutId, fromAccount)
			.query((rs, n) -> new Thanks(rs.getObject("id", UUID.class), rs.getString("from_name"),
					rs.getObject("to_member", UUID.class), rs.getString("to_name"), rs.getString("note"),
					rs.getString("about_kind"), rs.getObject("about_id", UUID.class), Times.instant(rs, "thanked_at")))
			.optional();
	}

	@Transactional(readOnly = true)
	public List<Thanks> recent(ShopId shop, int limit) {
		return this.jdbc.sql("""
				select id, from_name, to_member, to_name, note, about_kind, about_id, thanked_at from recognition_thanks
				where shop_id = ? order by thanked_at desc limit ?""")
			.params(shop.value(), limit)
			.query((rs, n) -> new Thanks(rs.getObject("id", UUID.class), rs.getString("from_name"),
					rs.getObject("to_member", UUID.class), rs.getString("to_name"), rs.getString("note"),
					rs.getString("about_kind"), rs.getObject("about_id", UUID.class), Times.instant(rs, "thanked_at")))
			.list();
	}

	/** How many thank-yous the shop's team gave in a month of the shop's calendar. */
	@Transactional(readOnly = true)
	public int countIn(ShopId shop, YearMonth month) {
		ZoneId zone = zone(shop);
		Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
		Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
		return this.jdbc
			.sql("select count(*) from recognition_thanks where shop_id = ? and thanked_at >= ? and thanked_at < ?")
			.params(shop.value(), Times.column(from), Times.column(to))
			.query(Integer.class)
			.single();
	}

	/**
	 * Sends last month's digest to every team member (by email, or in the app for those
	 * with a login but no address), once per shop and month: the digest row is claimed
	 * first, in the same transaction as the notifications, so a second run (or a second
	 * instance) sends nothing.
	 * @return the number of shops whose digest this run sent
	 */
	public int sendDigests() {
		int sent = 0;
		for (UUID shopId : this.jdbc.sql("select distinct shop_id from recognition_thanks").query(UUID.class).list()) {
			ShopId shop = new ShopId(shopId);
			YearMonth last = YearMonth.from(this.clock.instant().atZone(zone(shop))).minusMonths(1);
			int count = countIn(shop, last);
			if (count == 0) {
				continue;
			}
			int claimed = this.jdbc.sql("""
					insert into recognition_digest (shop_id, month_of, sent_at, thanks) values (?, ?, ?, ?)
					on conflict do nothing""")
				.params(shop.value(), last.toString(), Times.column(this.clock.instant()), count)
				.update();
			if (claimed == 0) {
				continue;
			}
			for (TeamMember member : this.team.members(shop)) {
				// By email where the team has an address; otherwise in the app for those
				// who sign in.
				Recipient to = (member.email() != null) ? Recipient.email(member.email())
						: (member.accountId() != null) ? Recipient.member(member.accountId()) : null;
				if (to != null) {
					this.notifier.send(shop, "thanks-digest:" + last + ":" + member.id(), to,
							(member.email() != null) ? Channel.EMAIL : Channel.IN_APP, "notify.thanks-digest",
							new MessageArgs(MessageArgs.firstNameOf(member.name(), "Friend"),
									"notify.ask.thanks-digest", "/team/thanks"));
				}
			}
			sent++;
		}
		return sent;
	}

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

}
