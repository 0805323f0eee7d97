package app.extramile.community;

import java.util.UUID;

/**
 * A charity the shop collects for: the target and what was collected so far, in pence.
 */
record Campaign(UUID id, String charity, long targetMinor, long collectedMinor, boolean shownPublicly, boolean closed) {

	/** Whole per cent of the target collected, at most 100 (for a progress bar). */
	public int percent() {
		return (int) Math.min(100, (this.collectedMinor * 100) / this.targetMinor);
	}

}
