package app.extramile.customers;

import java.time.LocalDate;
import java.util.List;

import app.extramile.TestShops;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the customer directory promises, run on H2 and on PostgreSQL by the subclasses.
 */
abstract class CustomerDirectoryContract {

	@Autowired
	CustomerDirectory customers;

	@Autowired
	AwayNotices awayNotices;

	@Autowired
	Consents consents;

	@Autowired
	MissedVisitPlans missedVisitPlans;

	@Autowired
	CareProfiles careProfiles;

	@Autowired
	JdbcClient jdbc;

	ShopId shop;

	ShopUser staff;

	ShopUser volunteer;

	@BeforeEach
	void newShop() {
		this.shop = TestShops.create(this.jdbc);
		this.staff = TestShops.user(this.shop, Role.STAFF);
		this.volunteer = TestShops.user(this.shop, Role.VOLUNTEER);
	}

	CustomerId register(String name, String preferred, String reference) {
		return this.customers.register(this.shop,
				new CustomerDetails(reference, name, preferred, "01970 600001", null, "3 Stryd y Capel",
						"Llanfair Fach", "SY23 1AB", 52.4, -4.08, LocalDate.of(1936, 5, 2), null,
						List.of("pensioner")));
	}

	@Test
	void findsCustomersByAnyPartOfTheirNameOrByTheirCard() {
		CustomerId gwen = register("Gwen Prydderch", "Nan", "SYL0001");
		register("Dafydd Llwyd", null, "SYL0002");

		assertThat(this.customers.search(this.shop, "pr", 10)).extracting(Customer::id).containsExactly(gwen);
		assertThat(this.customers.search(this.shop, "NAN", 10)).extracting(Customer::id).containsExactly(gwen);
		assertThat(this.customers.search(this.shop, "syl0001", 10)).extracting(Customer::id).containsExactly(gwen);
		assertThat(this.customers.search(this.shop, "100%", 10)).isEmpty();
	}

	CustomerId bornOn(String name, LocalDate birthday) {
		return this.customers.register(this.shop, new CustomerDetails(null, name, null, null, null, null, null, null,
				null, null, birthday, null, List.of()));
	}

	@Test
	void birthdaysInTheComingWeekSoonestFirstAcrossTheNewYearAndTheTwentyNinthOfFebruary() {
		LocalDate friday = LocalDate.of(2026, 12, 25);
		CustomerId nadolig = bornOn("Nadolig Evans", LocalDate.of(1940, 12, 25));
		CustomerId calan = bornOn("Calan Jones", LocalDate.of(1950, 1, 1));
		bornOn("Later Lewis", LocalDate.of(1950, 1, 2));
		bornOn("Earlier Owen", LocalDate.of(1950, 12, 24));
		CustomerId archived = bornOn("Gone Hughes", LocalDate.of(1950, 12, 26));
		this.customers.archive(this.shop, archived);

		assertThat(this.customers.birthdays(this.shop, friday, 7)).extracting((b) -> b.customer().id())
			.containsExactly(nadolig, calan);
		assertThat(this.customers.birthdays(this.shop, friday, 7)).first()
			.satisfies((b) -> assertThat(b.age()).isEqualTo(86))
			.satisfies((b) -> assertThat(b.on()).isEqualTo(friday));
		assertThat(this.customers.birthdays(TestShops.create(this.jdbc), friday, 7)).isEmpty();

		CustomerId leap = bornOn("Leap Price", LocalDate.of(1944, 2, 29));
		assertThat(this.customers.birthdays(this.shop, LocalDate.of(2027, 2, 25), 6))
			.extracting((b) -> b.customer().id())
			.containsExactly(leap);
		assertThat(this.customers.birthdays(this.shop, LocalDate.of(2027, 2, 25), 6).get(0).on())
			.isEqualTo(LocalDate.of(2027, 2, 28));
	}

	@Test
	void neverShowsOneShopsCustomersToAnother() {
		CustomerId gwen = register("Gwen Prydderch", null, "SYL0001");
		ShopId otherShop = TestShops.create(this.jdbc);

		assertThat(this.customers.search(otherShop, "gwen", 10)).isEmpty();
		assertThat(this.customers.find(otherShop, gwen)).isEmpty();
		assertThatThrownBy(() -> this.customers.get(otherShop, gwen)).isInstanceOf(NotFoundException.class);
	}

	@Test
	void archivedCustomersLeaveSearchesUntilRestored() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		this.customers.archive(this.shop, gwen);
		assertThat(this.customers.search(this.shop, "gwen", 10)).isEmpty();
		this.customers.restore(this.shop, gwen);
		assertThat(this.customers.search(this.shop, "gwen", 10)).hasSize(1);
	}

	@Test
	void refusesCareDetailsWithoutConsentToKeepThem() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		CareProfile profile = new CareProfile(true, false, true, true, null, "Short-sighted", null, null, null,
				"Daughter visits Sundays", "Key safe 1234");

		assertThatThrownBy(() -> this.careProfiles.save(this.staff, gwen, profile))
			.isInstanceOf(ConsentMissingException.class);
		this.consents.record(this.staff, gwen, true, false, false, "spoken");
		assertThatThrownBy(() -> this.careProfiles.save(this.staff, gwen, profile))
			.isInstanceOf(ConsentMissingException.class);
		assertThatThrownBy(() -> this.missedVisitPlans.addContact(this.staff, gwen, "Nia",
				Contact.Relationship.NEIGHBOUR, "01970 600002", true))
			.isInstanceOf(ConsentMissingException.class);
		assertThat(this.careProfiles.forShowing(this.staff, gwen)).isEmpty();

		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen, profile);
		assertThat(this.careProfiles.forShowing(this.staff, gwen)).hasValueSatisfying((care) -> {
			assertThat(care.livesAlone()).isTrue();
			assertThat(care.careNotes()).as("notes need a logged reveal").isNull();
			assertThat(care.accessNotes()).isNull();
		});
	}

	@Test
	void withdrawingConsentErasesWhatItCovered() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen,
				new CareProfile(true, false, false, false, null, null, null, null, null, "notes", "key"));
		this.missedVisitPlans.addContact(this.staff, gwen, "Nia", Contact.Relationship.NEIGHBOUR, "01970 600002", true);

		this.consents.record(this.staff, gwen, true, true, false, "changed her mind about notes");
		assertThat(this.careProfiles.forShowing(this.staff, gwen)).isEmpty();
		assertThat(this.missedVisitPlans.contacts(this.staff, gwen)).hasSize(1);

		this.consents.revoke(this.staff, gwen);
		assertThat(this.missedVisitPlans.contacts(this.staff, gwen)).isEmpty();
		assertThat(this.consents.current(this.shop, gwen)).isEmpty();
		assertThat(this.consents.history(this.staff, gwen)).hasSize(2)
			.allSatisfy((c) -> assertThat(c.active()).isFalse());
	}

	@Test
	void logsEveryRevealOfCareAndAccessNotes() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen, new CareProfile(true, false, false, false, null, null, null, null,
				null, "Daughter visits", "Key safe"));

		assertThat(this.careProfiles.revealCareNotes(this.staff, gwen)).contains("Daughter visits");
		assertThat(this.careProfiles.revealAccessNotes(this.staff, gwen)).contains("Key safe");

		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		assertThat(this.careProfiles.careAccessLog(owner, 10)).extracting(CareProfiles.CareAccess::what)
			.containsExactlyInAnyOrder("CARE_NOTES", "ACCESS_NOTES");
		assertThat(this.careProfiles.careAccessLog(owner, 10))
			.allSatisfy((access) -> assertThat(access.accountId()).isEqualTo(this.staff.accountId()));
	}

	@Test
	void logsTheCareProfileAndTheCareFlagsShown() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		CustomerId dafydd = register("Dafydd Llwyd", null, null);
		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen,
				new CareProfile(false, false, false, false, null, "Short-sighted", null, null, null, null, null));

		assertThat(this.careProfiles.forShowing(this.staff, gwen))
			.hasValueSatisfying((profile) -> assertThat(profile.sightNotes()).isEqualTo("Short-sighted"));
		assertThat(this.careProfiles.forShowing(this.staff, dafydd)).isEmpty();
		this.careProfiles.careFlagsShown(this.staff, List.of(gwen));

		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		assertThat(this.careProfiles.careAccessLog(owner, 10)).extracting(CareProfiles.CareAccess::what)
			.containsExactlyInAnyOrder("CARE_PROFILE", "CARE_FLAGS");
		assertThat(this.careProfiles.careAccessLog(owner, 10)).allSatisfy((access) -> {
			assertThat(access.accountId()).isEqualTo(this.staff.accountId());
			assertThat(access.customerId()).isEqualTo(gwen);
		});
		assertThatThrownBy(() -> this.careProfiles.careFlagsShown(this.volunteer, List.of(gwen)))
			.isInstanceOf(AccessDeniedException.class);
	}

	@Test
	void volunteersNeverReachCareData() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		this.consents.record(this.staff, gwen, true, true, true, "spoken");
		this.careProfiles.save(this.staff, gwen,
				new CareProfile(true, false, false, false, null, null, null, null, null, "notes", "key"));

		assertThatThrownBy(() -> this.careProfiles.revealCareNotes(this.volunteer, gwen))
			.isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> this.careProfiles.revealAccessNotes(this.volunteer, gwen))
			.isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> this.careProfiles.forShowing(this.volunteer, gwen))
			.isInstanceOf(AccessDeniedException.class);
		assertThatThrownBy(() -> this.missedVisitPlans.contacts(this.volunteer, gwen))
			.isInstanceOf(AccessDeniedException.class);
		assertThat(this.careProfiles.careAccessLog(TestShops.user(this.shop, Role.OWNER), 10)).isEmpty();
	}

	@Test
	void contactsAreRungInTheOrderStaffSet() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		this.consents.record(this.staff, gwen, true, true, false, "spoken");
		this.missedVisitPlans.addContact(this.staff, gwen, "Nia", Contact.Relationship.NEIGHBOUR, "01970 600002",
				false);
		this.missedVisitPlans.addContact(this.staff, gwen, "Huw", Contact.Relationship.FAMILY, "07700 900001", false);
		var keyholder = this.missedVisitPlans.addContact(this.staff, gwen, "Mair", Contact.Relationship.KEYHOLDER,
				"01970 600003", true);

		this.missedVisitPlans.ringEarlier(this.staff, gwen, keyholder);
		assertThat(this.missedVisitPlans.contacts(this.staff, gwen)).extracting(Contact::name)
			.containsExactly("Nia", "Mair", "Huw");
	}

	@Test
	void awayNoticesCoverTheirDaysAndCanBeCancelled() {
		CustomerId gwen = register("Gwen Prydderch", null, null);
		var notice = this.awayNotices.record(this.staff, gwen, AwayNotice.Reason.HOSPITAL, LocalDate.of(2026, 11, 20),
				LocalDate.of(2026, 11, 27), null);
		assertThat(this.awayNotices.of(this.shop, gwen, LocalDate.of(2026, 11, 24))).singleElement()
			.satisfies((away) -> assertThat(away.covers(LocalDate.of(2026, 11, 27))).isTrue());
		this.awayNotices.cancel(this.staff, gwen, notice);
		assertThat(this.awayNotices.of(this.shop, gwen, LocalDate.of(2026, 11, 24))).isEmpty();
	}

}
