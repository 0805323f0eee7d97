package app.extramile.community;

import java.time.Instant;
import java.util.UUID;

/**
 * A local event the shop advertises (the village fete, a coffee morning). Times are
 * instants; pages show them in the shop's time zone. {@code updatedAt} is when it last
 * changed (the calendar feed's DTSTAMP).
 */
record CommunityEvent(UUID id, String title, Instant startsAt, Instant endsAt, String place, String organiser,
		String details, boolean shownPublicly, Instant updatedAt) {
}
