package app.extramile.impact;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import app.extramile.impact.ImpactStore.Figures;
import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import app.extramile.system.Accounts.ContactDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly digest: after a month ends (in the shop's time zone), each owner with an
 * email address gets that month's figures, the same ones the impact page shows. It runs
 * daily from a durable task, so a day the app was down only delays it; the Notifier's key
 * ({@code impact-digest:<month>:<owner>}) makes a second run, or a second instance, send
 * nothing more.
 */
@Component
class ImpactDigest {

	static final String MESSAGE = "notify.impact.digest";

	static final String ASK = "notify.ask.impact-digest";

	private static final Logger log = LoggerFactory.getLogger(ImpactDigest.class);

	private final ImpactStore store;

	private final Accounts accounts;

	private final Notifier notifier;

	private final Clock clock;

	ImpactDigest(ImpactStore store, Accounts accounts, Notifier notifier, Clock clock) {
		this.store = store;
		this.accounts = accounts;
		this.notifier = notifier;
		this.clock = clock;
	}

	/** Sends last month's digest to every owner of every shop that has figures for it. */
	@Transactional
	public int sendDue() {
		int sent = 0;
		// Candidates by the server's calendar; each shop's own month is checked below.
		YearMonth last = YearMonth.now(this.clock).minusMonths(1);
		for (YearMonth month : List.of(last.minusMonths(1), last)) {
			for (ShopId shop : this.store.shopsWithFigures(month)) {
				if (YearMonth.from(LocalDate.now(this.clock.withZone(this.store.zone(shop)))).isAfter(month)) {
					sent += send(shop, month);
				}
			}
		}
		return sent;
	}

	/** Sends one month's digest to the shop's owners; 0 for owners who had it already. */
	@Transactional
	public int send(ShopId shop, YearMonth month) {
		Figures figures = this.store.month(shop, month);
		long raised = figures.amountMinor(ImpactKind.CHARITY_RAISED);
		List<Long> numbers = List.of((long) month.getYear(), (long) month.getMonthValue(), figures.welfareChecks(),
				figures.facts(ImpactKind.PAY_IT_FORWARD_GIVEN), figures.facts(ImpactKind.GIFT_CERTIFICATE_ISSUED),
				figures.facts(ImpactKind.GIFT_GIVEN), raised / 100, raised % 100);
		int sent = 0;
		for (ContactDetails owner : this.accounts.contactDetails(shop)) {
			if (owner.role() != Role.OWNER || owner.email() == null || owner.email().isBlank()) {
				continue;
			}
			String key = "impact-digest:" + month + ":" + owner.id();
			if (this.notifier.delivery(shop, key, Channel.EMAIL).isPresent()) {
				continue;
			}
			this.notifier.send(shop, key, Recipient.member(owner.id()), Channel.EMAIL, MESSAGE,
					new MessageArgs(greeting(owner), ASK, "/impact", numbers));
			sent++;
		}
		log.info("Impact digest for {} in shop {}: {} owners", month, shop, sent);
		return sent;
	}

	private static String greeting(ContactDetails owner) {
		return MessageArgs.firstNameOf(owner.displayName(), "Owner");
	}

}
