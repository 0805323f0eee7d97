package app.extramile.customers;

import java.time.Clock;
import java.util.UUID;

import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the care access log: one row each time someone is shown a customer's care data
 * ({@code CARE_PROFILE}, {@code CARE_NOTES}, {@code ACCESS_NOTES}, {@code CARE_FLAGS}).
 * Read by owners through {@link CareProfiles#careAccessLog}.
 */
@Component
class CareAccessLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	CareAccessLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Logs that a signed-in person was shown {@code what} of this customer's care data.
	 */
	void write(ShopUser reader, CustomerId id, String what) {
		writeForResponder(reader.shopId(), id, reader.accountId(), what);
	}

	/**
	 * Logs a reveal to a responder, who may not have a login: {@code readerId} is their
	 * account id or, without one, their team member id.
	 */
	void writeForResponder(ShopId shop, CustomerId id, UUID readerId, String what) {
		this.jdbc.sql("""
				insert into care_access_log (id, shop_id, customer_id, account_id, what, at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), id.value(), readerId, what, Times.column(this.clock.instant()))
			.update();
	}

}
