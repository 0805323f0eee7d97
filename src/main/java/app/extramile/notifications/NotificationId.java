package app.extramile.notifications;

import java.util.Objects;
import java.util.UUID;

/**
 * One recorded notification. Safe to log; also sent to the SMS provider as the
 * idempotency token and used in the email's Message-ID.
 */
public record NotificationId(UUID value) {

	public NotificationId {
		Objects.requireNonNull(value, "notification id");
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
