package app.extramile.ledger;

/**
 * The kinds of ledger account. Certificates and pools are liabilities, one account each;
 * the others are one per shop and currency.
 */
enum AccountKind {

	/** What the shop owes the holder of one gift certificate. */
	CERTIFICATE,
	/** What the shop owes the village from one pay-it-forward pool. */
	POOL,
	/** Money taken in (cash or card at the till). */
	TILL,
	/** Goods handed over against a certificate or a pool. */
	SALES,
	/** Value left on void certificates. */
	BREAKAGE,
	/** Owners' corrections, each with a reason. */
	ADJUSTMENTS;

	/** The code of the shop's one account of this kind. */
	String shopCode() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
