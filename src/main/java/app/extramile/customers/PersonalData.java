package app.extramile.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import app.extramile.shared.ShopId;

/**
 * A module that keeps data about a customer answers for it here, so the customer's data
 * rights (UK GDPR) reach every module without the customers module reading anyone else's
 * tables: each module implements this as a bean of its own and {@link CustomerRecords}
 * asks them all.
 */
public interface PersonalData {

	/**
	 * Everything this module holds about one customer of one shop: each part (a file of
	 * the export, such as {@code visits}) with its rows, column name to value.
	 */
	Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer);

	/**
	 * Removes or irreversibly pseudonymises what this module holds about the customer:
	 * every name, phone number, address and free text goes; counts, money and ids may
	 * stay (the ledger stays balanced, impact keeps its totals). Runs again at every
	 * start for every erased customer, so it must be idempotent and cheap when there is
	 * nothing left.
	 */
	void erase(ShopId shop, CustomerId customer);

	/**
	 * For a module that keeps text it cannot tie to a customer by id (a till file as it
	 * was uploaded): removes what names the customer, found by what identified her.
	 * Called just before her own record is blanked (at erasure, and again at every start
	 * while an older backup still holds her details). Does nothing by default.
	 */
	default void eraseMentions(ShopId shop, CustomerId customer, Mentions mentions) {
	}

	/**
	 * What identified a customer before erasure: her card reference, full name and phone
	 * numbers (any may be null).
	 */
	record Mentions(String reference, String name, String phone, String mobile) {
	}

	/**
	 * Removes at most {@code limit} rows this module keeps past the shop's
	 * {@link Retention}, in one short transaction of its own caller, so a long clean-up
	 * never holds locks the counter needs. Idempotent.
	 * @return how many were removed (fewer than {@code limit}: nothing more to do)
	 */
	default int removeExpired(ShopId shop, Retention retention, Instant now, int limit) {
		return 0;
	}

}
