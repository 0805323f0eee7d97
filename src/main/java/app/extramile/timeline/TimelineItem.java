package app.extramile.timeline;

import java.time.Instant;

/**
 * One line on a customer's timeline. {@code kind} names a message
 * ({@code timeline.kind.*}); {@code detail} is a short plain fact, never care-note text.
 */
public record TimelineItem(Instant at, String kind, String detail) {
}
