package app.extramile.ledger;

import java.util.Map;

import app.extramile.shared.Refused;

/**
 * A ledger operation was refused and nothing was posted. It adds to {@link Refused} a
 * reason code, which the API answers as {@code reason} and which decides its status; the
 * message is {@code ledger.refused.<reason>}.
 */
public class LedgerRefusedException extends Refused {

	/** Why an operation was refused. */
	public enum Reason {

		AMOUNT_REQUIRED, AMOUNT_UNREADABLE, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_LARGE, BALANCE_TOO_LARGE, CURRENCY,
		UNKNOWN_CODE, UNKNOWN_CUSTOMER, PENDING, BLOCKED, NOT_BLOCKED, VOID, EXPIRED, EXPIRY_IN_PAST, OVERDRAFT,
		REFUND_TOO_LARGE, REASON_REQUIRED, TEXT_TOO_LONG, UNKNOWN_POOL, POOL_EMPTY, UNITS, OWNER_ONLY,
		IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_KEY_INVALID;

		public String messageKey() {
			return "ledger.refused." + name();
		}

		Kind kind() {
			return switch (this) {
				case UNKNOWN_CODE -> Kind.NOT_FOUND;
				case IDEMPOTENCY_KEY_INVALID -> Kind.BAD_REQUEST;
				case OWNER_ONLY -> Kind.FORBIDDEN;
				default -> Kind.REFUSED;
			};
		}

	}

	private final Reason reason;

	public LedgerRefusedException(Reason reason, String field) {
		super(reason.kind(), field, reason.messageKey());
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("reason", this.reason.name());
	}

}
