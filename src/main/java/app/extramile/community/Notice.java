package app.extramile.community;

import java.time.LocalDate;
import java.util.UUID;

/** A short notice for the board, shown until {@code untilOn} (inclusive) when set. */
record Notice(UUID id, String body, LocalDate untilOn, boolean shownPublicly) {
}
