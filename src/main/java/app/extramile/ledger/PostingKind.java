package app.extramile.ledger;

/**
 * What a posting records. Names a message ({@code ledger.posting.*}) in histories.
 */
enum PostingKind {

	LOAD, REDEEM, REFUND, ADJUST, VOID, DONATE, GIVE

}
