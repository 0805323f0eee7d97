package app.extramile.community;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.extramile.shared.Language;
import app.extramile.system.When;

/** An event as a page shows it: its times written out in the shop's time zone. */
record EventView(UUID id, String title, String when, String whenAlso, String place, String organiser, String details,
		boolean shownPublicly) {

	/**
	 * The event with its times in the first language, and in the second too when printed
	 * in both.
	 */
	static EventView of(CommunityEvent event, ZoneId zone, List<Language> languages) {
		EventView first = of(event, zone, languages.get(0).locale());
		return (languages.size() < 2) ? first
				: new EventView(first.id(), first.title(), first.when(),
						of(event, zone, languages.get(1).locale()).when(), first.place(), first.organiser(),
						first.details(), first.shownPublicly());
	}

	static EventView of(CommunityEvent event, ZoneId zone, Locale locale) {
		DateTimeFormatter day = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", locale);
		DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
		ZonedDateTime start = event.startsAt().atZone(zone);
		String when = When.inSentence(day.format(start));
		if (event.endsAt() != null) {
			ZonedDateTime end = event.endsAt().atZone(zone);
			when += " – " + (end.toLocalDate().equals(start.toLocalDate()) ? time.format(end) : day.format(end));
		}
		return new EventView(event.id(), event.title(), when, null, event.place(), event.organiser(), event.details(),
				event.shownPublicly());
	}

}
