package app.extramile.community;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import app.extramile.community.CommunityEvents.CharityTakingsRecorded;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Collects every {@link CharityTakingsRecorded} published, as it is published, from
 * {@link #listen} until {@link #stop}, so one test's listener can join a shared context
 * and leave it again.
 */
final class TakingsSeen implements ApplicationListener<ApplicationEvent> {

	final List<CharityTakingsRecorded> events = new CopyOnWriteArrayList<>();

	private final ConfigurableApplicationContext context;

	private TakingsSeen(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static TakingsSeen listen(ConfigurableApplicationContext context) {
		TakingsSeen seen = new TakingsSeen(context);
		context.addApplicationListener(seen);
		return seen;
	}

	void stop() {
		this.context.removeApplicationListener(this);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof PayloadApplicationEvent<?> published
				&& published.getPayload() instanceof CharityTakingsRecorded takings) {
			this.events.add(takings);
		}
	}

}
