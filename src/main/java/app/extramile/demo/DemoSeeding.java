package app.extramile.demo;

import java.util.concurrent.Executor;

import app.extramile.system.Shops;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo village, in order, and only in demo mode
 * ({@code extramile.demo.enabled=true}, set by the {@code demo} profile). Demo mode is
 * read here, when the application starts, and nowhere else: the demo's beans exist on
 * every installation and do nothing unless this seeds through them, so the jar's
 * ahead-of-time processed context (the same beans whatever the settings, ADR 14) serves a
 * demo and a real shop alike. The village itself (the shop, its logins, its customers and
 * a year of visits) is seeded before the application is ready; the rest once it is ready,
 * before the application's other start-up work (so the first sweep of Who's missing meets
 * the whole village), each part after what it needs. Friday's delivery round is planned
 * last, in the background once the application accepts traffic: planning is the solver's
 * work, not seed data, and the round page shows it a second or two later. Each seeder
 * adds only what is not there yet, so a restart on the same database seeds nothing twice.
 */
@Component
class DemoSeeding implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);

	private final Shops shops;

	private final DemoVillage village;

	private final DemoTeam team;

	private final DemoAlarms alarms;

	private final DemoCallOuts callOuts;

	private final DemoRecognition recognition;

	private final DemoErrands errands;

	private final DemoGettingStarted gettingStarted;

	private final DemoCommunity community;

	private final DemoImpact impact;

	private final DemoLedger ledger;

	private final Executor executor;

	private final boolean enabled;

	DemoSeeding(@Value("${extramile.demo.enabled:false}") boolean enabled, Shops shops, DemoVillage village,
			DemoTeam team, DemoAlarms alarms, DemoCallOuts callOuts, DemoRecognition recognition, DemoErrands errands,
			DemoGettingStarted gettingStarted, DemoCommunity community, DemoImpact impact, DemoLedger ledger,
			@Qualifier("applicationTaskExecutor") Executor executor) {
		this.shops = shops;
		this.village = village;
		this.team = team;
		this.alarms = alarms;
		this.callOuts = callOuts;
		this.recognition = recognition;
		this.errands = errands;
		this.gettingStarted = gettingStarted;
		this.community = community;
		this.impact = impact;
		this.ledger = ledger;
		this.executor = executor;
		this.enabled = enabled;
	}

	/** The village: its shop, logins, customers and a year of visits. */
	@Override
	public void run(ApplicationArguments args) {
		if (!this.enabled) {
			return;
		}
		this.village.printWelcome(this.village.seedOnce());
	}

	/** Everything else, once the application is ready, in this order. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	void seedTheRest() {
		if (!this.enabled) {
			return;
		}
		this.shops.findBySlug(Demo.SLUG).ifPresent((shop) -> {
			// The team and their skills: everything after them asks someone on it.
			this.team.seed(shop);
			// Alarm providers and pendants, the fete's call-out, thank-yous: they need
			// the team.
			this.alarms.seed(shop);
			this.callOuts.seed(shop);
			this.recognition.seed(shop);
			// Errands for Friday's delivery round: they need the team's drivers.
			this.errands.seed(shop);
			// The getting-started list, put away: the demo is already set up.
			this.gettingStarted.seed(shop);
			// The community board, the impact history and the ledger: last, from what is
			// there.
			this.community.seed(shop);
			this.impact.seed(shop);
			this.ledger.seed(shop);
		});
	}

	/**
	 * Friday's delivery round, planned once the application is ready (and at a later
	 * start on the same database if it is not planned yet).
	 */
	@EventListener
	void planTheRound(AvailabilityChangeEvent<ReadinessState> event) {
		if (this.enabled && event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.shops.findBySlug(Demo.SLUG).ifPresent((shop) -> this.executor.execute(() -> {
				try {
					this.errands.planFridaysRound(shop);
				}
				catch (RuntimeException ex) {
					log.warn("Demo delivery round not planned: {}", ex.toString());
				}
			}));
		}
	}

}
