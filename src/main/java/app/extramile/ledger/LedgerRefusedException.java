package app.extramile.ledger;

/**
 * A ledger operation was refused and nothing was posted. {@code reason} names a message
 * ({@code ledger.refused.*}); {@code field} names the input at fault, for forms and
 * problem details.
 */
public class LedgerRefusedException extends RuntimeException {

	/** Why an operation was refused. */
	public enum Reason {

		AMOUNT_REQUIRED, AMOUNT_UNREADABLE, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_LARGE, BALANCE_TOO_LARGE, CURRENCY,
		UNKNOWN_CODE, UNKNOWN_CUSTOMER, PENDING, BLOCKED, NOT_BLOCKED, VOID, EXPIRED, EXPIRY_IN_PAST, OVERDRAFT,
		REFUND_TOO_LARGE, REASON_REQUIRED, TEXT_TOO_LONG, UNKNOWN_POOL, POOL_EMPTY, UNITS, OWNER_ONLY,
		IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_KEY_INVALID;

		public String messageKey() {
			return "ledger.refused." + name();
		}

	}

	private final Reason reason;

	private final String field;

	public LedgerRefusedException(Reason reason, String field) {
		super(reason + " (" + field + ")");
		this.reason = reason;
		this.field = field;
	}

	public Reason reason() {
		return this.reason;
	}

	public String field() {
		return this.field;
	}

}
