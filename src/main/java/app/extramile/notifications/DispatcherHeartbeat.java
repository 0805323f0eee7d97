package app.extramile.notifications;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Beats for this instance's dispatcher every {@code heartbeat-every} while the app runs
 * (see {@link Dispatcher#beat}). The beat is about this process being alive, so it is a
 * timer of the process, not a durable task; what it frees is found in the database.
 * {@code heartbeat-every=0} turns it off (tests that beat by hand).
 */
@Component
class DispatcherHeartbeat implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DispatcherHeartbeat.class);

	private final Dispatcher dispatcher;

	private final NotificationSettings settings;

	private volatile ScheduledExecutorService timer;

	private volatile boolean failing;

	DispatcherHeartbeat(Dispatcher dispatcher, NotificationSettings settings) {
		this.dispatcher = dispatcher;
		this.settings = settings;
	}

	@Override
	public void start() {
		long every = this.settings.heartbeatEvery().toMillis();
		if (every <= 0) {
			return;
		}
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "dispatcher-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
	}

	private void beat() {
		try {
			this.dispatcher.beat();
			if (this.failing) {
				log.info("Dispatcher heartbeat written again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				// once per outage, not every second
				log.warn("Dispatcher heartbeat could not be written: {}", ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.timer;
		if (running == null) {
			return;
		}
		this.timer = null;
		running.shutdown();
		try {
			running.awaitTermination(5, TimeUnit.SECONDS);
			this.dispatcher.stopBeating();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("Dispatcher heartbeat could not be removed: {}", ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
