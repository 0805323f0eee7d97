package app.extramile.notifications;

import java.util.Objects;
import java.util.UUID;

/**
 * Who a notification is for: a team member (their email or phone is looked up when it is
 * delivered, so a corrected number is used for retries), or a bare phone number or email
 * address (a neighbour who is not on the team). Addresses never appear in
 * {@link #toString()}, so they cannot slip into a log line.
 */
public sealed interface Recipient {

	static Recipient member(UUID accountId) {
		return new Member(accountId);
	}

	static Recipient phone(String number) {
		return new Phone(number);
	}

	static Recipient email(String address) {
		return new Email(address);
	}

	/** A team member of the shop, by account id. */
	record Member(UUID accountId) implements Recipient {

		public Member {
			Objects.requireNonNull(accountId, "account id");
		}

	}

	/** A phone number for SMS, e.g. +447700900123 or 07700 900123. */
	record Phone(String number) implements Recipient {

		public Phone {
			if (number == null || !number.trim().matches("\\+?[0-9 ()-]{7,25}")) {
				throw new IllegalArgumentException("not a phone number");
			}
			number = number.replaceAll("[ ()-]", "");
		}

		@Override
		public String toString() {
			return "Phone[hidden]";
		}

	}

	/** An email address. */
	record Email(String address) implements Recipient {

		public Email {
			if (address == null || !address.trim().matches("[^@\\s]+@[^@\\s]+") || address.length() > 200) {
				throw new IllegalArgumentException("not an email address");
			}
			address = address.trim();
		}

		@Override
		public String toString() {
			return "Email[hidden]";
		}

	}

}
