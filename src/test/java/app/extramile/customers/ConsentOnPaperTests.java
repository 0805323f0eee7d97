package app.extramile.customers;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.shared.Pdf;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Consent for customers without email or a smartphone: the form printed in plain words
 * with the shop's details, the signed form recorded (the day, the witness, the scanned
 * page), and consent withdrawn the same way; bad input refused by the field with nothing
 * recorded.
 */
@AppTest(systemTime = true)
class ConsentOnPaperTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MessageSource messages;

	ShopId shop;

	ShopUser owner;

	ShopUser staff;

	CustomerId gwen;

	@BeforeEach
	void aShopWithItsDetailsAndACustomer() throws Exception {
		this.shop = TestShops.create(this.jdbc);
		UUID ownerAccount = this.accounts.create(this.shop, "owner-" + UUID.randomUUID(), "Eleri Owner", Role.OWNER,
				"a long enough password");
		this.owner = new ShopUser(ownerAccount, this.shop, "owner", "Eleri Owner", Role.OWNER, null);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.gwen = this.customers.register(this.shop, new CustomerDetails("G-1", "Gwen Davies", "Gwen", "01239 811111",
				null, "3 Stryd y Capel", "Llan", "SA41 3AA", null, null, null, null, List.of()));
		this.mvc
			.perform(post("/settings/shop").param("address", "Stryd Fawr, Llan SA41 3XX")
				.param("phone", "01239 820 000")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(redirectedUrl("/settings#shop-heading"));
	}

	@Test
	void thePrintedFormIsInPlainWordsWithTheShopsDetailsAndTheCustomersName() throws Exception {
		String path = "/customers/" + this.gwen.value() + "/consent/form.pdf";
		byte[] pdf = this.mvc.perform(get(path).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		String text = text(pdf).replaceAll("\\s+", " ");
		assertThat(text).contains("Gwen Davies", "3 Stryd y Capel", "Stryd Fawr, Llan SA41 3XX", "01239 820 000",
				"Check on you if you have not come in", "Ring the people you name", "Keep notes about your care",
				"Who sees it", "How to change your mind", "Your signature", "Witnessed by");
		assertThat(text).as("the shop's name in the title").contains("Test shop");

		this.mvc.perform(get(path).with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());
		ShopUser otherShopsStaff = TestShops.user(TestShops.create(this.jdbc), Role.STAFF);
		this.mvc.perform(get(path).with(user(otherShopsStaff))).andExpect(status().isNotFound());
	}

	@Test
	void aSignedFormIsRecordedWithItsDayWitnessAndScanAndWithdrawnTheSameWay() throws Exception {
		byte[] scan = Pdf.fromXhtml("<html><body><p>Signed, Gwen Davies</p></body></html>");
		String base = "/customers/" + this.gwen.value() + "/consent";
		this.mvc
			.perform(multipart(base).file(new MockMultipartFile("scan", "form.pdf", "application/pdf", scan))
				.param("welfareChecks", "true")
				.param("keepCareNotes", "true")
				.param("onPaper", "true")
				.param("signedOn", "2026-12-01")
				.param("witnessedBy", "Gethin Llwyd")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(redirectedUrl("/customers/" + this.gwen.value()));

		Consent consent = this.consents.current(this.shop, this.gwen).orElseThrow();
		assertThat(consent.welfareChecks()).isTrue();
		assertThat(consent.contactNamedPeople()).isFalse();
		assertThat(consent.keepCareNotes()).isTrue();
		assertThat(consent.signedOn()).isEqualTo(LocalDate.of(2026, 12, 1));
		assertThat(consent.witnessedBy()).isEqualTo("Gethin Llwyd");
		assertThat(consent.pages()).hasSize(1);

		String page = this.mvc.perform(get(base).with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("signed on paper on", "witnessed by Gethin Llwyd");
		String pagePath = base + "/pages/" + consent.pages().get(0).id();
		assertThat(page).contains(pagePath);
		byte[] back = this.mvc.perform(get(pagePath).with(user(this.staff)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andExpect(header().string("Cache-Control", "no-store"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(back).isEqualTo(scan);
		this.mvc.perform(get(pagePath).with(user(TestShops.user(this.shop, Role.VOLUNTEER))))
			.andExpect(status().isForbidden());

		// Withdrawn on paper a week later: consent ends, the withdrawal's page is kept
		byte[] photo = png();
		this.mvc
			.perform(multipart(base + "/revoke")
				.file(new MockMultipartFile("scan", "withdrawal.png", "image/png", photo))
				.param("withdrawnHow", "Brought the form back to the counter")
				.param("withdrawnOnPaper", "true")
				.param("withdrawnSignedOn", "2026-12-05")
				.param("withdrawnWitnessedBy", "Eleri Owner")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(redirectedUrl("/customers/" + this.gwen.value()));
		assertThat(this.consents.current(this.shop, this.gwen)).isEmpty();
		Consent withdrawn = this.consents.history(this.staff, this.gwen).get(0);
		assertThat(withdrawn.revokedAt()).isNotNull();
		assertThat(withdrawn.revokeSignedOn()).isEqualTo(LocalDate.of(2026, 12, 5));
		assertThat(withdrawn.revokeWitnessedBy()).isEqualTo("Eleri Owner");
		assertThat(withdrawn.revokedHow()).isEqualTo("Brought the form back to the counter");
		assertThat(withdrawn.pages()).extracting(Consent.Page::withdrawal).containsExactly(false, true);
		assertThat(this.mvc.perform(get(base).with(user(this.staff))).andReturn().getResponse().getContentAsString())
			.contains("withdrawn on paper on", "Eleri Owner", "The signed withdrawal");
	}

	@Test
	void aPaperConsentWithoutItsDayOrWitnessOrWithAFileThatIsNoScanIsRefusedByTheFieldAndNothingIsRecorded()
			throws Exception {
		String base = "/customers/" + this.gwen.value() + "/consent";
		String html = this.mvc.perform(multipart(base)
			.file(new MockMultipartFile("scan", "form.pdf", "application/pdf",
					"MZ this is a program, not a scan".getBytes()))
			.param("welfareChecks", "true")
			.param("onPaper", "true")
			.param("signedOn", "")
			.param("witnessedBy", "  ")
			.param("howGiven", "typed and kept")
			.with(csrf())
			.with(user(this.staff))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(html).contains("id=\"signedOn-error\"", "id=\"witnessedBy-error\"")
			.contains(message("consent.paper.signedOn.missing"), message("consent.paper.witnessedBy.missing"),
					message("consent.paper.scan.type"))
			.contains("value=\"typed and kept\"");
		assertThat(this.consents.current(this.shop, this.gwen)).isEmpty();

		String future = LocalDate.now().plusDays(10).toString();
		html = this.mvc
			.perform(multipart(base).param("welfareChecks", "true")
				.param("onPaper", "true")
				.param("signedOn", future)
				.param("witnessedBy", "Gethin")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains(message("consent.paper.signedOn.future")).contains("value=\"" + future + "\"");

		html = this.mvc.perform(multipart(base).param("welfareChecks", "true").with(csrf()).with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).as("said in person, how is needed").contains("id=\"howGiven-error\"");

		byte[] tooLarge = new byte[Consent.Scan.MAX_BYTES + 1];
		tooLarge[0] = '%';
		tooLarge[1] = 'P';
		tooLarge[2] = 'D';
		tooLarge[3] = 'F';
		html = this.mvc
			.perform(multipart(base).file(new MockMultipartFile("scan", "big.pdf", "application/pdf", tooLarge))
				.param("onPaper", "true")
				.param("signedOn", "2026-12-01")
				.param("witnessedBy", "Gethin")
				.with(csrf())
				.with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains(message("consent.paper.scan.tooLarge"));
		assertThat(this.consents.current(this.shop, this.gwen)).as("nothing half-recorded").isEmpty();
		assertThat(this.jdbc.sql("select count(*) from consent_page where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theShopsDetailsAreTheOwnersToChangeAndABadPhoneIsRefusedByItsField() throws Exception {
		this.mvc.perform(post("/settings/shop").param("address", "x").with(csrf()).with(user(this.staff)))
			.andExpect(status().isForbidden());
		String html = this.mvc
			.perform(post("/settings/shop").param("address", "Stryd Newydd")
				.param("phone", "ring me maybe")
				.with(csrf())
				.with(user(this.owner)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("id=\"phone-error\"").contains("value=\"ring me maybe\"");
		assertThat(this.jdbc.sql("select address from shop where id = ?")
			.param(this.shop.value())
			.query(String.class)
			.single()).as("unchanged").isEqualTo("Stryd Fawr, Llan SA41 3XX");
	}

	private String message(String key) {
		return HtmlUtils.htmlEscape(this.messages.getMessage(key, null, Locale.UK));
	}

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	private static byte[] png() throws IOException {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
