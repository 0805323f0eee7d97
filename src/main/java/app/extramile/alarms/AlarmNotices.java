package app.extramile.alarms;

import java.util.List;
import java.util.UUID;

import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import app.extramile.team.TeamMember;

import org.springframework.stereotype.Component;

/**
 * Who hears about an alarm, and how: by SMS (their mobile on the team) and in the app
 * (when they have a login). Each message has a key, so a ladder step handled twice never
 * sends twice. Messages carry the customer's first name, the ask and a link: never access
 * notes.
 */
@Component
class AlarmNotices {

	private final Notifier notifier;

	private final Accounts accounts;

	AlarmNotices(Notifier notifier, Accounts accounts) {
		this.notifier = notifier;
		this.accounts = accounts;
	}

	/** Asks a responder "can you go?", with their one-time link. */
	void ask(ShopId shop, UUID alarmId, int seq, TeamMember member, String firstName, String link) {
		toMember(shop, "alarm:" + alarmId + ":ask:" + seq, member, "notify.alarm.ask",
				new MessageArgs(firstName, "notify.ask.alarm", link));
	}

	/** Nobody answered: every responder again, with emergency guidance on their page. */
	void allHands(ShopId shop, UUID alarmId, int seq, TeamMember member, String firstName, String link) {
		toMember(shop, "alarm:" + alarmId + ":all-hands:" + seq, member, "notify.alarm.all-hands",
				new MessageArgs(firstName, "notify.ask.alarm-all-hands", link));
	}

	/** The owners, in the app and by SMS to their account phone. */
	void owners(ShopId shop, UUID alarmId, String firstName) {
		for (UUID owner : owners(shop)) {
			for (Channel channel : List.of(Channel.IN_APP, Channel.SMS)) {
				this.notifier.send(shop, "alarm:" + alarmId + ":owner:" + owner, Recipient.member(owner), channel,
						"notify.alarm.all-hands",
						new MessageArgs(firstName, "notify.ask.alarm-all-hands", "/alarms/" + alarmId));
			}
		}
	}

	/**
	 * Acknowledged but not resolved in time: the responder, and the owners in the app.
	 */
	void reminder(ShopId shop, UUID alarmId, TeamMember responder, String firstName, String link) {
		toMember(shop, "alarm:" + alarmId + ":reminder", responder, "notify.alarm.reminder",
				new MessageArgs(firstName, "notify.ask.alarm-resolve", link));
		for (UUID owner : owners(shop)) {
			this.notifier.send(shop, "alarm:" + alarmId + ":reminder:" + owner, Recipient.member(owner), Channel.IN_APP,
					"notify.alarm.reminder",
					new MessageArgs(firstName, "notify.ask.alarm-resolve", "/alarms/" + alarmId));
		}
	}

	/** A device went quiet: owners and staff, in the app. */
	void silent(ShopId shop, UUID deviceRowId, long silentSince, String firstName) {
		for (Accounts.Member member : this.accounts.members(shop)) {
			if (member.enabled() && (member.role() == Role.OWNER || member.role() == Role.STAFF)) {
				this.notifier.send(shop, "alarm-device:" + deviceRowId + ":" + silentSince + ":" + member.id(),
						Recipient.member(member.id()), Channel.IN_APP, "notify.alarm.silent",
						new MessageArgs(firstName, "notify.ask.alarm-device", "/alarms"));
			}
		}
	}

	private void toMember(ShopId shop, String key, TeamMember member, String messageKey, MessageArgs args) {
		if (member.mobile() != null) {
			this.notifier.send(shop, key, Recipient.phone(member.mobile()), Channel.SMS, messageKey, args);
		}
		if (member.accountId() != null) {
			this.notifier.send(shop, key, Recipient.member(member.accountId()), Channel.IN_APP, messageKey, args);
		}
	}

	private List<UUID> owners(ShopId shop) {
		return this.accounts.members(shop)
			.stream()
			.filter(Accounts.Member::enabled)
			.filter((m) -> m.role() == Role.OWNER)
			.map(Accounts.Member::id)
			.toList();
	}

}
