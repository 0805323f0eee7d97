package app.extramile.team;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every account is a team member: whoever accepts an invitation is on the team, and
 * Settings (the logins) and the Team page list the same people, the owner too. On H2,
 * through the pages.
 */
@AppTest(systemTime = true)
class EveryoneOnTheTeamTests {

	private static final String PASSWORD = "a long enough sentence";

	@Autowired
	MockMvc mvc;

	@Autowired
	Accounts accounts;

	@Autowired
	Team team;

	@Autowired
	JdbcClient jdbc;

	@Test
	void whoeverAcceptsAnInvitationIsOnTheTeamAndSettingsAndTeamListTheSamePeople() throws Exception {
		ShopId shop = TestShops.create(this.jdbc);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		UUID ownerId = this.accounts.create(shop, "eleri-" + suffix, "Eleri Prydderch", Role.OWNER, PASSWORD);
		ShopUser owner = new ShopUser(ownerId, shop, "eleri-" + suffix, "Eleri Prydderch", Role.OWNER, null);
		this.team.addMember(owner, new Team.MemberDetails("Bryn Penri", "07700 900200", null, null, null, null));

		MvcResult invited = this.mvc
			.perform(post("/settings/invitations").with(user(owner))
				.with(csrf())
				.param("displayName", "Menna Cadwgan")
				.param("role", "VOLUNTEER"))
			.andExpect(status().isOk())
			.andReturn();
		String link = URI.create(invited.getModelAndView().getModel().get("inviteLink").toString()).getPath();
		this.mvc
			.perform(post(link).with(csrf())
				.param("username", "menna-" + suffix)
				.param("password", PASSWORD)
				.param("confirmPassword", PASSWORD))
			.andExpect(redirectedUrl("/login?welcome"));

		Map<UUID, String> logins = model(this.mvc.perform(get("/settings").with(user(owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/team\"")))
			.andReturn(), "members", Accounts.Member.class).stream()
			.collect(Collectors.toMap(Accounts.Member::id, Accounts.Member::displayName));
		List<TeamMember> members = model(this.mvc.perform(get("/team").with(user(owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signs in: Owner")))
			.andExpect(content().string(containsString("Signs in: Volunteer")))
			.andReturn(), "members", TeamMember.class);

		assertThat(logins.values()).containsExactlyInAnyOrder("Eleri Prydderch", "Menna Cadwgan");
		Map<UUID, String> onTheTeamWithALogin = members.stream()
			.filter((m) -> m.accountId() != null)
			.collect(Collectors.toMap(TeamMember::accountId, TeamMember::name));
		assertThat(onTheTeamWithALogin).as("every login is on the team, once").isEqualTo(logins);
		assertThat(members).extracting(TeamMember::name)
			.as("and the people without a login")
			.containsExactly("Eleri Prydderch", "Bryn Penri", "Menna Cadwgan");
		assertThat(members.stream().map(TeamMember::accountId).filter(Objects::nonNull).count()).isEqualTo(2);
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> model(MvcResult result, String name, Class<T> type) {
		return (List<T>) result.getModelAndView().getModel().get(name);
	}

}
