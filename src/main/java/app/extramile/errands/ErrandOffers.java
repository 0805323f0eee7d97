package app.extramile.errands;

import java.util.List;
import java.util.Locale;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.ShopId;
import app.extramile.team.TeamMember;

import org.springframework.stereotype.Component;

/**
 * Offers an errand to matching helpers, in the app and by text. The message carries only
 * the customer's first name, the ask and a link (sign-in needed); each has a key, so an
 * errand offered twice is sent once.
 */
@Component
class ErrandOffers {

	private final Notifier notifier;

	private final CustomerDirectory customers;

	ErrandOffers(Notifier notifier, CustomerDirectory customers) {
		this.notifier = notifier;
		this.customers = customers;
	}

	void offer(ShopId shop, Errand errand, List<TeamMember> helpers) {
		Customer customer = this.customers.get(shop, errand.customerId());
		MessageArgs args = new MessageArgs(MessageArgs.firstNameOf(customer.name(), "them"),
				"notify.ask.errand." + errand.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), "/errands");
		for (TeamMember helper : helpers) {
			for (Channel channel : List.of(Channel.IN_APP, Channel.SMS)) {
				this.notifier.send(shop, "errand:" + errand.id() + ":offer:" + helper.id(),
						Recipient.member(helper.accountId()), channel, "notify.errand.ask", args);
			}
		}
	}

}
