package app.extramile.system;

import java.util.UUID;

import app.extramile.shared.Role;
import app.extramile.shared.ShopId;

/**
 * Facts the system module publishes.
 */
public final class SystemEvents {

	private SystemEvents() {
	}

	/**
	 * A login was created: the owner at setup, an accepted invitation, a demo account.
	 * Published inside the transaction that creates the account; the team module puts the
	 * person on the team in that same transaction, so every account is a team member.
	 */
	public record AccountCreated(ShopId shopId, UUID accountId, Role role) {
	}

}
