package app.extramile.demo;

import java.util.Comparator;
import java.util.List;

import app.extramile.alarms.AlarmSetup;
import app.extramile.customers.CareProfiles;
import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDirectory;
import app.extramile.shared.Role;
import app.extramile.shared.ShopUser;
import app.extramile.system.Accounts;
import app.extramile.system.Shop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The demo village's alarms: the provider {@code demo} with the secret
 * {@code demo-alarm-secret}, and a pendant ({@code DEMO-PENDANT-1}, {@code -2}, ... in
 * order of their till reference) for each demo customer whose care profile says they have
 * a personal alarm, and for nobody else (see the README for a signed curl example).
 */
@Component
class DemoAlarms {

	static final String PROVIDER = "demo";

	static final String SECRET = "demo-alarm-secret";

	private static final Logger log = LoggerFactory.getLogger(DemoAlarms.class);

	private final Accounts accounts;

	private final CustomerDirectory customers;

	private final CareProfiles careProfiles;

	private final AlarmSetup setup;

	DemoAlarms(Accounts accounts, CustomerDirectory customers, CareProfiles careProfiles, AlarmSetup setup) {
		this.accounts = accounts;
		this.customers = customers;
		this.careProfiles = careProfiles;
		this.setup = setup;
	}

	void seed(Shop shop) {
		if (this.setup.providers(shop.id()).stream().anyMatch((p) -> PROVIDER.equals(p.name()))) {
			return;
		}
		Accounts.Member ownerAccount = this.accounts.members(shop.id())
			.stream()
			.filter((m) -> m.role() == Role.OWNER)
			.findFirst()
			.orElse(null);
		if (ownerAccount == null) {
			return;
		}
		ShopUser owner = new ShopUser(ownerAccount.id(), shop.id(), ownerAccount.username(), ownerAccount.displayName(),
				Role.OWNER, null);
		this.setup.addProvider(owner, PROVIDER, SECRET);
		var provider = this.setup.providers(shop.id()).get(0).id();
		var flags = this.careProfiles.careFlags(shop.id());
		List<Customer> wearers = this.customers.active(shop.id())
			.values()
			.stream()
			.filter((c) -> flags.getOrDefault(c.id(), CareProfiles.CareFlags.NONE).personalAlarm())
			.sorted(Comparator.comparing(Customer::reference, Comparator.nullsLast(Comparator.naturalOrder())))
			.toList();
		for (int i = 0; i < wearers.size(); i++) {
			this.setup.addDevice(owner, provider, "DEMO-PENDANT-" + (i + 1), wearers.get(i).id(), 86_400);
		}
		log.info("Demo alarm provider '{}' and {} pendants seeded", PROVIDER, wearers.size());
	}

}
