package app.extramile.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.notifications.Delivery.Status;
import app.extramile.shared.ShopId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reaches people: records a notification once and delivers it durably. Call {@link #send}
 * inside your own transaction: the notification is recorded with your change and
 * delivered after it commits (and by the dispatcher task if this instance stops first).
 * Email and SMS are retried on failure (1, 5 and 15 minutes by default), then FAILED and
 * shown to the owner; SMS without a configured provider is FAILED at once with the reason
 * "SMS not configured". In-app notifications are shown live to the member on whichever
 * instance they are connected to.
 *
 * <p>
 * A message is a key from {@code messages/notifications.properties} and
 * {@link MessageArgs} (first name, ask, link): never care notes, health details or access
 * notes.
 */
@Service
public class Notifier {

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	private final Notifications notifications;

	private final Texts texts;

	private final Dispatcher dispatcher;

	private final LiveConnections live;

	private final Clock clock;

	Notifier(Notifications notifications, Texts texts, Dispatcher dispatcher, LiveConnections live, Clock clock) {
		this.notifications = notifications;
		this.texts = texts;
		this.dispatcher = dispatcher;
		this.live = live;
		this.clock = clock;
	}

	/**
	 * Records a notification unless one with the same key and channel exists in the shop
	 * (then nothing is recorded or sent again), and delivers it after commit.
	 * @param key what makes it the same notification, e.g.
	 * {@code welfare:<checkId>:step:<n>:ask:<accountId>}; at most 200 characters
	 * @param to a team member (any channel) or a phone number (SMS) or email address
	 * (EMAIL)
	 * @param messageKey e.g. {@code notify.welfare.ask}: {@code .subject} and
	 * {@code .body} exist in the bundle
	 * @return the notification's id, the earlier one if it was sent before
	 */
	@Transactional
	public NotificationId send(ShopId shop, String key, Recipient to, Channel channel, String messageKey,
			MessageArgs args) {
		if (key == null || key.isBlank() || key.length() > 200) {
			throw new IllegalArgumentException("a dedup key of 1 to 200 characters");
		}
		if (messageKey == null || !messageKey.matches("notify\\.[a-z0-9.-]{1,80}")
				|| !this.texts.exists(messageKey, args.askKey())) {
			throw new IllegalArgumentException("unknown notification message " + messageKey + " / " + args.askKey());
		}
		UUID accountId = null;
		String address = null;
		if (to instanceof Recipient.Member member) {
			accountId = member.accountId();
		}
		else if (to instanceof Recipient.Phone phone && channel == Channel.SMS) {
			address = phone.number();
		}
		else if (to instanceof Recipient.Email email && channel == Channel.EMAIL) {
			address = email.address();
		}
		else {
			throw new IllegalArgumentException(to + " cannot be reached by " + channel);
		}
		Instant now = this.clock.instant();
		UUID id = UUID.randomUUID();
		boolean inApp = channel == Channel.IN_APP;
		if (this.notifications.insert(id, shop, key, channel, accountId, address, messageKey, args,
				inApp ? Status.SENT : Status.PENDING, now)) {
			log.info("Notification {} recorded for {}", id, channel);
			afterCommit(() -> {
				if (inApp) {
					this.live.recorded(id);
				}
				else {
					this.dispatcher.dispatchSoon(id);
				}
			});
			return new NotificationId(id);
		}
		NotificationId existing = this.notifications.find(shop, key, channel)
			.map((row) -> new NotificationId(row.id()))
			.orElseThrow();
		log.debug("Notification {} was recorded before; not again", existing);
		return existing;
	}

	/** Where the notification with this key and channel stands, if there is one. */
	@Transactional(readOnly = true)
	public Optional<Delivery> delivery(ShopId shop, String key, Channel channel) {
		return this.notifications.find(shop, key, channel).map(Notifications.Row::delivery);
	}

	/** The shop's most recent notifications that could not be delivered, newest first. */
	@Transactional(readOnly = true)
	public List<Delivery> failed(ShopId shop, int limit) {
		return this.notifications.recent(shop, Status.FAILED, limit);
	}

	/** False when SMS sends are recorded as FAILED because no provider is configured. */
	public boolean smsConfigured() {
		return this.dispatcher.smsConfigured();
	}

	/** False when no mail server is configured ({@code spring.mail.host}). */
	public boolean emailConfigured() {
		return this.dispatcher.emailConfigured();
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}
		else {
			action.run();
		}
	}

	/**
	 * Forgets the first name in every notification whose key starts with one of these
	 * prefixes (e.g. {@code welfare:<checkId>:}), for a customer being erased: the row
	 * stays (it is the record that a message went out), the name goes. Idempotent.
	 */
	@Transactional
	public void forgetFirstNames(ShopId shop, java.util.Collection<String> keyPrefixes) {
		this.notifications.forgetFirstNames(shop, keyPrefixes);
	}

	/**
	 * The thing these notices asked about is done (a check resolved, an errand taken):
	 * every in-app notice whose key starts with one of these prefixes (e.g.
	 * {@code welfare:<checkId>:}) stops waiting for anyone. Idempotent.
	 * @return how many notices stopped waiting
	 */
	@Transactional
	public int dealtWith(ShopId shop, java.util.Collection<String> keyPrefixes) {
		return this.notifications.dealWithKeys(shop, keyPrefixes, this.clock.instant());
	}

}
