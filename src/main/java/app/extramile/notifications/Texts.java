package app.extramile.notifications;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns a message key and its {@link MessageArgs} into the words sent, from
 * {@code messages/notifications.properties}: {@code <key>.subject} (email subject, in-app
 * title) and {@code <key>.body} (email body, SMS text). The ask is rendered first (it may
 * use the first name) and passed as {1}; the absolute link is {2}.
 */
@Component
class Texts {

	private final MessageSource messages;

	private final NotificationSettings settings;

	Texts(MessageSource messages, NotificationSettings settings) {
		this.messages = messages;
		this.settings = settings;
	}

	record Rendered(String subject, String body, String link) {
	}

	boolean exists(String messageKey, String askKey) {
		Locale locale = this.settings.locale();
		return this.messages.getMessage(messageKey + ".subject", null, null, locale) != null
				&& this.messages.getMessage(messageKey + ".body", null, null, locale) != null
				&& this.messages.getMessage(askKey, null, null, locale) != null;
	}

	Rendered render(String messageKey, MessageArgs args) {
		return render(messageKey, args, this.settings.locale());
	}

	Rendered render(String messageKey, MessageArgs args, Locale locale) {
		String ask = this.messages.getMessage(args.askKey(), new Object[] { args.firstName() }, locale);
		String link = this.settings.link(args.linkPath());
		Object[] all = new Object[3 + args.figures().size()];
		all[0] = args.firstName();
		all[1] = ask;
		all[2] = link;
		for (int i = 0; i < args.figures().size(); i++) {
			all[3 + i] = args.figures().get(i);
		}
		return new Rendered(this.messages.getMessage(messageKey + ".subject", all, locale),
				this.messages.getMessage(messageKey + ".body", all, locale), link);
	}

	String label(String key, Locale locale) {
		return this.messages.getMessage(key, null, locale);
	}

}
