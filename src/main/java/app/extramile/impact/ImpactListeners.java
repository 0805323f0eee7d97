package app.extramile.impact;

import app.extramile.alarms.AlarmEvents.AlarmAcknowledged;
import app.extramile.community.CommunityEvents.CharityTakingsRecorded;
import app.extramile.errands.ErrandEvents.ErrandDone;
import app.extramile.errands.ErrandKind;
import app.extramile.ledger.LedgerEvents.GiftGiven;
import app.extramile.recognition.RecognitionEvents.ColleagueThanked;
import app.extramile.welfare.Outcome;
import app.extramile.welfare.WelfareEvents.WelfareCheckResolved;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into counted facts, each keyed by the id the event carries,
 * so a redelivered event counts once. A new kind of fact is one more method here. What
 * the ledger did is not heard here but asked of it when figures are read
 * ({@link app.extramile.ledger.KindnessTotals}).
 */
@Component
class ImpactListeners {

	private final ImpactStore store;

	ImpactListeners(ImpactStore store) {
		this.store = store;
	}

	@ApplicationModuleListener
	void on(WelfareCheckResolved event) {
		ImpactKind kind = welfareKind(event.outcome());
		if (kind != null) {
			this.store.record(event.shopId(), kind, event.checkId(), event.at(), 0);
		}
	}

	@ApplicationModuleListener
	void on(GiftGiven event) {
		this.store.record(event.shopId(), ImpactKind.GIFT_GIVEN, event.giftId(), event.at(), 0);
	}

	@ApplicationModuleListener
	void on(CharityTakingsRecorded event) {
		this.store.record(event.shopId(), ImpactKind.CHARITY_RAISED, event.takingsId(), event.takenOn(),
				event.amountMinor(), false);
	}

	@ApplicationModuleListener
	void on(AlarmAcknowledged event) {
		this.store.record(event.shopId(), ImpactKind.ALARM_ANSWERED, event.alarmId(), event.at(),
				event.secondsToAcknowledge());
	}

	@ApplicationModuleListener
	void on(ColleagueThanked event) {
		this.store.record(event.shopId(), ImpactKind.THANK_YOU, event.thanksId(), event.at(), 0);
	}

	/**
	 * A delivery or favour for a customer counts for the village; a favour between
	 * colleagues (no customer: a shift covered, a lift, a hand with stock) counts for the
	 * team, apart, so covering a shift does not swell the hours given to the village.
	 */
	@ApplicationModuleListener
	void on(ErrandDone event) {
		ImpactKind kind = (event.customerId() == null) ? ImpactKind.COLLEAGUE_HELPED
				: (event.kind() == ErrandKind.DELIVERY) ? ImpactKind.DELIVERY_DONE : ImpactKind.FAVOUR_DONE;
		this.store.record(event.shopId(), kind, event.errandId(), event.at(), Math.max(0, event.minutes()));
	}

	static ImpactKind welfareKind(Outcome outcome) {
		return switch (outcome) {
			case ALL_WELL -> ImpactKind.WELFARE_ALL_WELL;
			case AWAY -> ImpactKind.WELFARE_AWAY;
			case IN_HOSPITAL -> ImpactKind.WELFARE_IN_HOSPITAL;
			case NEEDS_HELP -> ImpactKind.WELFARE_NEEDS_HELP;
			case EMERGENCY_SERVICES_CALLED -> ImpactKind.WELFARE_EMERGENCY_SERVICES;
			case NO_ANSWER, CONSENT_WITHDRAWN -> null;
		};
	}

}
