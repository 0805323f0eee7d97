package app.extramile.welfare;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import app.extramile.team.Skill;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.stereotype.Component;

/**
 * Who hears about a check, and how. Messages carry only the customer's first name, the
 * ask and a link (sign-in needed); each has a key, so a step handled twice never sends
 * twice.
 */
@Component
class WelfareNotices {

	private final Notifier notifier;

	private final Accounts accounts;

	private final Team team;

	private final Clock clock;

	WelfareNotices(Notifier notifier, Accounts accounts, Team team, Clock clock) {
		this.notifier = notifier;
		this.accounts = accounts;
		this.team = team;
		this.clock = clock;
	}

	/**
	 * A check started: everyone who can ring sees it in the app, and whoever is on duty
	 * now hears by text as well (a volunteer on the rota may have only a phone).
	 */
	void opened(ShopId shop, UUID checkId, Customer customer) {
		MessageArgs ask = args(customer, "notify.ask.check", "/checks/" + checkId);
		List<UUID> inApp = new ArrayList<>(helpers(shop, false));
		for (UUID member : inApp) {
			this.notifier.send(shop, "welfare:" + checkId + ":opened:" + member, Recipient.member(member),
					Channel.IN_APP, "notify.welfare.ask", ask);
		}
		for (TeamMember member : this.team.onDutyAt(shop, this.clock.instant())) {
			String key = "welfare:" + checkId + ":on-duty:" + member.id();
			if (member.mobile() != null) {
				this.notifier.send(shop, key, Recipient.phone(member.mobile()), Channel.SMS, "notify.welfare.ask", ask);
			}
			if (member.accountId() != null && !inApp.contains(member.accountId())) {
				this.notifier.send(shop, key, Recipient.member(member.accountId()), Channel.IN_APP,
						"notify.welfare.ask", ask);
			}
		}
	}

	/**
	 * A pop-round is offered to eligible helpers (owners, staff, and volunteers with a
	 * DBS check in date), by text as well: first to accept gets it.
	 */
	void popRoundOffered(ShopId shop, UUID stepId, Customer customer) {
		List<UUID> eligible = new ArrayList<>(helpers(shop, false));
		this.team.withSkill(shop, Skill.DBS_CHECKED, this.clock.instant())
			.stream()
			.filter((m) -> m.accountId() != null && !eligible.contains(m.accountId()))
			.forEach((m) -> eligible.add(m.accountId()));
		for (UUID member : eligible) {
			for (Channel channel : List.of(Channel.IN_APP, Channel.SMS)) {
				this.notifier.send(shop, "welfare:" + stepId + ":ask:" + member, Recipient.member(member), channel,
						"notify.welfare.ask", args(customer, "notify.ask.pop-round", "/tasks"));
			}
		}
	}

	/** An overdue step: its assignee (or, with none, the owners) is reminded. */
	void reminder(ShopId shop, UUID checkId, UUID stepId, UUID assignee, Customer customer) {
		List<UUID> to = (assignee != null) ? List.of(assignee) : helpers(shop, true);
		for (UUID member : to) {
			this.notifier.send(shop, "welfare:" + stepId + ":reminder:" + member, Recipient.member(member),
					Channel.IN_APP, "notify.welfare.reminder",
					args(customer, "notify.ask.check", "/checks/" + checkId));
		}
	}

	/** A step passed its deadline: the owners hear at once, in the app and by email. */
	void escalated(ShopId shop, UUID checkId, UUID stepId, Customer customer) {
		for (UUID owner : helpers(shop, true)) {
			for (Channel channel : List.of(Channel.IN_APP, Channel.EMAIL)) {
				this.notifier.send(shop, "welfare:" + stepId + ":escalated:" + owner, Recipient.member(owner), channel,
						"notify.welfare.escalated", args(customer, "notify.ask.take-over", "/checks/" + checkId));
			}
		}
	}

	/**
	 * A check is resolved: its notices (the check's, and each step's ask, reminder and
	 * escalation) no longer wait for anyone.
	 */
	void resolved(ShopId shop, UUID checkId, List<UUID> stepIds) {
		List<String> prefixes = new ArrayList<>();
		prefixes.add("welfare:" + checkId + ":");
		stepIds.forEach((step) -> prefixes.add("welfare:" + step + ":"));
		this.notifier.dealtWith(shop, prefixes);
	}

	private List<UUID> helpers(ShopId shop, boolean ownersOnly) {
		return this.accounts.members(shop)
			.stream()
			.filter(Accounts.Member::enabled)
			.filter((m) -> m.role() == Role.OWNER || (!ownersOnly && m.role() == Role.STAFF))
			.map(Accounts.Member::id)
			.toList();
	}

	/** The first word of their name only: never a surname, never care details. */
	private static MessageArgs args(Customer customer, String ask, String link) {
		return new MessageArgs(MessageArgs.firstNameOf(customer.name(), "them"), ask, link);
	}

}
