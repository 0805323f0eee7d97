package app.extramile.customers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.absences.AbsenceSweep;
import app.extramile.errands.ErrandKind;
import app.extramile.errands.ErrandRequests;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import app.extramile.welfare.WelfareChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every view of care data is in the care access log, not only reveals of care and access
 * notes: the care profile on the customer page and its form, the care flags on Who's
 * missing. Each row says who, whose, what and when; pages that show no care data write
 * none.
 */
@AppTest(systemTime = true)
class CareViewsAreLoggedTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	@Autowired
	MockMvc mvc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	Consents consents;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	VisitBatches visits;

	@Autowired
	AbsenceSweep sweep;

	@Autowired
	WelfareChecks checks;

	@Autowired
	ErrandRequests requests;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser staff;

	CustomerId gwen;

	CustomerId dafydd;

	record Row(UUID accountId, UUID customerId, String what, Instant at) {
	}

	@BeforeEach
	void gwenWithACareProfileAndDafyddWithout() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		LocalDate lastSeen = LocalDate.now(LONDON).minusDays(10);
		this.gwen = weekdayRegular("Gwen Prydderch", lastSeen);
		this.dafydd = weekdayRegular("Dafydd Llwyd", lastSeen);
		this.consents.record(this.staff, this.gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, this.gwen, new CareProfile(true, false, false, false, "Walks with a stick",
				"Short-sighted", null, null, null, "Daughter visits", "Key safe 4321"));
		this.sweep.sweep(this.shop, Instant.now());
	}

	CustomerId weekdayRegular(String name, LocalDate lastDay) {
		CustomerId id = this.customers.register(this.shop, new CustomerDetails(null, name, null, "01970 600001", null,
				"3 Stryd y Capel", null, null, null, null, null, null, List.of()));
		List<IncomingVisit> history = new ArrayList<>();
		for (LocalDate day = lastDay.minusDays(120); !day.isAfter(lastDay); day = day.plusDays(1)) {
			if (day.getDayOfWeek().getValue() <= 5) {
				Instant at = day.atTime(9, 10).atZone(LONDON).toInstant();
				history.add(new IncomingVisit(name + ":" + at, id, at, null));
			}
		}
		this.visits.add(this.shop, Visit.Source.IMPORT, history);
		return id;
	}

	List<Row> log() {
		return this.jdbc
			.sql("select account_id, customer_id, what, at from care_access_log where shop_id = ? "
					+ "order by at, what")
			.param(this.shop.value())
			.query((rs, n) -> new Row(rs.getObject("account_id", UUID.class), rs.getObject("customer_id", UUID.class),
					rs.getString("what"), rs.getTimestamp("at").toInstant()))
			.list();
	}

	void view(String path) throws Exception {
		this.mvc.perform(get(path).with(user(this.staff))).andExpect(status().isOk());
	}

	@Test
	void theCustomerPageLogsTheCareProfileItShows() throws Exception {
		Instant before = Instant.now().minusSeconds(1);
		view("/customers/" + this.gwen.value());
		Instant after = Instant.now().plusSeconds(1);

		assertThat(log()).singleElement().satisfies((row) -> {
			assertThat(row.accountId()).isEqualTo(this.staff.accountId());
			assertThat(row.customerId()).isEqualTo(this.gwen.value());
			assertThat(row.what()).isEqualTo("CARE_PROFILE");
			assertThat(row.at()).isBetween(before, after);
		});

		view("/customers/" + this.dafydd.value());
		assertThat(log()).as("Dafydd has no care profile: nothing shown, nothing logged").hasSize(1);
	}

	@Test
	void theCareFormLogsTheProfileAndBothNotes() throws Exception {
		view("/customers/" + this.gwen.value() + "/care/edit");

		assertThat(log()).extracting(Row::what).containsExactlyInAnyOrder("CARE_PROFILE", "CARE_NOTES", "ACCESS_NOTES");
		assertThat(log()).allSatisfy((row) -> {
			assertThat(row.accountId()).isEqualTo(this.staff.accountId());
			assertThat(row.customerId()).isEqualTo(this.gwen.value());
		});
	}

	@Test
	void whosMissingLogsTheCareFlagsItShows() throws Exception {
		String page = this.mvc.perform(get("/missing").with(user(this.staff)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).as("both are missing").contains("Gwen Prydderch").contains("Dafydd Llwyd");

		assertThat(log()).singleElement().satisfies((row) -> {
			assertThat(row.accountId()).isEqualTo(this.staff.accountId());
			assertThat(row.customerId()).as("only Gwen has a badge").isEqualTo(this.gwen.value());
			assertThat(row.what()).isEqualTo("CARE_FLAGS");
		});
	}

	@Test
	void pagesThatShowNoCareDataLogNothing() throws Exception {
		UUID check = this.checks.openByHand(this.staff, this.gwen);
		UUID step = this.checks.check(this.shop, check).steps().get(0).id();
		UUID errand = this.requests.request(this.staff,
				new ErrandRequests.Request(this.gwen, ErrandKind.DELIVERY, "Bread, milk", 1, null,
						LocalDate.now(LONDON).plusDays(1), java.time.LocalTime.of(10, 0), java.time.LocalTime.of(12, 0),
						false, null, null));
		for (String path : List.of("/today", "/customers", "/checks", "/checks/" + check, "/checks/steps/" + step,
				"/alarms", "/errands", "/errands/" + errand, "/customers/" + this.gwen.value() + "/timeline")) {
			view(path);
		}

		assertThat(log()).isEmpty();
	}

}
