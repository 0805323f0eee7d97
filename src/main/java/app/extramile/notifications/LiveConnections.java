package app.extramile.notifications;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.extramile.notifications.Notifications.Row;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent event connections open on this instance, and what they have been shown.
 * An in-app notification recorded here is pushed right after its transaction commits;
 * every instance also polls the notification table for its connected members every
 * {@code live-poll-every}, so one recorded on another instance arrives too. Nothing lives
 * only in memory: the rows are the truth, the connections only a view of them.
 */
@Component
class LiveConnections implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);

	/** Long enough to be cheap; EventSource reconnects by itself when it ends. */
	static final Duration CONNECTION_LASTS = Duration.ofMinutes(10);

	/** A notification recorded this shortly before connecting still counts as new. */
	static final Duration GRACE = Duration.ofSeconds(5);

	private static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

	private final Notifications notifications;

	private final Texts texts;

	private final NotificationSettings settings;

	private final Clock clock;

	private final Map<UUID, List<Connection>> byAccount = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService poller;

	private volatile Instant lastKeepAlive = Instant.EPOCH;

	LiveConnections(Notifications notifications, Texts texts, NotificationSettings settings, Clock clock) {
		this.notifications = notifications;
		this.texts = texts;
		this.settings = settings;
		this.clock = clock;
	}

	/** What the browser receives as the data of a {@code notification} event. */
	record LiveNotification(String id, String title, String link, String open, String dismiss) {
	}

	private final class Connection {

		final ShopId shop;

		final UUID account;

		final SseEmitter emitter;

		final Instant since;

		final java.util.Locale locale;

		/**
		 * Ids already pushed here, with when they were recorded (pruned to the lookback).
		 */
		final Map<UUID, Instant> shown = new ConcurrentHashMap<>();

		Connection(ShopUser user, SseEmitter emitter, Instant since, java.util.Locale locale) {
			this.shop = user.shopId();
			this.account = user.accountId();
			this.emitter = emitter;
			this.since = since;
			this.locale = locale;
		}

		void push(Row row) {
			if (!row.shopId().equals(this.shop) || row.createdAt().isBefore(this.since)
					|| this.shown.putIfAbsent(row.id(), row.createdAt()) != null) {
				return;
			}
			Texts.Rendered text = LiveConnections.this.texts.render(row.messageKey(), row.args(), this.locale);
			LiveNotification data = new LiveNotification(row.id().toString(), text.subject(), row.args().linkPath(),
					LiveConnections.this.texts.label("notifications.live.open", this.locale),
					LiveConnections.this.texts.label("notifications.live.dismiss", this.locale));
			try {
				this.emitter.send(SseEmitter.event()
					.id(row.id().toString())
					.name("notification")
					.data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				close(this);
			}
		}

	}

	/**
	 * Opens a member's stream. {@code pageShown} is when the page that connects was
	 * rendered, if it says: what was recorded since then is pushed too (within the
	 * lookback), so a phone whose stream connects seconds after its page loaded (a slow
	 * line, a busy phone) still hears of the alarm that came in between. Without it, the
	 * stream starts {@link #GRACE} before it connected. Pushing one twice only makes the
	 * page fetch its live parts again.
	 */
	SseEmitter open(ShopUser user, java.util.Locale locale, Instant pageShown) {
		Instant now = this.clock.instant();
		Instant since = now.minus(GRACE);
		if (pageShown != null && pageShown.isBefore(since)) {
			Instant earliest = now.minus(this.settings.liveLookback());
			since = pageShown.isBefore(earliest) ? earliest : pageShown;
		}
		SseEmitter emitter = new SseEmitter(CONNECTION_LASTS.toMillis());
		Connection connection = new Connection(user, emitter, since, locale);
		this.byAccount.computeIfAbsent(user.accountId(), (id) -> new CopyOnWriteArrayList<>()).add(connection);
		emitter.onCompletion(() -> close(connection));
		emitter.onTimeout(() -> close(connection));
		emitter.onError((ex) -> close(connection));
		try {
			emitter.send(SseEmitter.event().comment("connected"));
		}
		catch (IOException ex) {
			close(connection);
		}
		return emitter;
	}

	int connections() {
		return this.byAccount.values().stream().mapToInt(List::size).sum();
	}

	/** Called after the recording transaction committed on this instance. */
	void recorded(UUID id) {
		try {
			this.notifications.find(id).ifPresent(this::push);
		}
		catch (RuntimeException ex) {
			log.warn("Notification {}: live push failed; the next poll delivers it", id, ex);
		}
	}

	/** One poll: anything recorded lately for the people connected here. */
	void poll() {
		if (this.byAccount.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Instant since = now.minus(this.settings.liveLookback());
		for (Row row : this.notifications.inAppSince(Set.copyOf(this.byAccount.keySet()), since)) {
			push(row);
		}
		for (List<Connection> connections : this.byAccount.values()) {
			for (Connection connection : connections) {
				connection.shown.values().removeIf((at) -> at.isBefore(since));
			}
		}
		if (Duration.between(this.lastKeepAlive, now).compareTo(KEEP_ALIVE) >= 0) {
			this.lastKeepAlive = now;
			keepAlive();
		}
	}

	private void push(Row row) {
		if (row.recipientAccountId() == null) {
			return;
		}
		for (Connection connection : this.byAccount.getOrDefault(row.recipientAccountId(), List.of())) {
			connection.push(row);
		}
	}

	/** Finds connections whose browser went away, so they do not pile up. */
	private void keepAlive() {
		for (List<Connection> connections : this.byAccount.values()) {
			for (Connection connection : connections) {
				try {
					connection.emitter.send(SseEmitter.event().comment("keep-alive"));
				}
				catch (IOException | IllegalStateException ex) {
					close(connection);
				}
			}
		}
	}

	private void close(Connection connection) {
		this.byAccount.computeIfPresent(connection.account, (id, list) -> {
			list.remove(connection);
			return list.isEmpty() ? null : list;
		});
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "live-notifications");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.settings.livePollEvery().toMillis();
		executor.scheduleWithFixedDelay(() -> {
			try {
				poll();
			}
			catch (RuntimeException ex) {
				log.warn("Live notification poll failed; trying again", ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
		this.poller = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.poller;
		this.poller = null;
		if (executor != null) {
			executor.shutdownNow();
		}
		for (List<Connection> connections : this.byAccount.values()) {
			connections.forEach((connection) -> connection.emitter.complete());
		}
		this.byAccount.clear();
	}

	@Override
	public boolean isRunning() {
		return this.poller != null;
	}

}
