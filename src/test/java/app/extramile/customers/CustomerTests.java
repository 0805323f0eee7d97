package app.extramile.customers;

import java.util.List;
import java.util.UUID;

import app.extramile.shared.ShopId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the person at the door reads: the name as people say it, the address, a map link
 * and a number to ring.
 */
class CustomerTests {

	static Customer customer(String name, String preferred, String phone, String mobile, String postcode, Double lat,
			Double lon) {
		return new Customer(new CustomerId(UUID.randomUUID()), new ShopId(UUID.randomUUID()), null, name, preferred,
				phone, mobile, "3 Stryd y Capel", "Llan", postcode, lat, lon, null, null, List.of(), null);
	}

	@Test
	void theNameAsPeopleSayItIsThePreferredNameWithTheFullNameNeverATitleAlone() {
		assertThat(customer("Gwenllian Prydderch", "Gwen", null, null, null, null, null).sayName())
			.isEqualTo("Gwen (Gwenllian Prydderch)");
		assertThat(customer("Gwenllian Prydderch", null, null, null, null, null, null).sayName())
			.isEqualTo("Gwenllian Prydderch");
		assertThat(customer("Gwenllian Prydderch", " ", null, null, null, null, null).sayName())
			.isEqualTo("Gwenllian Prydderch");
		assertThat(customer("Gwenllian Prydderch", "gwenllian prydderch", null, null, null, null, null).sayName())
			.isEqualTo("Gwenllian Prydderch");
		for (String title : List.of("Mrs", "Mr.", "MISS", "Ms", "Dr")) {
			assertThat(customer("Gwenllian Prydderch", title, null, null, null, null, null).sayName()).as(title)
				.isEqualTo("Gwenllian Prydderch");
		}
		assertThat(customer("Ifor Hughes", "Mr Hughes", null, null, null, null, null).sayName())
			.isEqualTo("Mr Hughes (Ifor Hughes)");
	}

	@Test
	void theMapLinkIsThePinWhenKnownElseASearchForTheAddressAndPostcode() {
		assertThat(customer("Gwen", null, null, null, "SY23 1AA", 52.41, -4.08).mapUrl())
			.isEqualTo("https://www.openstreetmap.org/?mlat=52.410000&mlon=-4.080000#map=18/52.410000/-4.080000");
		assertThat(customer("Gwen", null, null, null, "SY23 1AA", null, null).mapUrl())
			.isEqualTo("https://www.openstreetmap.org/search?query=3+Stryd+y+Capel%2C+Llan%2C+SY23+1AA");
		assertThat(customer("Gwen", null, null, null, null, null, null).fullAddress())
			.isEqualTo("3 Stryd y Capel, Llan");
	}

	@Test
	void theNumberToRingIsTheLandlineElseTheMobileAsATelLink() {
		assertThat(customer("Gwen", null, "01970 600001", "07700 900001", null, null, null).telUrl())
			.isEqualTo("tel:01970600001");
		assertThat(customer("Gwen", null, null, "+44 7700 900001", null, null, null).telUrl())
			.isEqualTo("tel:+447700900001");
		assertThat(customer("Gwen", null, null, null, null, null, null).telUrl()).isNull();
	}

}
