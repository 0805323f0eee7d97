package app.extramile.team;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import app.extramile.notifications.Channel;
import app.extramile.notifications.MessageArgs;
import app.extramile.notifications.Notifier;
import app.extramile.notifications.Recipient;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.system.Accounts;
import app.extramile.system.Shops;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Warns the owners before a DBS check, first-aid or food-hygiene certificate lapses, so
 * nobody drops off the pop-round or tea-tent list by surprise: a durable daily task
 * (db-scheduler) tells every owner, in the app and by email, once per member, skill and
 * expiry date (the notification's key names all three, so a second run or a second
 * instance sends nothing; a renewed certificate with a new date warns again next time).
 */
@Configuration(proxyBeanMethods = false)
class SkillExpiryWarnings {

	private static final Logger log = LoggerFactory.getLogger(SkillExpiryWarnings.class);

	/** How long before a skill lapses the owners hear of it. */
	public static final int DAYS_AHEAD = 30;

	private final JdbcClient jdbc;

	private final Team team;

	private final Accounts accounts;

	private final Notifier notifier;

	private final Shops shops;

	private final Clock clock;

	SkillExpiryWarnings(JdbcClient jdbc, Team team, Accounts accounts, Notifier notifier, Shops shops, Clock clock) {
		this.jdbc = jdbc;
		this.team = team;
		this.accounts = accounts;
		this.notifier = notifier;
		this.shops = shops;
		this.clock = clock;
	}

	@Bean
	RecurringTask<Void> skillExpiry(@Value("${extramile.team.expiry-cron:0 0 8 * * *}") String cron) {
		return Tasks.recurring("team-skill-expiry", Schedules.cron(cron)).execute((instance, context) -> warn());
	}

	/**
	 * @return warnings recorded by this run (per member and skill, not per owner)
	 */
	public int warn() {
		int warned = 0;
		for (UUID shopId : this.jdbc.sql("select distinct shop_id from team_member_skill where expires_on is not null")
			.query(UUID.class)
			.list()) {
			ShopId shop = new ShopId(shopId);
			LocalDate today = LocalDate.now(this.clock.withZone(zone(shop)));
			List<Accounts.ContactDetails> owners = this.accounts.contactDetails(shop)
				.stream()
				.filter((a) -> a.role() == Role.OWNER)
				.toList();
			for (TeamMember member : this.team.members(shop)) {
				for (Map.Entry<Skill, LocalDate> skill : member.skills().entrySet()) {
					LocalDate expires = skill.getValue();
					if (expires == null || expires.isBefore(today) || expires.isAfter(today.plusDays(DAYS_AHEAD))) {
						continue;
					}
					String key = "skill-expiry:" + member.id() + ":" + skill.getKey() + ":" + expires;
					String ask = "notify.ask.expiry."
							+ skill.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-');
					MessageArgs args = new MessageArgs(MessageArgs.firstNameOf(member.name(), "Someone"), ask, "/team");
					for (Accounts.ContactDetails owner : owners) {
						this.notifier.send(shop, key + ":" + owner.id(), Recipient.member(owner.id()), Channel.IN_APP,
								"notify.skill-expiry", args);
						if (owner.email() != null) {
							this.notifier.send(shop, key + ":" + owner.id(), Recipient.member(owner.id()),
									Channel.EMAIL, "notify.skill-expiry", args);
						}
					}
					warned++;
				}
			}
		}
		if (warned > 0) {
			log.info("Skill expiry: {} warnings considered", warned);
		}
		return warned;
	}

	private ZoneId zone(ShopId shop) {
		return this.shops.zone(shop);
	}

}
