package app.extramile.errands;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.UUID;

import app.extramile.errands.ErrandEvents.DoorstepConcern;
import app.extramile.errands.ErrandEvents.DoorstepRecorded;
import app.extramile.errands.ErrandEvents.ErrandDone;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the helper records when the errand is carried out: done with the time spent, or at
 * the door delivered, no answer or what they noticed, and after no answer the next step
 * (bring it back or try again). Only staff, the errand's helper or its round's driver may
 * ({@link #mayWork}). A "no answer" or a worrying observation is published as
 * {@link DoorstepConcern} (a welfare check follows); a finished errand as
 * {@link ErrandDone}.
 */
@Service
@Transactional
public class Doorstep {

	private final JdbcClient jdbc;

	private final Errands errands;

	private final ErrandRequests requests;

	private final ErrandNotices notices;

	private final Team team;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Doorstep(JdbcClient jdbc, Errands errands, ErrandRequests requests, ErrandNotices notices, Team team,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.errands = errands;
		this.requests = requests;
		this.notices = notices;
		this.team = team;
		this.events = events;
		this.clock = clock;
	}

	/** Marks it done with the time spent (0 to 600 minutes). */
	public void complete(ShopUser user, UUID id, Integer minutes) {
		Errand errand = requireWorker(user, id);
		if (minutes == null || minutes < 0 || minutes > 600) {
			throw new Refused("minutes", "errands.refused.minutes");
		}
		finish(user.shopId(), errand, minutes);
	}

	private void finish(ShopId shop, Errand errand, int minutes) {
		Instant now = this.clock.instant();
		int done = this.jdbc.sql("""
				update errand set status = 'DONE', minutes_spent = ?, done_at = ?
				where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')""")
			.params(minutes, Times.column(now), shop.value(), errand.id())
			.update();
		if (done > 0) {
			this.events
				.publishEvent(new ErrandDone(shop, errand.customerId(), errand.id(), errand.kind(), minutes, now));
			this.notices.withdrawn(shop, errand.id());
			if (errand.forColleague() && errand.assigneeMember() != null) {
				Optional<TeamMember> helper = this.team.member(shop, errand.assigneeMember());
				Optional<TeamMember> asker = this.team.member(shop, errand.askedByMember());
				if (helper.isPresent() && asker.isPresent()) {
					this.notices.done(shop, errand, asker.get(), helper.get());
				}
			}
		}
	}

	/**
	 * Records what happened at the door. Delivered finishes the errand as done (only for
	 * errands that deliver something); no answer ends it as not delivered, with a welfare
	 * check started and the next step to choose ({@link #nextStep}); an observation needs
	 * a few words and is kept here only. No answer, or an observation marked worrying, is
	 * published as a concern (a welfare check follows).
	 */
	public void atTheDoor(ShopUser user, UUID id, DoorOutcome outcome, String observation, boolean worrying,
			Integer minutes) {
		Errand errand = requireWorker(user, id);
		if (errand.forColleague()) {
			throw new Refused("outcome", "errands.refused.noDoor");
		}
		if (outcome == null) {
			throw new Refused("outcome", "errands.refused.outcome");
		}
		if (outcome == DoorOutcome.DELIVERED && !errand.delivers()) {
			throw new Refused("outcome", "errands.refused.notADelivery");
		}
		String note = (observation == null || observation.isBlank()) ? null : observation.trim();
		if (outcome == DoorOutcome.OBSERVED && note == null) {
			throw new Refused("observation", "errands.refused.observation");
		}
		if (note != null && note.length() > 500) {
			throw new Refused("observation", "errands.refused.observationLong");
		}
		if (minutes != null && (minutes < 0 || minutes > 600)) {
			throw new Refused("minutes", "errands.refused.minutes");
		}
		if (errand.finished()) {
			throw new Refused("errand", "errands.refused.finished");
		}
		boolean concern = outcome == DoorOutcome.NO_ANSWER || worrying;
		this.jdbc.sql("""
				update errand set door_outcome = ?, observation = coalesce(?, observation), worrying = ?
				where shop_id = ? and id = ?""")
			.params(outcome.name(), note, concern || errand.worrying(), user.shopId().value(), id)
			.update();
		Instant now = this.clock.instant();
		this.events.publishEvent(new DoorstepRecorded(user.shopId(), errand.customerId(), id, outcome, now));
		if (concern) {
			this.events.publishEvent(new DoorstepConcern(user.shopId(), errand.customerId(), id, now));
		}
		if (outcome == DoorOutcome.DELIVERED) {
			finish(user.shopId(), errand, (minutes != null) ? minutes : 0);
		}
		else if (outcome == DoorOutcome.NO_ANSWER) {
			this.jdbc.sql("""
					update errand set status = 'NOT_DELIVERED', minutes_spent = ?, done_at = ?
					where shop_id = ? and id = ? and status in ('OPEN', 'ACCEPTED')""")
				.params((minutes != null) ? minutes : 0, Times.column(now), user.shopId().value(), id)
				.update();
			this.notices.withdrawn(user.shopId(), id);
		}
	}

	/** What happens after nobody answered: bring it back, or try again. */
	enum NextStep {

		BRING_BACK, TRY_AGAIN

	}

	/**
	 * The next step chosen for an errand that was not delivered, and the new errand when
	 * it is tried again.
	 */
	record AfterNoAnswer(NextStep step, UUID retry) {
	}

	public Optional<AfterNoAnswer> afterNoAnswer(ShopId shop, UUID id) {
		return this.jdbc.sql("select next_step, retry_errand_id from errand where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query((rs, n) -> (rs.getString("next_step") != null) ? new AfterNoAnswer(
					NextStep.valueOf(rs.getString("next_step")), rs.getObject("retry_errand_id", UUID.class)) : null)
			.optional();
	}

	/**
	 * After nobody answered: bring it back to the shop, or try again on a day and in a
	 * window (a new errand with the same items, offered as the first was). Chosen once;
	 * the same choice twice changes nothing.
	 * @return the new errand's id when tried again
	 * @throws Refused naming the field: {@code step}, {@code on}, {@code from} or
	 * {@code to}
	 */
	public Optional<UUID> nextStep(ShopUser user, UUID id, NextStep step, LocalDate on, LocalTime from, LocalTime to) {
		Errand errand = requireWorker(user, id);
		if (errand.status() != ErrandStatus.NOT_DELIVERED || step == null) {
			throw new Refused("step", "errands.refused.step");
		}
		Optional<AfterNoAnswer> chosen = afterNoAnswer(user.shopId(), id);
		if (chosen.isPresent()) {
			return Optional.ofNullable(chosen.get().retry());
		}
		UUID retry = null;
		if (step == NextStep.TRY_AGAIN) {
			retry = this.requests.tryAgain(user, errand, on, from, to);
		}
		int chosenNow = this.jdbc.sql("""
				update errand set next_step = ?, retry_errand_id = ?
				where shop_id = ? and id = ? and next_step is null""")
			.params(step.name(), retry, user.shopId().value(), id)
			.update();
		if (chosenNow == 0) {
			throw new Refused("step", "errands.refused.step");
		}
		return Optional.ofNullable(retry);
	}

	/**
	 * Whether this user may act on the errand at the door (staff, assignee, its driver).
	 */
	@Transactional(readOnly = true)
	public boolean mayWork(ShopUser user, UUID id) {
		if (user.mayReadCareProfile()) {
			return true;
		}
		Errand errand = this.errands.get(user.shopId(), id);
		return this.errands.isMine(user, this.team.memberForAccount(user.shopId(), user.accountId()), errand);
	}

	private Errand requireWorker(ShopUser user, UUID id) {
		Errand errand = this.errands.get(user.shopId(), id);
		if (!mayWork(user, id)) {
			throw new AccessDeniedException("not your errand");
		}
		return errand;
	}

}
