package app.extramile.journeys;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import app.extramile.RequiresChromium;
import app.extramile.TestDatabases;
import app.extramile.customers.Consents;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's data rights as the owner uses them, in Chromium on the demo village: from
 * the customer's page she downloads everything held (a ZIP of JSON files and a PDF
 * summary), records that consent is withdrawn, then erases the customer, who is gone from
 * the customer list. Every page on the way passes axe-core.
 */
@RequiresChromium
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "extramile.demo.enabled=true")
class DataRightsJourneyTests {

	private static Browsing chromium;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

	@BeforeAll
	static void launchChromium() throws Exception {
		chromium = Browsing.launch("data-rights");
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void theOwnerExportsRecordsWithdrawnConsentAndErasesACustomer() throws Exception {
		String surname = "Pennaeth" + UUID.randomUUID().toString().substring(0, 6);
		String name = "Olwen " + surname;
		CustomerId olwen = customerWithConsent(name);

		{
			Page page = chromium.open(Browsing.Screen.DESKTOP);
			page.navigate(url("/login"));
			page.getByLabel("Username").fill("owner");
			page.getByLabel("Password").fill("demo");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
			page.waitForURL(Pattern.compile(".*/today$"));

			page.navigate(url("/customers?q=" + surname));
			chromium.check(page, "the-customer-list");
			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)).first().click();
			page.waitForURL(Pattern.compile(".*/customers/" + olwen.value() + "$"));
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Their data rights")))
				.isVisible();
			chromium.check(page, "the-customer-s-page");

			Download download = page.waitForDownload(
					() -> page
						.getByRole(AriaRole.LINK,
								new Page.GetByRoleOptions()
									.setName("Download everything held about them (ZIP with a PDF summary)"))
						.click());
			List<String> entries = new ArrayList<>();
			byte[] pdf = null;
			try (ZipInputStream zip = new ZipInputStream(
					new ByteArrayInputStream(Files.readAllBytes(download.path())))) {
				for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
					entries.add(entry.getName());
					byte[] bytes = zip.readAllBytes();
					if (entry.getName().endsWith(".pdf")) {
						pdf = bytes;
					}
					else if (entry.getName().equals("profile.json")) {
						assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains(surname);
					}
				}
			}
			assertThat(download.suggestedFilename()).endsWith(".zip");
			assertThat(entries).contains("profile.json", "visits.json").anyMatch((e) -> e.endsWith(".pdf"));
			assertThat(entries.stream().filter((e) -> e.endsWith(".json")).count()).isGreaterThan(5);
			assertThat(pdf).isNotNull();
			assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Record consent")).click();
			page.waitForURL(Pattern.compile(".*/customers/" + olwen.value() + "/consent$"));
			chromium.check(page, "the-consent-page");
			page.getByRole(AriaRole.BUTTON,
					new Page.GetByRoleOptions().setName(Pattern.compile("^Withdraw all consent")))
				.click();
			page.waitForURL(Pattern.compile(".*/customers/" + olwen.value() + "$"));
			assertThat(this.jdbc.sql("select count(*) from consent where customer_id = ? and revoked_at is not null")
				.param(olwen.value())
				.query(Long.class)
				.single()).as("consent withdrawn").isPositive();
			chromium.check(page, "the-customer-s-page-after-consent-was-withdrawn");

			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Erase this customer")).click();
			page.waitForURL(Pattern.compile(".*/customers/" + olwen.value() + "/erase$"));
			chromium.check(page, "the-erase-page");
			page.getByLabel(Pattern.compile("^Type their name")).fill("Olwen Someone Else");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Erase for good")).click();
			assertThat(page.getByText("That is not their name as it is written here.")).isVisible();
			chromium.check(page, "the-erase-page-refusing-a-wrong-name");
			page.getByLabel(Pattern.compile("^Type their name")).fill(name);
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Erase for good")).click();
			page.waitForURL(Pattern.compile(".*/customers/" + olwen.value() + "\\?erased$"));
			assertThat(page.getByText(Pattern.compile("^This customer was erased on"))).isVisible();
			assertThat(page.locator("main")).not().containsText(surname);
			chromium.check(page, "the-erased-customer-s-page");

			page.navigate(url("/customers?q=" + surname));
			assertThat(page.locator("main")).not().containsText(surname);
			page.navigate(url("/customers"));
			assertThat(page.locator("main")).not().containsText(surname);
			assertThat(this.jdbc.sql("select name from customer where id = ?")
				.param(olwen.value())
				.query(String.class)
				.single()).isEqualTo("-");
		}
	}

	private CustomerId customerWithConsent(String name) {
		record Owner(UUID id, UUID shop) {
		}
		Owner owner = this.jdbc.sql("select id, shop_id from account where username = 'owner'")
			.query((rs, n) -> new Owner(rs.getObject("id", UUID.class), rs.getObject("shop_id", UUID.class)))
			.single();
		ShopId shop = new ShopId(owner.shop());
		CustomerId id = this.customers.register(shop,
				new CustomerDetails("CARD-" + UUID.randomUUID().toString().substring(0, 6), name, "Olwen",
						"01970 611223", null, "2 Lôn y Felin", "Llanfair Fach", "SY23 1AB", null, null,
						LocalDate.of(1938, 4, 9), null, List.of()));
		this.consents.record(new ShopUser(owner.id(), shop, "owner", "Owner", Role.OWNER, null), id, true, true, true,
				"Spoken, at the counter");
		return id;
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
