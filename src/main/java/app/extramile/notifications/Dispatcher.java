package app.extramile.notifications;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import app.extramile.notifications.Notifications.Row;
import app.extramile.system.Accounts;
import app.extramile.system.Languages;
import app.extramile.system.Accounts.ContactDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Delivers due email and SMS notifications. Each one is first claimed with a conditional
 * update (PENDING to SENDING), outside any long transaction, so whichever dispatcher
 * wins, on whichever instance, is the only one to hand it to the provider. Temporary
 * failures are tried again after {@code retry-delays}; then, or on a permanent failure,
 * the notification is FAILED and the owner sees it. Each dispatcher beats every second
 * ({@link #beat}): a claim whose dispatcher stopped beating is due again within seconds,
 * not after the claim timeout.
 */
@Component
class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final int BATCH = 50;

	private final NotificationMetrics metrics;

	private final Notifications notifications;

	private final Accounts accounts;

	private final Texts texts;

	private final MailGateway mail;

	private final SmsGateway sms;

	private final NotificationSettings settings;

	private final Executor executor;

	private final Clock clock;

	private final String worker;

	private final Languages languages;

	/** What this dispatcher is handing to a provider right now (only it may know). */
	private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

	Dispatcher(Notifications notifications, Accounts accounts, Texts texts, MailGateway mail, SmsGateway sms,
			NotificationSettings settings, @Qualifier("applicationTaskExecutor") Executor executor, Clock clock,
			NotificationMetrics metrics, Languages languages) {
		this.languages = languages;
		this.metrics = metrics;
		this.notifications = notifications;
		this.accounts = accounts;
		this.texts = texts;
		this.mail = mail;
		this.sms = sms;
		this.settings = settings;
		this.executor = executor;
		this.clock = clock;
		this.worker = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Right after the sending transaction commits: deliver now rather than at the next
	 * sweep.
	 */
	void dispatchSoon(UUID id) {
		if (this.settings.dispatchOnSend()) {
			this.executor.execute(() -> {
				try {
					dispatchOne(id, this.worker);
				}
				catch (RuntimeException ex) {
					log.warn("Notification {}: immediate dispatch failed, the dispatcher task will retry", id, ex);
				}
			});
		}
	}

	/** Who this dispatcher is, in claims and beats. */
	String worker() {
		return this.worker;
	}

	/**
	 * Says this dispatcher is alive; then frees what was cut off mid-send and sends it
	 * again, with the same idempotency token: claims of a dispatcher silent for
	 * {@code dead-after} (its instance died), and this dispatcher's own claims it is no
	 * longer sending (the send ended while the database was away, so its outcome was
	 * never written). Safe on every instance at once: each release is a conditional
	 * update.
	 */
	void beat() {
		Instant now = this.clock.instant();
		this.notifications.beat(this.worker, now);
		for (UUID id : this.notifications.releaseFromSilent(this.worker, now.minus(this.settings.deadAfter()), now)) {
			log.warn("Notification {} was claimed by a dispatcher that went silent; it is due again", id);
			dispatchSoon(id);
		}
		for (UUID id : this.notifications.releaseOwnLeftOver(this.worker, this.inFlight,
				now.minus(this.settings.heartbeatEvery()), now)) {
			log.warn("Notification {}: its outcome was not recorded; it is due again", id);
			dispatchSoon(id);
		}
	}

	/** This dispatcher stops: its remaining claims are left to the claim timeout. */
	void stopBeating() {
		this.notifications.stopBeating(this.worker);
	}

	boolean smsConfigured() {
		return this.sms.configured();
	}

	boolean emailConfigured() {
		return this.mail.configured();
	}

	/** Everything due now; returns how many this dispatcher delivered. */
	int dispatchDue() {
		return dispatchDue(this.worker);
	}

	int dispatchDue(String worker) {
		Instant now = this.clock.instant();
		for (UUID id : this.notifications.releaseAbandoned(now.minus(this.settings.claimTimeout()),
				now.minus(this.settings.deadAfter()), now)) {
			log.warn("Notification {} was claimed by a dispatcher that stopped; it is due again", id);
		}
		int sent = 0;
		List<UUID> due = this.notifications.due(now, BATCH);
		while (!due.isEmpty()) {
			for (UUID id : due) {
				if (dispatchOne(id, worker)) {
					sent++;
				}
			}
			if (due.size() < BATCH) {
				break;
			}
			due = this.notifications.due(this.clock.instant(), BATCH);
		}
		return sent;
	}

	/**
	 * True if this call delivered it; false if it was not due, taken by another, or
	 * failed.
	 */
	boolean dispatchOne(UUID id, String worker) {
		// marked before the claim, so a beat never takes a claim being sent for a
		// left-over
		if (!this.inFlight.add(id)) {
			return false;
		}
		try {
			return claimAndSend(id, worker);
		}
		finally {
			this.inFlight.remove(id);
		}
	}

	private boolean claimAndSend(UUID id, String worker) {
		Instant now = this.clock.instant();
		if (!this.notifications.claim(id, worker, now)) {
			return false;
		}
		Row row = this.notifications.find(id).orElseThrow();
		try {
			String providerId = deliver(row);
			this.notifications.finished(id, row.attempts(), this.clock.instant(), "SENT", null);
			if (!this.notifications.sent(id, worker, this.clock.instant(), providerId)) {
				log.warn("Notification {} was sent but its claim had been released meanwhile", id);
			}
			this.metrics.attempt(String.valueOf(row.channel()), "sent");
			log.info("Notification {} sent by {} (attempt {})", id, row.channel(), row.attempts());
			return true;
		}
		catch (DeliveryFailure failure) {
			failed(row, worker, failure);
		}
		catch (RuntimeException ex) {
			log.warn("Notification {}: unexpected error while sending", id, ex);
			failed(row, worker, DeliveryFailure.temporary("Unexpected error (" + ex.getClass().getSimpleName() + ")"));
		}
		return false;
	}

	private void failed(Row row, String worker, DeliveryFailure failure) {
		List<Duration> delays = this.settings.retryDelays();
		if (failure.permanent() || row.attempts() > delays.size()) {
			this.notifications.finished(row.id(), row.attempts(), this.clock.instant(), "FAILED", failure.reason());
			this.notifications.failed(row.id(), worker, failure.reason());
			this.metrics.attempt(String.valueOf(row.channel()), "failed");
			log.warn("Notification {} FAILED after {} attempt(s): {}", row.id(), row.attempts(), failure.reason());
		}
		else {
			Instant next = this.clock.instant().plus(delays.get(row.attempts() - 1));
			this.notifications.finished(row.id(), row.attempts(), this.clock.instant(), "RETRY", failure.reason());
			this.notifications.retryAt(row.id(), worker, next, failure.reason());
			this.metrics.attempt(String.valueOf(row.channel()), "retried");
			log.info("Notification {} attempt {} failed ({}); next attempt at {}", row.id(), row.attempts(),
					failure.reason(), next);
		}
	}

	private String deliver(Row row) {
		// in the team member's own language; to anyone else, in the shop's
		Locale locale = (row.recipientAccountId() != null)
				? this.languages.localeOfAccount(row.shopId(), row.recipientAccountId())
				: this.languages.ofShop(row.shopId()).locale();
		Texts.Rendered text = this.texts.render(row.messageKey(), row.args(), locale);
		return switch (row.channel()) {
			case EMAIL -> {
				if (!this.mail.configured()) {
					throw DeliveryFailure.permanent("Email not configured");
				}
				this.mail.send(row.id(), address(row), text);
				yield null;
			}
			case SMS -> {
				if (!this.sms.configured()) {
					throw DeliveryFailure.permanent("SMS not configured");
				}
				yield this.sms.send(row.id(), address(row), text.body());
			}
			case IN_APP -> null;
		};
	}

	/** A team member's current address: corrected details are used for retries. */
	private String address(Row row) {
		if (row.recipientAccountId() == null) {
			return row.recipientAddress();
		}
		ContactDetails member = this.accounts.contactDetails(row.shopId(), row.recipientAccountId())
			.orElseThrow(() -> DeliveryFailure.permanent("Not a team member any more"));
		String address = (row.channel() == Channel.EMAIL) ? member.email() : member.phone();
		if (address == null || address.isBlank()) {
			throw DeliveryFailure.permanent((row.channel() == Channel.EMAIL) ? "No email address for this team member"
					: "No mobile number for this team member");
		}
		return address;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) {
			return "instance";
		}
	}

}
