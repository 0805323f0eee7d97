package app.extramile.errands;

import app.extramile.errands.ErrandEvents.DoorstepConcern;
import app.extramile.welfare.WelfareChecks;
import app.extramile.welfare.WelfareEvents.HelpRequested;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Where errands meet welfare. Errands depends on welfare, never the other way round: a
 * welfare check that found someone needs help becomes an open errand, and a doorstep
 * concern published by errands is turned into a welfare check here, through the welfare
 * facade (idempotent by the errand's id).
 */
@Component
class ErrandWelfare {

	private final ErrandRequests requests;

	private final WelfareChecks checks;

	ErrandWelfare(ErrandRequests requests, WelfareChecks checks) {
		this.requests = requests;
		this.checks = checks;
	}

	@ApplicationModuleListener
	void on(HelpRequested event) {
		this.requests.requestForHelp(event.shopId(), event.customerId(), event.checkId(), event.help());
	}

	@ApplicationModuleListener
	void on(DoorstepConcern event) {
		this.checks.openForDoorstep(event.shopId(), event.customerId(), "doorstep:" + event.errandId());
	}

}
