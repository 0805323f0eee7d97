package app.extramile.errands;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.ShopId;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.stereotype.Component;

/**
 * Offers an errand to matching helpers, in the app and by text. The message carries only
 * the customer's (or the asking colleague's) first name, the ask and a link (sign-in
 * needed); each has a key, so an errand offered twice is sent once. A colleague who asked
 * the team hears, the same way, who took it on and when it is done; a colleague's "what"
 * is never sent.
 */
@Component
class ErrandNotices {

	private static final List<Channel> APP_AND_TEXT = List.of(Channel.IN_APP, Channel.SMS);

	private final Notifier notifier;

	private final CustomerDirectory customers;

	private final Team team;

	ErrandNotices(Notifier notifier, CustomerDirectory customers, Team team) {
		this.notifier = notifier;
		this.customers = customers;
		this.team = team;
	}

	void offer(ShopId shop, Errand errand, List<TeamMember> helpers) {
		MessageArgs args;
		if (errand.forColleague()) {
			String asker = this.team.member(shop, errand.askedByMember())
				.map((m) -> MessageArgs.firstNameOf(m.name(), "Someone"))
				.orElse("Someone");
			args = new MessageArgs(asker, "notify.ask.errand.colleague." + slug(errand.kind()),
					"/errands/" + errand.id());
		}
		else {
			Customer customer = this.customers.get(shop, errand.customerId());
			args = new MessageArgs(MessageArgs.firstNameOf(customer.name(), "them"),
					"notify.ask.errand." + slug(errand.kind()), "/errands");
		}
		for (TeamMember helper : helpers) {
			for (Channel channel : APP_AND_TEXT) {
				this.notifier.send(shop, "errand:" + errand.id() + ":offer:" + helper.id(),
						Recipient.member(helper.accountId()), channel, "notify.errand.ask", args);
			}
		}
	}

	/** Tells a member that staff gave them the errand. */
	void assigned(ShopId shop, Errand errand, TeamMember member) {
		String whose = errand.forColleague()
				? this.team.member(shop, errand.askedByMember())
					.map((m) -> MessageArgs.firstNameOf(m.name(), "Someone"))
					.orElse("Someone")
				: MessageArgs.firstNameOf(this.customers.get(shop, errand.customerId()).name(), "them");
		tell(shop, errand, member, "assigned",
				new MessageArgs(whose, "notify.ask.errand.assigned", "/errands/" + errand.id()));
	}

	/** Tells the colleague who asked that {@code helper} took it on. */
	void accepted(ShopId shop, Errand errand, TeamMember asker, TeamMember helper) {
		tell(shop, errand, asker, "accepted", new MessageArgs(MessageArgs.firstNameOf(helper.name(), "Someone"),
				"notify.ask.errand.colleague-accepted", "/errands/" + errand.id()));
	}

	/**
	 * Tells the colleague who asked that {@code helper} has done it, with the link where
	 * they can say thank you.
	 */
	void done(ShopId shop, Errand errand, TeamMember asker, TeamMember helper) {
		tell(shop, errand, asker, "done", new MessageArgs(MessageArgs.firstNameOf(helper.name(), "Someone"),
				"notify.ask.errand.colleague-done", "/errands/" + errand.id()));
	}

	/**
	 * In the app and by text to a member with a login; by text to their mobile for one
	 * without a login (asked for by staff on their behalf).
	 */
	private void tell(ShopId shop, Errand errand, TeamMember asker, String what, MessageArgs args) {
		String key = "errand:" + errand.id() + ":" + what + ":" + asker.id();
		if (asker.accountId() != null) {
			for (Channel channel : APP_AND_TEXT) {
				this.notifier.send(shop, key, Recipient.member(asker.accountId()), channel, "notify.errand.colleague",
						args);
			}
		}
		else if (asker.mobile() != null && !asker.mobile().isBlank()) {
			this.notifier.send(shop, key, Recipient.phone(asker.mobile()), Channel.SMS, "notify.errand.colleague",
					args);
		}
	}

	/**
	 * The errand is taken, given, finished or cancelled: its offers no longer wait for
	 * anyone in the app.
	 */
	void withdrawn(ShopId shop, UUID errandId) {
		this.notifier.dealtWith(shop, List.of("errand:" + errandId + ":offer:"));
	}

	/**
	 * Every in-app notice about the errand is dealt with (demo history, already past).
	 */
	void allDealtWith(ShopId shop, UUID errandId) {
		this.notifier.dealtWith(shop, List.of("errand:" + errandId + ":"));
	}

	private static String slug(ErrandKind kind) {
		return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
