package app.extramile.demo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.ledger.CertificateReceipt;
import app.extramile.ledger.GiftCertificates;
import app.extramile.ledger.IssueRequest;
import app.extramile.ledger.LedgerSettings;
import app.extramile.ledger.Occasions;
import app.extramile.ledger.PayItForward;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Shop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's kindness ledger, seeded once the village exists: a £20 certificate
 * bought and £7.50 spent from it twice, a donor leaving three coffees and one given out,
 * so the window board shows two. Fixed idempotency keys make a second run post nothing.
 */
@Component
class DemoLedger {

	private static final Logger log = LoggerFactory.getLogger(DemoLedger.class);

	private final CustomerDirectory customers;

	private final GiftCertificates certificates;

	private final PayItForward pools;

	private final Occasions occasions;

	private final LedgerSettings settings;

	DemoLedger(CustomerDirectory customers, GiftCertificates certificates, PayItForward pools, Occasions occasions,
			LedgerSettings settings) {
		this.customers = customers;
		this.certificates = certificates;
		this.pools = pools;
		this.occasions = occasions;
		this.settings = settings;
	}

	void seed(Shop shop) {
		ShopUser staff = new ShopUser(
				UUID.nameUUIDFromBytes(("demo-staff:" + shop.id()).getBytes(StandardCharsets.UTF_8)), shop.id(),
				"staff", "Gethin Llwyd", Role.STAFF, null);
		Customer buyer = this.customers.findByReference(shop.id(), "SYL0002").orElse(null);
		Customer recipient = this.customers.findByReference(shop.id(), "SYL0003").orElse(null);
		CertificateReceipt bought = this.certificates.issue(staff,
				new IssueRequest(2000, this.settings.currency(), (buyer != null) ? buyer.id() : null,
						(buyer != null) ? buyer.name() : null, (recipient != null) ? recipient.id() : null,
						(recipient != null) ? recipient.name() : null, null),
				"demo:certificate:bought");
		this.certificates.redeem(staff, bought.code(), 750, "demo:certificate:spent:1");
		this.certificates.redeem(staff, bought.code(), 750, "demo:certificate:spent:2");

		UUID coffee = this.pools.open(staff, "Coffee", 280L);
		this.pools.open(staff, "Loaf", 160L);
		this.pools.donate(staff, coffee, 3, 0, null, "Have a lovely day!", "demo:coffee:donated");
		this.pools.giveOut(staff, coffee, 0, null, null, "demo:coffee:given");
		if (recipient != null && this.occasions.recentGifts(shop.id(), 1).isEmpty()) {
			this.occasions.recordGift(staff, recipient.id(), "Flowers", "Birthday");
		}
		log.info("Demo ledger seeded for shop {}", shop.id());
	}

}
