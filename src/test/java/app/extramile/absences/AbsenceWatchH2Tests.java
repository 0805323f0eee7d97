package app.extramile.absences;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sweep contract on H2, plus the owner's settings page (run once, on H2).
 */
@AppTest(systemTime = true)
class AbsenceWatchH2Tests extends AbsenceWatchContract {

	@Autowired
	MockMvc mvc;

	@Test
	void theOwnerSetsTheRedBudgetOnThePageAndABudgetOutOfBoundsIsExplainedByTheField() throws Exception {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		for (String budget : new String[] { "25", "0.2", "lots", "" }) {
			String html = this.mvc
				.perform(post("/missing/settings").param("day", "1", "2", "3", "4", "5")
					.param("opensAt", "08:00")
					.param("closesAt", "17:30")
					.param("amberOneIn", "50")
					.param("redBudget", budget)
					.param("redAfterMissedDays", "2")
					.with(csrf())
					.with(user(owner)))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			int error = html.indexOf("id=\"redBudget-error\"");
			assertThat(error).as(budget).isPositive().isLessThan(html.indexOf("id=\"redBudget\""));
			assertThat(html).contains("A number from 0.5 to 20, e.g. 2 or 2.5.")
				.contains("aria-invalid=\"true\"")
				.contains("value=\"" + budget + "\"")
				.contains("value=\"17:30\"");
		}
		assertThat(this.rules.settings(this.shop).redBudget()).as("unchanged").isEqualTo(2);

		this.mvc
			.perform(post("/missing/settings").param("day", "1", "2", "3", "4", "5")
				.param("opensAt", "08:00")
				.param("closesAt", "17:30")
				.param("amberOneIn", "50")
				.param("redBudget", "3,5")
				.param("redAfterMissedDays", "3")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/missing/settings"));
		assertThat(this.rules.settings(this.shop).redBudget()).isEqualTo(3.5);
		assertThat(this.mvc.perform(get("/missing/settings").with(user(owner)))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("value=\"3.5\"")
			.contains("Your red budget in numbers shows after the first check");
		assertThat(this.rules.settings(this.shop).redAfterMissedDays()).isEqualTo(3);
		this.mvc
			.perform(post("/missing/settings/closures").param("closedFrom", "2026-12-25")
				.param("closedTo", "2026-12-26")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/missing/settings#closures"));
		assertThat(this.rules.closures(this.shop, java.time.LocalDate.of(2026, 12, 1))).hasSize(2);

		this.mvc.perform(get("/missing/settings").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isForbidden());
	}

	@Test
	void theMorningListSaysHowManyOfTheirUsualDaysTheyMissed() throws Exception {
		weekdayRegular("Gwen", java.time.LocalDate.of(2026, 11, 23), 5);
		this.sweep.sweep(this.shop,
				java.time.LocalDate.of(2026, 11, 25)
					.atTime(12, 30)
					.atZone(java.time.ZoneId.of("Europe/London"))
					.toInstant());

		String html = this.mvc.perform(get("/missing").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(html).contains("Usually in Monday to Friday around")
			.contains("Missed 2 of their usual days since.")
			.contains("1 time in");
	}

	/**
	 * The list starts with how many are red and amber, and each card says which rule made
	 * them red, in words that agree with its figures: here the usual days missed, while
	 * their chance is not yet as rare as the red level.
	 */
	@Test
	void theMorningListCountsAndSaysWhichRuleMadeThemRed() throws Exception {
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		this.rules.updateSettings(owner, new boolean[] { true, true, true, true, true, false, false },
				java.time.LocalTime.of(8, 0), java.time.LocalTime.of(17, 30), 20, 2, 2);
		weekdayRegular("Gwen", java.time.LocalDate.of(2026, 11, 23), 5);
		this.sweep.sweep(this.shop,
				java.time.LocalDate.of(2026, 11, 25)
					.atTime(12, 30)
					.atZone(java.time.ZoneId.of("Europe/London"))
					.toInstant());

		String html = this.mvc.perform(get("/missing").with(user(TestShops.user(this.shop, Role.STAFF))))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(html).contains(">1 red<")
			.contains(">0 amber<")
			.contains("Missed 2 of their usual days since.")
			.contains("Red for missed days: they have missed 2 of their usual days (red from 2, your setting)")
			.doesNotContain("Red because this gap");
	}

	@Test
	void seenOrSpokeToThemSaysWhatHappenedAndCanBeUndone() throws Exception {
		app.extramile.customers.CustomerId gwen = weekdayRegular("Gwen", java.time.LocalDate.of(2026, 11, 17));
		this.sweep.sweep(this.shop, NOW);
		ShopUser staff = TestShops.user(this.shop, Role.STAFF);

		org.springframework.test.web.servlet.MvcResult seen = this.mvc
			.perform(post("/missing/" + gwen.value() + "/seen").with(csrf()).with(user(staff)))
			.andExpect(redirectedUrl("/missing"))
			.andReturn();
		java.util.Map<String, Object> flash = seen.getFlashMap();
		assertThat(flash).containsEntry("seenName", "Gwen");
		String page = this.mvc.perform(get("/missing").cookie(session(seen)).with(user(staff)))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Gwen is marked as seen or spoken to, and is off the list.")
			.contains("action=\"/missing/undo/" + flash.get("seenUndo") + "\"")
			.contains("data-undo-seconds=\"30\"")
			.contains("Everyone is where you");

		org.springframework.test.web.servlet.MvcResult undone = this.mvc
			.perform(post("/missing/undo/" + flash.get("seenUndo")).with(csrf()).with(user(staff)))
			.andExpect(redirectedUrl("/missing"))
			.andReturn();
		assertThat(this.mvc.perform(get("/missing").cookie(session(undone)).with(user(staff)))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Undone: Gwen is back on the list as before.").contains(">Gwen</a>");

		org.springframework.test.web.servlet.MvcResult again = this.mvc
			.perform(post("/missing/undo/" + flash.get("seenUndo")).with(csrf()).with(user(staff)))
			.andReturn();
		assertThat(this.mvc.perform(get("/missing").cookie(session(again)).with(user(staff)))
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Too late to undo that: it is kept.");
	}

	/**
	 * The session cookie of a redirect that left flash attributes in the session, as the
	 * browser carries it on (sessions are kept by Spring Session, in the database).
	 */
	private static jakarta.servlet.http.Cookie session(org.springframework.test.web.servlet.MvcResult result) {
		return result.getResponse().getCookie("SESSION");
	}

}
