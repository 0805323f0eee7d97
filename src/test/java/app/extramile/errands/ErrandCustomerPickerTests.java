package app.extramile.errands;

import java.util.List;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The errand form's customer is typed and chosen from a list rather than found in a long
 * select: the name as chosen is taken for that customer; a name that is nobody's (or two
 * people's) is refused by the field, which keeps what was typed. On H2, through the page.
 */
@AppTest(systemTime = true)
class ErrandCustomerPickerTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theCustomerIsTypedAndChosenAndAnUnknownOrSharedNameIsRefusedByTheField() throws Exception {
		ShopId shop = TestShops.create(this.jdbc);
		ShopUser staff = TestShops.user(shop, Role.STAFF);
		CustomerId gwen = register(shop, "Gwen Tudur", "1 Stryd y Capel");
		register(shop, "Huw Llwyd", "2 Heol y Felin");
		register(shop, "Huw Llwyd", "9 Lôn Goed");

		this.mvc.perform(get("/errands").with(user(staff)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("list=\"customerId-list\"")))
			.andExpect(content().string(containsString("<option value=\"Gwen Tudur (1 Stryd y Capel)\">")));

		this.mvc.perform(errand(staff, "Gwen Tudur (1 Stryd y Capel)")).andExpect(status().is3xxRedirection());
		assertThat(this.jdbc.sql("select customer_id from errand where shop_id = ?")
			.param(shop.value())
			.query(java.util.UUID.class)
			.list()).containsExactly(gwen.value());

		for (String nobody : new String[] { "Gwen Tudor", "Huw Llwyd" }) {
			this.mvc.perform(errand(staff, nobody))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"customerId-error\"")))
				.andExpect(content().string(containsString("value=\"" + nobody + "\"")))
				.andExpect(content().string(containsString("aria-invalid=\"true\"")));
		}
		this.mvc.perform(errand(staff, "huw llwyd (9 lôn goed)")).andExpect(status().is3xxRedirection());
		assertThat(this.jdbc.sql("select count(*) from errand where shop_id = ?")
			.param(shop.value())
			.query(Integer.class)
			.single()).isEqualTo(2);
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder errand(ShopUser staff,
			String customer) {
		return post("/errands").with(user(staff))
			.with(csrf())
			.param("customerId", customer)
			.param("kind", "DELIVERY")
			.param("items", "Milk and bread")
			.param("bags", "1")
			.param("on", "2026-12-18")
			.param("from", "10:00")
			.param("to", "12:00");
	}

	private CustomerId register(ShopId shop, String name, String address) {
		return this.customers.register(shop, new CustomerDetails(null, name, null, "01970 600001", null, address,
				"Llanfair Fach", null, null, null, null, null, List.of()));
	}

}
