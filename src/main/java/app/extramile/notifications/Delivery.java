package app.extramile.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a notification stands: what the owner sees for failures, and what a caller may
 * check (e.g. the welfare ladder, before it escalates). No addresses, no texts.
 *
 * @param recipientAccountId the team member, or null for a bare phone number or address
 * @param lastError a plain reason without personal data, e.g. "SMS not configured"
 */
public record Delivery(NotificationId id, String key, Channel channel, Status status, int attempts, String lastError,
		UUID recipientAccountId, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {

	public enum Status {

		/** Waiting for its first or next attempt. */
		PENDING,

		/** Claimed by one dispatcher, being handed to the provider now. */
		SENDING,

		/** Accepted by the mail server or SMS provider, or shown in the app. */
		SENT,

		/** Given up: permanently refused, not configured, or out of retries. */
		FAILED

	}

}
