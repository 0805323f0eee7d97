package app.extramile.community;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** An event as a page shows it: its times written out in the shop's time zone. */
record EventView(UUID id, String title, String when, String place, String organiser, String details,
		boolean shownPublicly) {

	static EventView of(CommunityEvent event, ZoneId zone, Locale locale) {
		DateTimeFormatter day = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", locale);
		DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
		ZonedDateTime start = event.startsAt().atZone(zone);
		String when = day.format(start);
		if (event.endsAt() != null) {
			ZonedDateTime end = event.endsAt().atZone(zone);
			when += " – " + (end.toLocalDate().equals(start.toLocalDate()) ? time.format(end) : day.format(end));
		}
		return new EventView(event.id(), event.title(), when, event.place(), event.organiser(), event.details(),
				event.shownPublicly());
	}

}
