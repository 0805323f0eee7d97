package app.extramile.community;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The community board's pages on H2: staff add things through the forms (and see a
 * refusal by its field), and anyone without signing in sees only what is public, on the
 * page, in the calendar feed and on the A4 poster.
 */
@AppTest
class CommunityPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CommunityBoard board;

	@Autowired
	MutableClock clock;

	@Autowired
	app.extramile.system.ApiTokens tokens;

	ShopId shop;

	ShopUser staff;

	String slug;

	@BeforeEach
	void shopWithABoard() {
		this.clock.set(HandMovedClock.NOON);
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.slug = this.jdbc.sql("select slug from shop where id = ?")
			.param(this.shop.value())
			.query(String.class)
			.single();
		this.board.addEvent(this.staff,
				new CommunityBoard.NewEvent("Village Christmas fete", LocalDateTime.of(2026, 12, 5, 11, 0),
						LocalDateTime.of(2026, 12, 5, 15, 0), "Neuadd y Pentref", "Pwyllgor y Neuadd",
						"Cakes, tombola, carols", true));
		this.board.addEvent(this.staff, new CommunityBoard.NewEvent("Secret stocktake",
				LocalDateTime.of(2026, 12, 1, 18, 0), null, "Back room", null, null, false));
		UUID campaign = this.board.openCampaign(this.staff, "Wales Air Ambulance", 50000, true);
		this.board.addTakings(this.staff, campaign, LocalDate.of(2026, 11, 23), 12345, "k1");
		this.board.openCampaign(this.staff, "Private collection", 1000, false);
		this.board.postNotice(this.staff, "Closed on Christmas Day", null, true);
		this.board.postNotice(this.staff, "Staff-only notice", null, false);
	}

	@Test
	void thePublicPageShowsOnlyWhatIsPublicWithoutSigningIn() throws Exception {
		this.mvc.perform(get("/p/" + this.slug))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(content().string(containsString("Village Christmas fete")))
			.andExpect(content().string(containsString("Saturday 5 December 2026, 11:00 – 15:00")))
			.andExpect(content().string(containsString("Wales Air Ambulance")))
			.andExpect(content().string(containsString("£123.45 raised of £500.00")))
			.andExpect(content().string(containsString("Closed on Christmas Day")))
			.andExpect(content().string(containsString("/p/" + this.slug + "/board")))
			.andExpect(content().string(containsString("/p/" + this.slug + "/events.ics")))
			.andExpect(content().string(not(containsString("Secret stocktake"))))
			.andExpect(content().string(not(containsString("Private collection"))))
			.andExpect(content().string(not(containsString("Staff-only notice"))));
	}

	@Test
	void thePublicPageIsInWelshForAWelshBrowserWithDaysInWelsh() throws Exception {
		String page = this.mvc.perform(get("/p/" + this.slug).header("Accept-Language", "cy-GB,cy;q=0.9"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(page).contains("<html lang=\"cy\"")
			.contains("Digwyddiadau")
			.contains("dydd Sadwrn 5 Rhagfyr 2026, 11:00 – 15:00")
			.contains("hreflang=\"en\"")
			.doesNotContain(">Events<");
	}

	@Test
	void thePublicPageAndPosterCanBeInBothLanguagesWelshFirst() throws Exception {
		String page = this.mvc.perform(get("/p/" + this.slug).param("bilingual", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(page).contains("<span lang=\"cy\">Digwyddiadau</span>",
				"<span lang=\"en\" class=\"also\">Events</span>");
		assertThat(page.indexOf("Digwyddiadau")).isLessThan(page.indexOf(">Events<"));
		assertThat(page).as("what only a screen reader or keyboard meets is in both languages too")
			.contains("prif gynnwys · Skip to main content</a>");
		assertThat(page.indexOf("dydd Sadwrn 5 Rhagfyr 2026")).isLessThan(page.indexOf("Saturday 5 December 2026"))
			.isPositive();

		byte[] pdf = this.mvc.perform(get("/p/" + this.slug + "/poster.pdf").param("bilingual", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Digwyddiadau", "Events", "Hysbysiadau", "Notices", "Village Christmas fete");
			assertThat(text.indexOf("Digwyddiadau")).isLessThan(text.indexOf("Events"));
		}
	}

	@Test
	void anUnknownShopIsNotFound() throws Exception {
		this.mvc.perform(get("/p/no-such-shop")).andExpect(status().isNotFound());
		this.mvc.perform(get("/p/no-such-shop/events.ics")).andExpect(status().isNotFound());
	}

	@Test
	void theCalendarFeedHoldsThePublicEventsAndParsesStrictly() throws Exception {
		MvcResult result = this.mvc.perform(get("/p/" + this.slug + "/events.ics"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/calendar")))
			.andReturn();
		String feed = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);

		EventsFeedTests.strict();
		Calendar calendar = new CalendarBuilder().build(new StringReader(feed));
		calendar.validate();
		List<VEvent> events = calendar.getComponents("VEVENT");
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.getSummary().getValue()).isEqualTo("Village Christmas fete");
			assertThat(event.getProperty("DTSTART").orElseThrow().getValue()).isEqualTo("20261205T110000Z");
		});
		String again = this.mvc.perform(get("/p/" + this.slug + "/events.ics"))
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(again).as("stable: same UIDs and DTSTAMPs").isEqualTo(feed);
		assertThat(calendar.getProperty("X-WR-CALNAME").orElseThrow().getValue()).startsWith("What's on at ");

		String welsh = this.mvc.perform(get("/p/" + this.slug + "/events.ics?lang=cy"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		Calendar inWelsh = new CalendarBuilder().build(new StringReader(welsh));
		inWelsh.validate();
		assertThat(inWelsh.getProperty("X-WR-CALNAME").orElseThrow().getValue()).as("the calendar's name in Welsh")
			.endsWith(": beth sy'n digwydd");
		this.mvc.perform(get("/p/" + this.slug + "?lang=cy"))
			.andExpect(content().string(containsString("/p/" + this.slug + "/events.ics?lang=cy")));
	}

	@Test
	void theWindowPosterIsAnA4PdfWithTheFete() throws Exception {
		byte[] pdf = this.mvc.perform(get("/p/" + this.slug + "/poster.pdf"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();

		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(1);
			PDRectangle page = document.getPage(0).getMediaBox();
			assertThat(page.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(1f));
			assertThat(page.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(1f));
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Village Christmas fete", "Neuadd y Pentref", "Wales Air Ambulance",
					"Closed on Christmas Day");
			assertThat(text).doesNotContain("Secret stocktake", "Staff-only notice");
		}
	}

	@Test
	void staffAddAnEventAndTakingsThroughTheForms() throws Exception {
		this.mvc
			.perform(post("/community/events").with(user(this.staff))
				.with(csrf())
				.param("title", "Carol singing")
				.param("startsAt", "2026-12-20T18:30")
				.param("place", "The square")
				.param("shownPublicly", "true"))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("done", "community.done.eventAdded"));
		UUID campaign = this.board.campaigns(this.shop, true).get(0).id();
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/community/campaigns/" + campaign + "/takings").with(user(this.staff))
					.with(csrf())
					.param("key", "form-1")
					.param("takenOn", "2026-11-24")
					.param("amount", "7.50"))
				.andExpect(status().is3xxRedirection());
		}

		assertThat(this.board.campaign(this.shop, campaign).collectedMinor()).isEqualTo(12345 + 750);
		this.mvc.perform(get("/community").with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Carol singing")))
			.andExpect(content().string(containsString("Secret stocktake")))
			.andExpect(content().string(containsString("£130.95 raised of £500.00")));
		this.mvc.perform(get("/p/" + this.slug)).andExpect(content().string(containsString("Carol singing")));
	}

	@Test
	void aRefusalIsShownByItsField() throws Exception {
		UUID campaign = this.board.campaigns(this.shop, true).get(0).id();
		// The flash attributes live in the (JDBC) session: follow the redirect with its
		// cookie.
		MvcResult refused = this.mvc
			.perform(post("/community/campaigns/" + campaign + "/takings").with(user(this.staff))
				.with(csrf())
				.param("key", "form-2")
				.param("takenOn", "2026-11-24")
				.param("amount", "seven"))
			.andExpect(redirectedUrlPattern("/community*"))
			.andExpect(flash().attribute("refusedField", "amount"))
			.andReturn();
		jakarta.servlet.http.Cookie session = refused.getResponse().getCookie("SESSION");
		assertThat(session).isNotNull();

		this.mvc.perform(get("/community").cookie(session).with(user(this.staff)))
			.andExpect(content().string(containsString("Give an amount in pounds, like 12.50.")))
			.andExpect(content().string(containsString("field has-error")));
		assertThat(this.board.campaign(this.shop, campaign).collectedMinor()).isEqualTo(12345);
	}

	@Test
	void aTillAddsTakingsThroughTheApiOncePerKeyAndHearsWhichFieldIsWrong() throws Exception {
		String bearer = "Bearer " + this.tokens.create(this.shop, "Till 1", null);
		UUID campaign = this.board.campaigns(this.shop, true).get(0).id();
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/api/community/campaigns/" + campaign + "/takings").header("Authorization", bearer)
					.header("Idempotency-Key", "till-1-0001")
					.contentType("application/json")
					.content("{\"takenOn\":\"2026-11-24\",\"amountMinor\":250}"))
				.andExpect(status().isCreated())
				.andExpect(content().string(containsString("\"collectedMinor\":12595")));
		}
		this.mvc
			.perform(post("/api/community/campaigns/" + campaign + "/takings").header("Authorization", bearer)
				.header("Idempotency-Key", "till-1-0002")
				.contentType("application/json")
				.content("{\"takenOn\":\"2026-11-24\",\"amountMinor\":-5}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(content().string(containsString("\"field\":\"amountMinor\"")));
		this.mvc
			.perform(post("/api/community/campaigns/" + campaign + "/takings").header("Authorization", bearer)
				.contentType("application/json")
				.content("{\"takenOn\":\"2026-11-24\",\"amountMinor\":5}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("\"field\":\"Idempotency-Key\"")));
		this.mvc.perform(get("/api/community/events").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Village Christmas fete")))
			.andExpect(content().string(containsString("Secret stocktake")));
		this.mvc.perform(get("/api/community/campaigns")).andExpect(status().isUnauthorized());
		assertThat(this.board.campaign(this.shop, campaign).collectedMinor()).isEqualTo(12345 + 250);
	}

	@Test
	void theStaffPageNeedsSigningIn() throws Exception {
		this.mvc.perform(get("/community")).andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/community").with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
	}

}
