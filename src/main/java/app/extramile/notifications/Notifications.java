package app.extramile.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import app.extramile.notifications.Delivery.Status;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notification table: the durable outbox. Every state change is one conditional
 * update, so two dispatchers (threads or app instances) can never both own a row.
 */
@Repository
class Notifications {

	/** The claim's two writes commit together or not at all (see {@link #claim}). */
	private final TransactionTemplate claims;

	private static final String COLUMNS = """
			id, shop_id, dedup_key, channel, recipient_account_id, recipient_address, message_key, first_name,
			ask_key, link_path, figures, status, attempts, last_error, next_attempt_at, provider_id, created_at,
			sent_at
			""";

	private final JdbcClient jdbc;

	Notifications(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.claims = new TransactionTemplate(transactions);
		this.claims.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.jdbc = jdbc;
	}

	/** A whole row, addresses included: for delivery only, never for logs or pages. */
	record Row(UUID id, ShopId shopId, String key, Channel channel, UUID recipientAccountId, String recipientAddress,
			String messageKey, MessageArgs args, Status status, int attempts, String lastError, Instant nextAttemptAt,
			String providerId, Instant createdAt, Instant sentAt) {

		Delivery delivery() {
			return new Delivery(new NotificationId(this.id), this.key, this.channel, this.status, this.attempts,
					this.lastError, this.recipientAccountId, this.createdAt, this.nextAttemptAt, this.sentAt);
		}

	}

	/** False if a notification with this key and channel exists already in the shop. */
	boolean insert(UUID id, ShopId shop, String key, Channel channel, UUID accountId, String address, String messageKey,
			MessageArgs args, Status status, Instant now) {
		return this.jdbc.sql("""
				insert into notification (id, shop_id, dedup_key, channel, recipient_account_id, recipient_address,
				    message_key, first_name, ask_key, link_path, figures, status, attempts, next_attempt_at, created_at,
				    sent_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
				on conflict do nothing""")
			.params(id, shop.value(), key, channel.name(), accountId, address, messageKey, args.firstName(),
					args.askKey(), args.linkPath(), figures(args.figures()), status.name(),
					(status == Status.PENDING) ? Times.column(now) : null, Times.column(now),
					(status == Status.SENT) ? Times.column(now) : null)
			.update() == 1;
	}

	Optional<Row> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from notification where id = ?")
			.param(id)
			.query(Notifications::row)
			.optional();
	}

	Optional<Row> find(ShopId shop, String key, Channel channel) {
		return this.jdbc
			.sql("select " + COLUMNS + " from notification where shop_id = ? and dedup_key = ? and channel = ?")
			.params(shop.value(), key, channel.name())
			.query(Notifications::row)
			.optional();
	}

	List<UUID> due(Instant now, int limit) {
		return this.jdbc.sql("""
				select id from notification where status = 'PENDING' and next_attempt_at <= ?
				order by next_attempt_at limit ?""").params(Times.column(now), limit).query(UUID.class).list();
	}

	/**
	 * Takes a due row for one dispatcher; true for exactly one caller. Inserting the
	 * attempt under its primary key is what makes it exclusive, on any database: a
	 * conditional update alone would rely on the database re-checking its condition after
	 * waiting for another transaction's row lock (PostgreSQL does; we do not depend on H2
	 * doing the same).
	 */
	boolean claim(UUID id, String worker, Instant now) {
		// In one transaction: an attempt row without the SENDING status (a process killed
		// between the two writes) would make every later claim of the same attempt number
		// collide, and the notification would never go out.
		return Boolean.TRUE.equals(this.claims.execute((status) -> {
			boolean claimed = claimOnce(id, worker, now);
			if (!claimed) {
				status.setRollbackOnly();
			}
			return claimed;
		}));
	}

	private boolean claimOnce(UUID id, String worker, Instant now) {
		Optional<Integer> attempts = this.jdbc.sql("""
				select attempts from notification where id = ? and status = 'PENDING' and next_attempt_at <= ?""")
			.params(id, Times.column(now))
			.query(Integer.class)
			.optional();
		if (attempts.isEmpty()) {
			return false;
		}
		int attempt = attempts.get() + 1;
		try {
			if (this.jdbc.sql("""
					insert into notification_attempt (notification_id, attempt, worker, started_at)
					values (?, ?, ?, ?) on conflict do nothing""")
				.params(id, attempt, worker, Times.column(now))
				.update() != 1) {
				return false;
			}
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
		return this.jdbc.sql("""
				update notification set status = 'SENDING', claimed_by = ?, claimed_at = ?, attempts = ?
				where id = ? and status = 'PENDING' and attempts = ?""")
			.params(worker, Times.column(now), attempt, id, attempt - 1)
			.update() == 1;
	}

	/** What became of an attempt, for the history. */
	void finished(UUID id, int attempt, Instant at, String outcome, String error) {
		this.jdbc.sql("""
				update notification_attempt set finished_at = ?, outcome = ?, error = ?
				where notification_id = ? and attempt = ?""")
			.params(Times.column(at), outcome, error, id, attempt)
			.update();
	}

	boolean sent(UUID id, String worker, Instant at, String providerId) {
		return this.jdbc.sql("""
				update notification set status = 'SENT', sent_at = ?, provider_id = ?, last_error = null,
				    next_attempt_at = null, claimed_by = null, claimed_at = null
				where id = ? and status = 'SENDING' and claimed_by = ?""")
			.params(Times.column(at), providerId, id, worker)
			.update() == 1;
	}

	boolean retryAt(UUID id, String worker, Instant next, String error) {
		return this.jdbc.sql("""
				update notification set status = 'PENDING', next_attempt_at = ?, last_error = ?,
				    claimed_by = null, claimed_at = null
				where id = ? and status = 'SENDING' and claimed_by = ?""")
			.params(Times.column(next), error, id, worker)
			.update() == 1;
	}

	boolean failed(UUID id, String worker, String error) {
		return this.jdbc.sql("""
				update notification set status = 'FAILED', last_error = ?, next_attempt_at = null,
				    claimed_by = null, claimed_at = null
				where id = ? and status = 'SENDING' and claimed_by = ?""").params(error, id, worker).update() == 1;
	}

	/**
	 * Rows claimed before {@code before} belong to a dispatcher that died mid-send: they
	 * are due again. Unless that dispatcher has beaten since {@code aliveSince}: it is
	 * alive and still sending (a slow provider), and only it may finish the row.
	 */
	List<UUID> releaseAbandoned(Instant before, Instant aliveSince, Instant now) {
		// An attempt row whose notification never became SENDING (written by a version
		// that claimed in two transactions, and killed between them) sent nothing: remove
		// it, so the attempt can be claimed again.
		this.jdbc.sql("""
				delete from notification_attempt a where a.finished_at is null and a.started_at < ?
				  and exists (select 1 from notification n where n.id = a.notification_id and n.status = 'PENDING'
				    and n.attempts = a.attempt - 1)""").param(Times.column(before)).update();
		// the condition is checked again in each release: a dispatcher that beats again
		// meanwhile keeps its claim
		return release(
				"claimed_at < ? and claimed_by not in (select worker from notification_dispatcher where beat_at >= ?)",
				List.of(Times.column(before), Times.column(aliveSince)), (id) -> true, now,
				"Interrupted while sending");
	}

	/**
	 * This dispatcher is alive at {@code now}: its claims stay its own. Also forgets
	 * dispatchers silent for a day (instances long gone).
	 */
	void beat(String worker, Instant now) {
		if (this.jdbc.sql("update notification_dispatcher set beat_at = ? where worker = ?")
			.params(Times.column(now), worker)
			.update() == 0) {
			this.jdbc.sql("insert into notification_dispatcher (worker, beat_at) values (?, ?) on conflict do nothing")
				.params(worker, Times.column(now))
				.update();
		}
		this.jdbc.sql("delete from notification_dispatcher where beat_at < ?")
			.param(Times.column(now.minus(Duration.ofDays(1))))
			.update();
	}

	/** This dispatcher is stopping: its claims are left to the claim timeout. */
	void stopBeating(String worker) {
		this.jdbc.sql("delete from notification_dispatcher where worker = ?").param(worker).update();
	}

	/**
	 * Rows claimed before {@code before} by another dispatcher whose last beat is also
	 * before {@code before}: that instance died mid-send. They are due again at
	 * {@code now}. A dispatcher with no beat at all (stopped cleanly, or an older
	 * version) is left to the claim timeout.
	 */
	List<UUID> releaseFromSilent(String me, Instant before, Instant now) {
		return release("""
				claimed_by <> ? and claimed_at < ?
				  and claimed_by in (select worker from notification_dispatcher where beat_at < ?)""",
				List.of(me, Times.column(before), Times.column(before)), (id) -> true, now,
				"Interrupted while sending");
	}

	/**
	 * This dispatcher's own claims taken before {@code before} that it is no longer
	 * sending ({@code inFlight} are): the send ended but its outcome could not be written
	 * (the database was away). Due again at {@code now}, with the same idempotency token.
	 */
	List<UUID> releaseOwnLeftOver(String me, Collection<UUID> inFlight, Instant before, Instant now) {
		return release("claimed_by = ? and claimed_at < ?", List.of(me, Times.column(before)),
				(id) -> !inFlight.contains(id), now, "Outcome not recorded");
	}

	/**
	 * Claims that match {@code whose} (and {@code mayTake}) are due again at {@code now},
	 * each by a conditional update that checks {@code whose} again; returns those
	 * released.
	 */
	private List<UUID> release(String whose, List<Object> params, Predicate<UUID> mayTake, Instant now, String why) {
		List<UUID> claimed = this.jdbc.sql("select id from notification where status = 'SENDING' and " + whose)
			.params(params)
			.query(UUID.class)
			.list();
		return claimed.stream().filter(mayTake).filter((id) -> {
			List<Object> all = new ArrayList<>(List.of(Times.column(now), why, id));
			all.addAll(params);
			return this.jdbc.sql("""
					update notification set status = 'PENDING', next_attempt_at = ?, last_error = ?,
					    claimed_by = null, claimed_at = null
					where id = ? and status = 'SENDING' and""" + " " + whose).params(all).update() == 1;
		}).toList();
	}

	List<Delivery> recent(ShopId shop, Status status, int limit) {
		return this.jdbc.sql("select " + COLUMNS + """
				from notification where shop_id = ? and status = ? order by created_at desc limit ?""")
			.params(shop.value(), status.name(), limit)
			.query(Notifications::row)
			.list()
			.stream()
			.map(Row::delivery)
			.toList();
	}

	/**
	 * This person's in-app notices recorded since {@code since} that they have not dealt
	 * with yet (opened or dismissed), newest first.
	 */
	List<Row> waitingFor(ShopId shop, UUID account, Instant since, int limit) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from notification
				where shop_id = ? and recipient_account_id = ? and channel = 'IN_APP' and dealt_with_at is null
				  and created_at >= ?
				order by created_at desc limit ?""")
			.params(shop.value(), account, Times.column(since), limit)
			.query(Notifications::row)
			.list();
	}

	/** How many notices {@link #waitingFor} would find without a limit. */
	int waitingCount(ShopId shop, UUID account, Instant since) {
		return this.jdbc.sql("""
				select count(*) from notification
				where shop_id = ? and recipient_account_id = ? and channel = 'IN_APP' and dealt_with_at is null
				  and created_at >= ?""")
			.params(shop.value(), account, Times.column(since))
			.query(Integer.class)
			.single();
	}

	/**
	 * Marks one of this person's own in-app notices dealt with (once; again is harmless)
	 * and returns it, or empty when it is not theirs.
	 */
	Optional<Row> dealWith(ShopId shop, UUID account, UUID id, Instant now) {
		this.jdbc.sql("""
				update notification set dealt_with_at = ?
				where id = ? and shop_id = ? and recipient_account_id = ? and channel = 'IN_APP'
				  and dealt_with_at is null""").params(Times.column(now), id, shop.value(), account).update();
		return this.jdbc.sql("select " + COLUMNS + """
				from notification where id = ? and shop_id = ? and recipient_account_id = ? and channel = 'IN_APP'""")
			.params(id, shop.value(), account)
			.query(Notifications::row)
			.optional();
	}

	/** Marks all of this person's in-app notices dealt with. */
	int dealWithAll(ShopId shop, UUID account, Instant now) {
		return this.jdbc.sql("""
				update notification set dealt_with_at = ?
				where shop_id = ? and recipient_account_id = ? and channel = 'IN_APP' and dealt_with_at is null""")
			.params(Times.column(now), shop.value(), account)
			.update();
	}

	/**
	 * In-app notifications for these people recorded since {@code since}, oldest first.
	 */
	List<Row> inAppSince(Collection<UUID> accounts, Instant since) {
		if (accounts.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("select " + COLUMNS + """
				 from notification
				where channel = 'IN_APP' and created_at >= :since and recipient_account_id in (:accounts)
				order by created_at""")
			.param("since", Times.column(since))
			.param("accounts", List.copyOf(accounts))
			.query(Notifications::row)
			.list();
	}

	/**
	 * Figures are stored as comma-separated whole numbers, or null when there are none.
	 */
	private static String figures(List<Long> figures) {
		return figures.isEmpty() ? null
				: figures.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
	}

	private static List<Long> figures(String stored) {
		return (stored == null || stored.isEmpty()) ? List.of()
				: java.util.Arrays.stream(stored.split(",")).map(Long::valueOf).toList();
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		return new Row(rs.getObject("id", UUID.class), new ShopId(rs.getObject("shop_id", UUID.class)),
				rs.getString("dedup_key"), Channel.valueOf(rs.getString("channel")),
				rs.getObject("recipient_account_id", UUID.class), rs.getString("recipient_address"),
				rs.getString("message_key"),
				new MessageArgs(rs.getString("first_name"), rs.getString("ask_key"), rs.getString("link_path"),
						figures(rs.getString("figures"))),
				Status.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
				Times.instant(rs, "next_attempt_at"), rs.getString("provider_id"), Times.instant(rs, "created_at"),
				Times.instant(rs, "sent_at"));
	}

	void forgetFirstNames(ShopId shop, java.util.Collection<String> keyPrefixes) {
		for (String prefix : keyPrefixes) {
			String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
			this.jdbc.sql("""
					update notification set first_name = '' where shop_id = ? and dedup_key like ? escape '\\'
					  and first_name <> ''""").params(shop.value(), like).update();
		}
	}

	/**
	 * Marks dealt with, for everyone, the in-app notices whose key starts with one of
	 * these prefixes and that nobody has dealt with yet.
	 */
	int dealWithKeys(ShopId shop, java.util.Collection<String> keyPrefixes, Instant now) {
		int marked = 0;
		for (String prefix : keyPrefixes) {
			String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
			marked += this.jdbc.sql("""
					update notification set dealt_with_at = ? where shop_id = ? and channel = 'IN_APP'
					  and dealt_with_at is null and dedup_key like ? escape '\\'""")
				.params(Times.column(now), shop.value(), like)
				.update();
		}
		return marked;
	}

}
