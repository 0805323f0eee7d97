package app.extramile.recognition;

import java.time.Instant;
import java.util.UUID;

import app.extramile.shared.ShopId;

/**
 * Facts the recognition module publishes.
 */
public final class RecognitionEvents {

	private RecognitionEvents() {
	}

	/**
	 * A colleague was thanked. Carries no note text: the note stays on the team board.
	 *
	 * @param aboutKind what the thanks was for ({@code ERRAND}, {@code WELFARE_CHECK},
	 * {@code ALARM}, {@code CALL_OUT}), or null
	 */
	public record ColleagueThanked(ShopId shopId, UUID thanksId, UUID toMemberId, String aboutKind, UUID aboutId,
			Instant at) {
	}

}
