package app.extramile.community;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import app.extramile.community.CommunityEvents.CharityTakingsRecorded;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/** Collects every {@link CharityTakingsRecorded} published, as it is published. */
@TestConfiguration(proxyBeanMethods = false)
class TakingsSeen {

	final List<CharityTakingsRecorded> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(CharityTakingsRecorded event) {
		this.events.add(event);
	}

}
