package app.extramile.today;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import app.extramile.absences.AbsenceEvents.OpeningHoursSet;
import app.extramile.alarms.AlarmSetup;
import app.extramile.community.CommunityBoard;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.system.ApiTokens;
import app.extramile.system.Shops;
import app.extramile.team.Team;
import app.extramile.visits.VisitLog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The getting-started list on a new shop's Today page: each step of the first hour one
 * tap away, ticked when the shop's own data shows it done (customers there, a consent
 * recorded, the first visits in), when the owner did it (saved the opening hours), or
 * when the owner skipped it as not for this shop. Owners only; gone when every step is
 * ticked or the owner puts the list away.
 */
@Component
@Transactional
public class GettingStarted {

	/** The steps, in the order a new shop takes them. */
	public enum Step {

		SHOP("/settings#shop-heading"), HOURS("/missing/settings"), TEAM("/settings#team-heading"),
		CUSTOMERS("/customers/import"), VISITS("/visits/import"), CONSENT("/customers"), ALARMS("/alarms/devices"),
		PUBLIC_PAGE("/community");

		private final String href;

		Step(String href) {
			this.href = href;
		}

		public String href() {
			return this.href;
		}

		public String key() {
			return name().toLowerCase().replace('_', '-');
		}

	}

	/**
	 * One line of the list: the step, whether it is done, and whether the owner skipped
	 * it.
	 */
	public record Line(Step step, boolean done, boolean skipped) {
	}

	/** The list as the owner sees it now. */
	public record Checklist(List<Line> lines) {

		public long done() {
			return this.lines.stream().filter(Line::done).count();
		}

		public int total() {
			return this.lines.size();
		}

		public boolean complete() {
			return done() == total();
		}

	}

	private static final String HIDDEN = "HIDDEN";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Shops shops;

	private final Team team;

	private final CustomerDirectory customers;

	private final Consents consents;

	private final VisitLog visits;

	private final ApiTokens tokens;

	private final AlarmSetup alarms;

	private final CommunityBoard community;

	GettingStarted(JdbcClient jdbc, Clock clock, Shops shops, Team team, CustomerDirectory customers, Consents consents,
			VisitLog visits, ApiTokens tokens, AlarmSetup alarms, CommunityBoard community) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.shops = shops;
		this.team = team;
		this.customers = customers;
		this.consents = consents;
		this.visits = visits;
		this.tokens = tokens;
		this.alarms = alarms;
		this.community = community;
	}

	/**
	 * The list for this person: empty unless they own the shop and the list is neither
	 * put away nor finished.
	 */
	@Transactional(readOnly = true)
	public Optional<Checklist> of(ShopUser user) {
		if (user.role() != Role.OWNER) {
			return Optional.empty();
		}
		ShopId shop = user.shopId();
		Set<String> ticked = ticked(shop);
		if (ticked.contains(HIDDEN)) {
			return Optional.empty();
		}
		List<Line> lines = new ArrayList<>();
		for (Step step : Step.values()) {
			boolean byHand = ticked.contains(step.name());
			boolean shown = shows(shop, step);
			lines.add(new Line(step, byHand || shown, byHand && !shown));
		}
		Checklist list = new Checklist(List.copyOf(lines));
		return list.complete() ? Optional.empty() : Optional.of(list);
	}

	/** Ticks a step by hand: done elsewhere, or not for this shop. */
	public void skip(ShopUser owner, Step step) {
		tick(requireOwner(owner).shopId(), step.name(), owner.accountId());
	}

	/** Puts the list away for good. */
	public void hide(ShopUser owner) {
		tick(requireOwner(owner).shopId(), HIDDEN, owner.accountId());
	}

	/** Puts the list away for a shop without anyone signed in (the demo village). */
	public void putAway(ShopId shop) {
		tick(shop, HIDDEN, null);
	}

	/** Saving the opening hours (or a closure) is that step done. */
	@ApplicationModuleListener
	void on(OpeningHoursSet event) {
		tick(event.shopId(), Step.HOURS.name(), null);
	}

	private boolean shows(ShopId shop, Step step) {
		return switch (step) {
			case SHOP -> this.shops.contactDetails(shop).given();
			case HOURS -> false;
			case TEAM -> this.team.members(shop).size() > 1;
			case CUSTOMERS -> this.customers.count(shop) > 0;
			case VISITS -> this.visits.count(shop) > 0 || !this.tokens.list(shop).isEmpty();
			case CONSENT -> this.consents.anyRecorded(shop);
			case ALARMS -> !this.alarms.devices(shop).isEmpty();
			case PUBLIC_PAGE -> !this.community.upcomingEvents(shop, this.clock.instant(), true).isEmpty()
					|| !this.community.campaigns(shop, true).isEmpty()
					|| !this.community.currentNotices(shop, true).isEmpty();
		};
	}

	private Set<String> ticked(ShopId shop) {
		return new HashSet<>(this.jdbc.sql("select step from getting_started where shop_id = ?")
			.param(shop.value())
			.query(String.class)
			.list());
	}

	private void tick(ShopId shop, String step, UUID by) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into getting_started (shop_id, step, ticked_at, ticked_by) values (?, ?, ?, ?)
				on conflict do nothing""").params(shop.value(), step, Times.column(now), by).update();
	}

	private static ShopUser requireOwner(ShopUser user) {
		if (user.role() != Role.OWNER) {
			throw new AccessDeniedException("only the owner changes the getting-started list");
		}
		return user;
	}

}
