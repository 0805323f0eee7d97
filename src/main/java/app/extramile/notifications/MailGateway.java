package app.extramile.notifications;

import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends email through Spring Mail ({@code spring.mail.host} and friends); with an empty
 * mail host (the default) email is off. The Message-ID is derived from our notification
 * id, so if an instance dies after the server accepted a message and it is sent again,
 * mail stores that de-duplicate by Message-ID show it once.
 */
@Component
class MailGateway {

	private final ObjectProvider<JavaMailSender> senders;

	private final NotificationSettings settings;

	MailGateway(ObjectProvider<JavaMailSender> senders, NotificationSettings settings) {
		this.senders = senders;
		this.settings = settings;
	}

	boolean configured() {
		return sender() != null;
	}

	/**
	 * The mail sender, if a mail host is set: the sender bean is there even without one
	 * ({@code spring.mail.host} is empty by default).
	 */
	private JavaMailSender sender() {
		JavaMailSender sender = this.senders.getIfAvailable();
		if (sender instanceof JavaMailSenderImpl impl && !StringUtils.hasText(impl.getHost())) {
			return null;
		}
		return sender;
	}

	void send(UUID notificationId, String to, Texts.Rendered text) {
		JavaMailSender sender = sender();
		if (sender == null) {
			throw DeliveryFailure.permanent("Email not configured");
		}
		try {
			MimeMessage message = (sender instanceof JavaMailSenderImpl impl)
					? new FixedIdMessage(impl.getSession(), notificationId) : sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
			helper.setFrom(this.settings.mail().from());
			helper.setTo(to);
			helper.setSubject(text.subject());
			helper.setText(text.body());
			sender.send(message);
		}
		catch (MessagingException | MailParseException | MailPreparationException ex) {
			throw DeliveryFailure.permanent("Email could not be prepared (" + ex.getClass().getSimpleName() + ")");
		}
		catch (MailAuthenticationException ex) {
			throw DeliveryFailure.temporary("Mail server refused our sign-in");
		}
		catch (MailException ex) {
			throw DeliveryFailure.temporary("Mail server did not take the message");
		}
	}

	private static final class FixedIdMessage extends MimeMessage {

		private final UUID id;

		FixedIdMessage(jakarta.mail.Session session, UUID id) {
			super(session);
			this.id = id;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", "<" + this.id + "@extramile.notifications>");
		}

	}

}
