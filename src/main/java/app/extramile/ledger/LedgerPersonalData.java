package app.extramile.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.customers.PersonalData;
import app.extramile.shared.ShopId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger entries in her name: gift certificates she bought or was given (with their
 * postings), gifts and her occasions. Erasure keeps every posting and balance (the ledger
 * stays balanced and append-only in amounts) but the names go: the names on her
 * certificates, the memos of their postings, what she was given; her occasions are
 * deleted.
 */
@Component
@Transactional
class LedgerPersonalData implements PersonalData {

	private static final String HER_CERTIFICATES = """
			select account_id from gift_certificate where shop_id = ? and (buyer_customer_id = ? or recipient_customer_id = ?)""";

	private final JdbcClient jdbc;

	LedgerPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<String, List<Map<String, Object>>> export(ShopId shop, CustomerId customer) {
		UUID id = customer.value();
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
		parts.put("gift-certificates", this.jdbc.sql("""
				select id, code, currency, state, buyer_customer_id, buyer_name, recipient_customer_id, recipient_name,
				  expires_on, issued_at, balance_minor from gift_certificate
				where shop_id = ? and (buyer_customer_id = ? or recipient_customer_id = ?) order by issued_at""")
			.params(shop.value(), id, id)
			.query()
			.listOfRows());
		parts.put("ledger-postings",
				this.jdbc
					.sql("""
							select id, currency, debit_account, credit_account, amount_minor, kind, memo, posted_at from ledger_posting
							where shop_id = ? and (debit_account in ("""
							+ HER_CERTIFICATES + ") or credit_account in (" + HER_CERTIFICATES + ")) order by seq")
					.params(shop.value(), shop.value(), id, id, shop.value(), id, id)
					.query()
					.listOfRows());
		parts.put("gifts",
				this.jdbc.sql("""
						select id, what, occasion, given_on, given_by, recorded_at from ledger_gift
						where shop_id = ? and customer_id = ? order by given_on""")
					.params(shop.value(), id)
					.query()
					.listOfRows());
		parts.put("occasions",
				this.jdbc.sql("""
						select id, label, first_on from ledger_occasion where shop_id = ? and customer_id = ?""")
					.params(shop.value(), id)
					.query()
					.listOfRows());
		return parts;
	}

	@Override
	public void erase(ShopId shop, CustomerId customer) {
		UUID id = customer.value();
		this.jdbc.sql("""
				update ledger_posting set memo = null where shop_id = ? and memo is not null
				  and (debit_account in (""" + HER_CERTIFICATES + ") or credit_account in (" + HER_CERTIFICATES + "))")
			.params(shop.value(), shop.value(), id, id, shop.value(), id, id)
			.update();
		this.jdbc.sql("""
				update gift_certificate set buyer_name = null
				where shop_id = ? and buyer_customer_id = ? and buyer_name is not null""")
			.params(shop.value(), id)
			.update();
		this.jdbc.sql("""
				update gift_certificate set recipient_name = null
				where shop_id = ? and recipient_customer_id = ? and recipient_name is not null""")
			.params(shop.value(), id)
			.update();
		this.jdbc.sql("update ledger_gift set what = ?, occasion = null where shop_id = ? and customer_id = ?")
			.params(ERASED, shop.value(), id)
			.update();
		this.jdbc.sql("delete from ledger_occasion where shop_id = ? and customer_id = ?")
			.params(shop.value(), id)
			.update();
	}

	/** What a gift to an erased customer says it was (the column may not be empty). */
	static final String ERASED = "-";

}
