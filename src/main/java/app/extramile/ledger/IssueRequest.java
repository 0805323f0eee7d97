package app.extramile.ledger;

import java.time.LocalDate;

import app.extramile.customers.CustomerId;

/**
 * What to issue: an amount to load now (zero leaves the certificate pending until its
 * first load), who bought it and for whom (a customer or just a name, both optional), and
 * an optional last day it may be used.
 */
public record IssueRequest(long amountMinor, String currency, CustomerId buyerId, String buyerName,
		CustomerId recipientId, String recipientName, LocalDate expiresOn) {

	public static IssueRequest of(long amountMinor, String currency) {
		return new IssueRequest(amountMinor, currency, null, null, null, null, null);
	}

}
