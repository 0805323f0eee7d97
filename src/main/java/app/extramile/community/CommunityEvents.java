package app.extramile.community;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import app.extramile.shared.ShopId;

/**
 * Facts the community module publishes.
 */
public final class CommunityEvents {

	private CommunityEvents() {
	}

	/**
	 * Money collected at the till for a charity campaign was recorded. {@code takingsId}
	 * is the entry's own id, so a listener counts each entry once.
	 */
	public record CharityTakingsRecorded(ShopId shopId, UUID campaignId, UUID takingsId, LocalDate takenOn,
			long amountMinor, Instant at) {
	}

}
