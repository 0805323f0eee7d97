package app.extramile.notifications;

/**
 * A delivery that did not work. The reason is shown to the owner and logged, so it is a
 * plain phrase without addresses, numbers or message text. Permanent failures are not
 * retried.
 */
class DeliveryFailure extends RuntimeException {

	private final boolean permanent;

	private DeliveryFailure(String reason, boolean permanent) {
		super(reason, null, false, false);
		this.permanent = permanent;
	}

	static DeliveryFailure permanent(String reason) {
		return new DeliveryFailure(reason, true);
	}

	static DeliveryFailure temporary(String reason) {
		return new DeliveryFailure(reason, false);
	}

	boolean permanent() {
		return this.permanent;
	}

	String reason() {
		return getMessage();
	}

}
