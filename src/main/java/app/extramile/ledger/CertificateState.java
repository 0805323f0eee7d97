package app.extramile.ledger;

/**
 * Where a gift certificate stands. Pending: issued, not yet loaded. Active: may be loaded
 * and spent. Blocked: held by the shop (lost or disputed), nothing may be spent. Void:
 * closed for good; what was left on it went to breakage.
 */
public enum CertificateState {

	PENDING, ACTIVE, BLOCKED, VOID

}
