package app.extramile.notifications;

/**
 * How a notification reaches its recipient.
 */
public enum Channel {

	/** Through the configured SMTP server. */
	EMAIL,

	/** Through the configured Twilio-style SMS provider; off when none is configured. */
	SMS,

	/** A live notice in the app for a signed-in team member (server-sent events). */
	IN_APP

}
