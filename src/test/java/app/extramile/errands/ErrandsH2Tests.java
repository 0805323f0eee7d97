package app.extramile.errands;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.Cookie;

import app.extramile.AppTest;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerId;
import app.extramile.team.Skill;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The errands contract on H2, plus the pages and the run sheet PDF (run once, on H2).
 */
@AppTest
class ErrandsH2Tests extends ErrandsContract {

	@Autowired
	MockMvc mvc;

	@Autowired
	MessageSource messages;

	@Autowired
	app.extramile.system.ApiTokens tokens;

	@Test
	void aDeliveryWithoutItemsIsExplainedByTheFieldAndAGoodOneIsAdded() throws Exception {
		String html = this.mvc
			.perform(post("/errands").param("customerId", this.gwen.toString())
				.param("kind", "DELIVERY")
				.param("items", "")
				.param("bags", "2")
				.param("on", this.today.toString())
				.param("from", "10:00")
				.param("to", "12:00")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		int error = html.indexOf("id=\"items-error\"");
		int field = html.indexOf("id=\"items\"");
		assertThat(error).isPositive().isLessThan(field);
		assertThat(html.substring(error, field))
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage("errands.refused.items", null, Locale.UK)));
		assertThat(html.substring(field, html.indexOf('>', field))).contains("aria-invalid=\"true\"");

		this.mvc
			.perform(post("/errands").param("customerId", this.gwen.toString())
				.param("kind", "DELIVERY")
				.param("items", "Bread, milk")
				.param("bags", "2")
				.param("charge", "2.50")
				.param("on", this.today.toString())
				.param("from", "10:00")
				.param("to", "12:00")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection());
		assertThat(this.errands.from(this.owner, this.today, 10)).singleElement()
			.satisfies((e) -> assertThat(e.chargePence()).isEqualTo(250));
	}

	@Test
	void aVolunteerSeesOnlyTheirErrandsAndNoCareDetails() throws Exception {
		UUID mine = delivery(this.gwen, this.today, 10, 1);
		CustomerId dai = customer("Dai Price", 52.41, -4.09);
		this.requests.request(this.owner, new ErrandRequests.Request(dai, ErrandKind.READ_POST, null, null, null,
				this.today, LocalTime.of(10, 0), LocalTime.of(11, 0), false, null, null));

		this.mvc.perform(get("/errands").with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Gwen Evans")))
			.andExpect(content().string(not(containsString("Dai Price"))))
			.andExpect(content().string(not(containsString("name=\"customerId\""))));
		this.mvc.perform(post("/errands/" + mine + "/accept").with(csrf()).with(user(this.gethin)))
			.andExpect(redirectedUrl("/errands/" + mine));
		this.mvc.perform(get("/errands/" + mine).with(user(this.nia))).andExpect(status().isForbidden());
		this.mvc
			.perform(post("/errands/" + mine + "/door").param("outcome", "OBSERVED")
				.param("observation", "")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"observation-error\"")));
		this.mvc
			.perform(post("/errands/" + mine + "/door").param("outcome", "DELIVERED")
				.param("minutes", "20")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(redirectedUrl("/errands/" + mine));
		assertThat(this.errands.get(this.shop, mine).doorOutcome()).isEqualTo(DoorOutcome.DELIVERED);
		this.mvc.perform(get("/errands/rounds").with(user(this.gethin))).andExpect(status().isForbidden());
	}

	@Test
	void theRoundPageDrawsThePlanAndTheRunSheetCarriesAccessNotesForItsDriverOnly() throws Exception {
		this.team.grantSkill(this.owner, this.niaMember, Skill.DRIVER, null);
		LocalDate friday = this.today.plusDays(3);
		careProfileWithAccessNotes(this.gwen, "Key safe 4321 by the back door");
		delivery(this.gwen, friday, 9, 2);
		delivery(customer("Dai Price", 52.4100, -4.0900), friday, 9, 1);
		delivery(customer("Bethan Lloyd", null, null), friday, 9, 1);

		this.mvc.perform(get("/errands/rounds").param("day", friday.toString()).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"latitude\"")));
		this.mvc
			.perform(post("/errands/rounds/place").param("day", friday.toString())
				.param("latitude", "north")
				.param("longitude", "-4.08")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"latitude-error\"")));
		this.mvc
			.perform(post("/errands/rounds/place").param("day", friday.toString())
				.param("latitude", "52.4153")
				.param("longitude", "-4.0829")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection());
		this.mvc
			.perform(post("/errands/rounds/plan").param("day", friday.toString())
				.param("driver", this.gethinMember.toString())
				.param("capacity-" + this.gethinMember, "10")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection());

		this.mvc.perform(get("/errands/rounds").param("day", friday.toString()).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<svg")))
			.andExpect(content().string(containsString("<line")))
			.andExpect(content().string(containsString("Gwen Evans")))
			.andExpect(content().string(containsString(HtmlUtils
				.htmlEscape(this.messages.getMessage("errands.rounds.reason.NO_LOCATION", null, Locale.UK)))));

		String sheet = pdfText(this.mvc
			.perform(get("/errands/rounds/sheet").param("day", friday.toString())
				.param("member", this.gethinMember.toString())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray());
		assertThat(sheet).contains("Gethin Jones", "Gwen Evans", "Dai Price", "Bread, milk", "Key safe 4321")
			.contains("Run sheet: Gethin Jones, " + friday.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.UK));
		String welsh = pdfText(this.mvc
			.perform(get("/errands/rounds/sheet").param("day", friday.toString())
				.param("member", this.gethinMember.toString())
				.cookie(new Cookie("extramile-language", "cy"))
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray());
		assertThat(welsh).as("the run sheet in Welsh")
			.contains("Taflen y rownd: Gethin Jones, dydd "
					+ friday.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.forLanguageTag("cy")).substring(5))
			.contains("Pwy a ble", "Sut i fynd i mewn: Key safe 4321", "Cyfrinachol: i'r gyrrwr hwn yn unig")
			.doesNotContain("Run sheet", "Who and where", "Confidential");
		assertThat(this.jdbc.sql("""
				select count(*) from care_access_log where shop_id = ? and customer_id = ? and account_id = ?
				and what = 'ACCESS_NOTES'""")
			.params(this.shop.value(), this.gwen.value(), this.gethin.accountId())
			.query(Integer.class)
			.single()).as("each sheet printed is a reveal, logged").isEqualTo(2);
		this.mvc
			.perform(get("/errands/rounds/sheet").param("day", friday.toString())
				.param("member", this.gethinMember.toString())
				.with(user(this.nia)))
			.andExpect(status().isForbidden());

		this.mvc.perform(get("/errands/my-round").param("day", friday.toString()).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Gwen Evans")))
			.andExpect(content().string(containsString("NO_ANSWER")));
	}

	@Test
	void aTillAsksForADeliveryThroughTheApiOncePerKeyAndHearsWhichFieldIsWrong() throws Exception {
		String bearer = "Bearer " + this.tokens.create(this.shop, "Till 1", null);
		String body = "{\"customerId\":\"" + this.gwen + "\",\"kind\":\"DELIVERY\",\"items\":\"Bread\",\"bags\":1,"
				+ "\"on\":\"" + this.today + "\",\"from\":\"10:00\",\"to\":\"12:00\"}";
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/api/errands").header("Authorization", bearer)
					.header("Idempotency-Key", "till-1-0001")
					.contentType("application/json")
					.content(body))
				.andExpect(status().isCreated())
				.andExpect(content().string(containsString("\"kind\":\"DELIVERY\"")));
		}
		assertThat(this.errands.from(this.owner, this.today, 10)).hasSize(1);
		this.mvc
			.perform(post("/api/errands").header("Authorization", bearer)
				.contentType("application/json")
				.content(body.replace("\"bags\":1", "\"bags\":0")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(content().string(containsString("\"field\":\"bags\"")));
		this.mvc.perform(get("/api/errands").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(this.gwen.toString())));
		for (String wrong : List.of(body.replace("\"bags\":1", "\"bags\":\"1\""),
				body.replace("\"bags\":1", "\"bags\":1.5"), body.replace("\"bags\":1", "\"bags\":1,\"bags\":9"))) {
			this.mvc.perform(
					post("/api/errands").header("Authorization", bearer).contentType("application/json").content(wrong))
				.andExpect(status().isBadRequest())
				.andExpect(header().string("Content-Type", containsString("application/problem+json")))
				.andExpect(content().string(containsString("\"field\":\"bags\"")));
		}
		this.mvc.perform(get("/api/errands").param("from", "next tuesday").header("Authorization", bearer))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", containsString("application/problem+json")))
			.andExpect(content().string(containsString("\"field\":\"from\"")));
		assertThat(this.errands.from(this.owner, this.today, 10)).hasSize(1);
	}

	@Test
	void aTeamMemberAsksTheTeamOnThePageAColleagueTakesItOnAndIsThankedInOneTap() throws Exception {
		this.mvc.perform(get("/errands").with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/errands/ask-team\"")));
		this.mvc.perform(get("/errands/ask-team").with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"what\"")))
			.andExpect(content().string(not(containsString("name=\"askedBy\""))));

		String html = this.mvc
			.perform(post("/errands/ask-team").param("kind", "COVER_SHIFT")
				.param("what", " ")
				.param("on", this.today.toString())
				.param("from", "13:00")
				.param("to", "17:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertErrorByField(html, "what", "errands.refused.what");
		html = this.mvc
			.perform(post("/errands/ask-team").param("kind", "COVER_SHIFT")
				.param("what", "Cover my Saturday afternoon")
				.param("on", this.today.toString())
				.param("from", "17:00")
				.param("to", "13:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertErrorByField(html, "to", "errands.refused.to");
		assertThat(html).contains("Cover my Saturday afternoon");
		html = this.mvc
			.perform(post("/errands/ask-team").param("askedBy", this.niaMember.toString())
				.param("kind", "COVER_SHIFT")
				.param("what", "Cover Nia")
				.param("on", this.today.toString())
				.param("from", "13:00")
				.param("to", "17:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"askedBy-error\"")
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage("errands.refused.askerOther", null, Locale.UK)));
		this.mvc
			.perform(post("/errands/ask-team").param("kind", "COVER_SHIFT")
				.param("what", "Cover my Saturday afternoon")
				.param("on", this.today.toString())
				.param("from", "13:00")
				.param("to", "17:00")
				.with(user(this.gethin)))
			.andExpect(status().isForbidden());
		assertThat(this.errands.from(this.owner, this.today, 10)).isEmpty();

		String location = this.mvc
			.perform(post("/errands/ask-team").param("kind", "COVER_SHIFT")
				.param("what", "Cover my Saturday afternoon")
				.param("on", this.today.toString())
				.param("from", "13:00")
				.param("to", "17:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		UUID id = UUID.fromString(location.substring("/errands/".length()));

		this.mvc.perform(get("/errands").with(user(this.nia)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Cover my Saturday afternoon")))
			.andExpect(content().string(containsString("/errands/" + id + "/accept")));
		this.mvc.perform(get("/errands/" + id).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("/errands/" + id + "/accept"))));
		this.mvc.perform(post("/errands/" + id + "/accept").with(csrf()).with(user(this.nia)))
			.andExpect(redirectedUrl("/errands/" + id));
		this.mvc.perform(get("/errands/" + id).with(user(this.nia)))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("name=\"outcome\""))))
			.andExpect(content().string(containsString("/errands/" + id + "/done")));
		this.mvc.perform(post("/errands/" + id + "/done").param("minutes", "240").with(csrf()).with(user(this.nia)))
			.andExpect(redirectedUrl("/errands/" + id));

		html = this.mvc.perform(get("/errands/" + id).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("action=\"/team/thanks\"")
			.contains("name=\"toMemberId\" value=\"" + this.niaMember + "\"")
			.contains("name=\"aboutId\" value=\"" + id + "\"")
			.contains("Thank Nia");
		this.mvc
			.perform(post("/team/thanks").param("toMemberId", this.niaMember.toString())
				.param("aboutKind", "ERRAND")
				.param("aboutId", id.toString())
				.param("note", "Thank you for covering my shift!")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(redirectedUrl("/team/thanks"));
		assertThat(this.recognition.recent(this.shop, 5)).singleElement().satisfies((t) -> {
			assertThat(t.toMemberId()).isEqualTo(this.niaMember);
			assertThat(t.aboutKind()).isEqualTo("ERRAND");
			assertThat(t.aboutId()).isEqualTo(id);
		});
		assertThat(this.mvc.perform(get("/team/thanks").with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).as("the owner may open the errand from the board")
			.containsPattern("<a [^>]*href=\"/errands/" + id + "\"[^>]*>about an errand</a>");
		assertThat(this.mvc.perform(get("/team/thanks").with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).as("a volunteer reads what it was about, without a link they may not open")
			.contains("about an errand")
			.doesNotContain("href=\"/errands/" + id + "\"");
		this.mvc
			.perform(get("/team/thanks").param("aboutKind", "ERRAND")
				.param("aboutId", id.toString())
				.param("toMemberId", this.niaMember.toString())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"" + this.niaMember + "\" selected")));
	}

	private void assertErrorByField(String html, String field, String key) {
		int error = html.indexOf("id=\"" + field + "-error\"");
		int input = html.indexOf("id=\"" + field + "\"");
		assertThat(error).as(field + " error").isPositive().isLessThan(input);
		assertThat(html.substring(error, input))
			.contains(HtmlUtils.htmlEscape(this.messages.getMessage(key, null, Locale.UK)));
		assertThat(html.substring(input, html.indexOf('>', input))).contains("aria-invalid=\"true\"");
	}

	private static String pdfText(byte[] pdf) throws Exception {
		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	@Test
	void afterNoAnswerThePageSaysNotDeliveredAndAsksWhatHappensNextRefusingABadDayByTheField() throws Exception {
		UUID id = delivery(this.gwen, this.today, 10, 1);
		this.offers.accept(this.gethin, id);
		this.mvc
			.perform(post("/errands/" + id + "/door").param("outcome", "NO_ANSWER")
				.param("back", "round")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(redirectedUrl("/errands/" + id));

		this.mvc.perform(get("/errands/" + id).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Not delivered: nobody answered")))
			.andExpect(content().string(containsString("a welfare check has been started")))
			.andExpect(content().string(containsString("Bring it back to the shop")))
			.andExpect(content().string(not(containsString("value=\"DELIVERED\""))));
		this.mvc
			.perform(post("/errands/" + id + "/next-step").param("step", "TRY_AGAIN")
				.param("on", "31/02/2026")
				.param("from", "16:00")
				.param("to", "18:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"retry-on-error\"")))
			.andExpect(content().string(containsString("value=\"31/02/2026\"")));
		String location = this.mvc
			.perform(post("/errands/" + id + "/next-step").param("step", "TRY_AGAIN")
				.param("on", this.today.plusDays(1).toString())
				.param("from", "16:00")
				.param("to", "18:00")
				.with(csrf())
				.with(user(this.gethin)))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith("/errands/").isNotEqualTo("/errands/" + id);
		this.mvc.perform(get("/errands/" + id).with(user(this.gethin)))
			.andExpect(content().string(containsString("To be tried again")))
			.andExpect(content().string(not(containsString("Bring it back to the shop"))));
	}

	@Test
	void anErrandNobodyCanTakeSaysSoWhenItIsAskedForAndIsGivenToSomeoneByName() throws Exception {
		String created = this.mvc
			.perform(post("/errands").param("customerId", this.gwen.toString())
				.param("kind", "READ_POST")
				.param("on", this.today.toString())
				.param("from", "14:00")
				.param("to", "15:00")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(created).as("straight to the errand, which says so").matches("/errands/[0-9a-f-]{36}");
		this.mvc.perform(get(created).with(user(this.owner)))
			.andExpect(content().string(containsString("Nobody on the team can take this: it needs a DBS check")))
			.andExpect(content().string(containsString("Give it to them")));
		this.mvc.perform(post(created + "/assign").param("member", "").with(csrf()).with(user(this.owner)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"member-error\"")));
		this.mvc
			.perform(post(created + "/assign").param("member", this.niaMember.toString())
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(redirectedUrl(created))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attribute("assignedTo", "Nia Morgan"));
		assertThat(
				this.errands.get(this.shop, UUID.fromString(created.substring("/errands/".length()))).assigneeMember())
			.isEqualTo(this.niaMember);
		this.mvc.perform(get(created).with(user(this.owner))).andExpect(content().string(containsString("Taken on")));
	}

	static final Pattern SECONDS = Pattern.compile("\\d{1,2}:\\d{2}:\\d{2}");

	long accessNotesReveals(CustomerId customer) {
		return this.jdbc
			.sql("select count(*) from care_access_log where shop_id = ? and customer_id = ? and what = 'ACCESS_NOTES'")
			.params(this.shop.value(), customer.value())
			.query(Long.class)
			.single();
	}

	@Test
	void myRoundShowsWhoWhereAMapAPhoneItemsAndBagsWithoutSecondsAndAccessNotesOnlyToItsDriverLogged()
			throws Exception {
		LocalDate friday = this.today.plusDays(3);
		this.customers.update(this.shop, this.gwen, new CustomerDetails(null, "Gwenllian Evans", "Gwen", "01970 600001",
				null, "1 Stryd Fawr", "Llan", "SY23 1AA", 52.42, -4.08, null, null, List.of()));
		careProfileWithAccessNotes(this.gwen, "Key safe 4321 by the back door");
		UUID errand = this.requests.request(this.owner,
				new ErrandRequests.Request(this.gwen, ErrandKind.DELIVERY, "Bread, milk, Western Mail", 3, null, friday,
						LocalTime.of(9, 0, 30), LocalTime.of(12, 0, 30), false, null, null));
		this.mvc
			.perform(post("/errands/rounds/place").param("day", friday.toString())
				.param("latitude", "52.4153")
				.param("longitude", "-4.0829")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection());
		this.mvc
			.perform(post("/errands/rounds/plan").param("day", friday.toString())
				.param("driver", this.gethinMember.toString())
				.param("capacity-" + this.gethinMember, "10")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().is3xxRedirection());

		String round = this.mvc
			.perform(get("/errands/my-round").param("day", friday.toString()).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(round).contains("Gwen (Gwenllian Evans)")
			.contains("1 Stryd Fawr, Llan, SY23 1AA")
			.contains("https://www.openstreetmap.org/?mlat=52.420000&amp;mlon=-4.080000#map=18/52.420000/-4.080000")
			.contains("href=\"tel:01970600001\"")
			.contains("Bread, milk, Western Mail")
			.contains("3 bags")
			.contains("Between 09:00 and 12:00")
			.contains("Show access notes")
			.doesNotContain("Key safe");
		assertThat(SECONDS.matcher(round).find()).as("a time with seconds on my round").isFalse();

		String reveal = "/errands/my-round/" + errand + "/access-notes";
		this.mvc.perform(post(reveal).param("day", friday.toString()).with(csrf()).with(user(this.nia)))
			.andExpect(status().isForbidden())
			.andExpect(content().string(not(containsString("Key safe"))));
		assertThat(accessNotesReveals(this.gwen)).as("not her round: nothing revealed").isZero();

		String revealed = this.mvc
			.perform(post(reveal).param("day", friday.toString()).with(csrf()).with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(revealed).contains("Key safe 4321 by the back door").contains("Gwen (Gwenllian Evans)");
		assertThat(SECONDS.matcher(revealed).find()).isFalse();
		assertThat(accessNotesReveals(this.gwen)).isEqualTo(1);

		String sheet = pdfText(this.mvc
			.perform(get("/errands/rounds/sheet").param("day", friday.toString())
				.param("member", this.gethinMember.toString())
				.with(user(this.gethin)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray());
		assertThat(sheet).contains("Gwen (Gwenllian Evans)", "1 Stryd Fawr, Llan, SY23 1AA", "09:00", "12:00");
		assertThat(SECONDS.matcher(sheet).find()).as("a time with seconds on the run sheet: " + sheet).isFalse();
	}

}
