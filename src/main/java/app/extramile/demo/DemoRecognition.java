package app.extramile.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import app.extramile.notifications.Notifier;
import app.extramile.recognition.Recognition;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Shop;
import app.extramile.team.Team;
import app.extramile.team.TeamMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Two thank-yous on the demo village's board, once its team exists (seeded by
 * {@link DemoTeam} first). Nothing is added if the board already has any.
 */
@Component
class DemoRecognition {

	private static final Logger log = LoggerFactory.getLogger(DemoRecognition.class);

	private final Accounts accounts;

	private final Team team;

	private final Recognition recognition;

	private final Notifier notifier;

	DemoRecognition(Accounts accounts, Team team, Recognition recognition, Notifier notifier) {
		this.notifier = notifier;
		this.accounts = accounts;
		this.team = team;
		this.recognition = recognition;
	}

	void seed(Shop shop) {
		if (!this.recognition.recent(shop.id(), 1).isEmpty()) {
			return;
		}
		Map<String, Accounts.Member> byUsername = this.accounts.members(shop.id())
			.stream()
			.collect(Collectors.toMap(Accounts.Member::username, (m) -> m));
		List<TeamMember> members = this.team.members(shop.id());
		Accounts.Member owner = byUsername.get("owner");
		if (owner == null) {
			return;
		}
		ShopUser from = new ShopUser(owner.id(), shop.id(), owner.username(), owner.displayName(), Role.OWNER, null);
		List<UUID> thanked = new ArrayList<>();
		for (TeamMember member : members) {
			if (member.accountId() == null) {
				continue;
			}
			if (byUsername.containsKey("volunteer") && member.accountId().equals(byUsername.get("volunteer").id())) {
				thanked.add(this.recognition.thank(from, member.id(),
						"Covered the Saturday shift at an hour's notice. Diolch!", null, null));
			}
			else if (byUsername.containsKey("staff") && member.accountId().equals(byUsername.get("staff").id())) {
				thanked.add(this.recognition.thank(from, member.id(),
						"Did the whole Friday delivery round in the rain.", null, null));
			}
		}
		// Thank-yous from the past, already read: they wait for nobody in the app.
		this.notifier.dealtWith(shop.id(), thanked.stream().map((id) -> "thanks:" + id).toList());
		log.info("Demo thank-yous seeded for shop {}", shop.id());
	}

}
