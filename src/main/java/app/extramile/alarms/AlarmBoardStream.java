package app.extramile.alarms;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import app.extramile.shared.ShopId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for open alarm boards: each instance watches the alarms of the shops
 * whose boards are connected to it (one small query per shop, every
 * {@code extramile.alarms.board-watch-every}, 500 ms by default) and sends
 * {@code changed} the moment anything about them changes (a new alarm, an "I'm going", an
 * escalation, an unmatched alarm), whichever instance made the change. The board then
 * fetches its live part. Nothing here is state that matters: a restarted instance starts
 * watching again when the boards reconnect (browsers do that by themselves).
 */
@Component
class AlarmBoardStream implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AlarmBoardStream.class);

	private static final long KEEP_ALIVE_EVERY = 20;

	private final JdbcClient jdbc;

	private final Duration every;

	private final Map<ShopId, List<SseEmitter>> boards = new ConcurrentHashMap<>();

	private final Map<ShopId, Long> seen = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService watcher;

	private long ticks;

	AlarmBoardStream(JdbcClient jdbc, @Value("${extramile.alarms.board-watch-every:PT0.5S}") Duration every) {
		this.jdbc = jdbc;
		this.every = every;
	}

	SseEmitter connect(ShopId shop) {
		SseEmitter emitter = new SseEmitter(0L);
		List<SseEmitter> list = this.boards.computeIfAbsent(shop, (s) -> new CopyOnWriteArrayList<>());
		list.add(emitter);
		Runnable remove = () -> list.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		this.seen.computeIfAbsent(shop, this::token);
		try {
			emitter.send(SseEmitter.event().name("hello").data("watching"));
		}
		catch (IOException ex) {
			remove.run();
		}
		return emitter;
	}

	/** Changes with every new alarm, every move of one, and every unmatched alarm. */
	private Long token(ShopId shop) {
		return this.jdbc.sql("""
				select (select count(*) + coalesce(sum(version), 0) from alarm where shop_id = ?)
				     + (select count(*) from alarm_unmatched where shop_id = ?)""")
			.params(shop.value(), shop.value())
			.query(Long.class)
			.single();
	}

	void watch() {
		boolean keepAlive = (++this.ticks % Math.max(1, KEEP_ALIVE_EVERY * 1000 / this.every.toMillis())) == 0;
		for (Map.Entry<ShopId, List<SseEmitter>> board : this.boards.entrySet()) {
			if (board.getValue().isEmpty()) {
				this.boards.remove(board.getKey());
				this.seen.remove(board.getKey());
				continue;
			}
			try {
				Long now = token(board.getKey());
				Long before = this.seen.put(board.getKey(), now);
				if (!now.equals(before)) {
					send(board.getValue(), "changed");
				}
				else if (keepAlive) {
					send(board.getValue(), "keep-alive");
				}
			}
			catch (RuntimeException ex) {
				log.warn("Alarm board watch failed for shop {}; trying again", board.getKey(), ex);
			}
		}
	}

	private static void send(List<SseEmitter> emitters, String name) {
		for (SseEmitter emitter : emitters) {
			try {
				emitter.send(SseEmitter.event().name(name).data(name));
			}
			catch (IOException | IllegalStateException ex) {
				emitters.remove(emitter);
			}
		}
	}

	/** Boards connected to this instance (for tests and health). */
	int connected() {
		return this.boards.values().stream().mapToInt(List::size).sum();
	}

	@Override
	public void start() {
		this.watcher = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "alarm-board-watch-" + UUID.randomUUID().toString().substring(0, 4));
			thread.setDaemon(true);
			return thread;
		});
		this.watcher.scheduleWithFixedDelay(this::watch, this.every.toMillis(), this.every.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.watcher != null) {
			this.watcher.shutdownNow();
		}
		this.boards.values().forEach((list) -> list.forEach(SseEmitter::complete));
		this.boards.clear();
	}

	@Override
	public boolean isRunning() {
		return this.watcher != null && !this.watcher.isShutdown();
	}

}
