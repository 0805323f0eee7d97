package app.extramile.visits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.extramile.customers.Customer;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Refused;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.visits.VisitBatches.IncomingVisit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Visits from the till (import or API) that name a card or customer reference no customer
 * has. By default they wait, listed by reference, for the owner to match each reference
 * to an existing customer or a new one; then the waiting visits are added. A shop can
 * choose instead to have such customers created straight away, named by their reference
 * until someone gives their name.
 */
@Service
@Transactional
public class UnknownReferences {

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final VisitBatches batches;

	private final Clock clock;

	UnknownReferences(JdbcClient jdbc, CustomerDirectory customers, VisitBatches batches, Clock clock) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.batches = batches;
		this.clock = clock;
	}

	/**
	 * A visit naming a reference no customer has. {@code externalId} is the API's; for a
	 * till import, null (its visit's id is made from the customer and the time).
	 */
	public record Unmatched(String reference, String externalId, Instant seenAt, Long amountMinor) {

		String waitingId() {
			return (this.externalId != null) ? this.externalId
					: "till:" + this.reference + ":" + this.seenAt.getEpochSecond();
		}

	}

	/** A reference waiting to be matched, with its visits. */
	public record Waiting(String reference, int visits, Instant firstSeen, Instant lastSeen) {
	}

	@Transactional(readOnly = true)
	public boolean createsCustomers(ShopId shop) {
		return this.jdbc.sql("select create_unknown_customers from visits_setting where shop_id = ?")
			.param(shop.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	public void setCreatesCustomers(ShopId shop, boolean create) {
		int updated = this.jdbc.sql("update visits_setting set create_unknown_customers = ? where shop_id = ?")
			.params(create, shop.value())
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into visits_setting (shop_id, create_unknown_customers) values (?, ?)")
				.params(shop.value(), create)
				.update();
		}
	}

	/**
	 * Handles visits whose reference no customer has: creates their customers when the
	 * shop chose that, and returns the references now known with their new ids; otherwise
	 * keeps the visits waiting and returns nothing. Part of the caller's transaction.
	 */
	public Map<String, CustomerId> arrived(ShopId shop, Visit.Source source, List<Unmatched> visits) {
		if (visits.isEmpty()) {
			return Map.of();
		}
		if (createsCustomers(shop)) {
			Map<String, CustomerId> created = new HashMap<>();
			Set<String> references = new LinkedHashSet<>();
			visits.forEach((v) -> references.add(v.reference()));
			for (String reference : references) {
				Optional<Customer> existing = this.customers.findByReference(shop, reference);
				created.put(reference,
						existing.map(Customer::id)
							.orElseGet(() -> this.customers.register(shop, new CustomerDetails(reference, reference,
									null, null, null, null, null, null, null, null, null, null, List.of()))));
			}
			return created;
		}
		Instant now = this.clock.instant();
		for (Unmatched visit : visits) {
			this.jdbc.sql("""
					insert into unknown_reference_visit (shop_id, reference, source, external_id, seen_at, amount_minor,
					  received_at)
					values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
				.params(shop.value(), visit.reference(), source.name(), visit.waitingId(), Times.column(visit.seenAt()),
						visit.amountMinor(), Times.column(now))
				.update();
		}
		return Map.of();
	}

	@Transactional(readOnly = true)
	public List<Waiting> waiting(ShopId shop) {
		return this.jdbc
			.sql("""
					select reference, count(*) as visits, min(seen_at) as first_seen, max(seen_at) as last_seen
					from unknown_reference_visit where shop_id = ? group by reference order by max(seen_at) desc, reference""")
			.param(shop.value())
			.query((rs, n) -> new Waiting(rs.getString("reference"), rs.getInt("visits"),
					Times.instant(rs, "first_seen"), Times.instant(rs, "last_seen")))
			.list();
	}

	/**
	 * Gives the reference to an existing customer who has none (one customer, one card)
	 * and adds its waiting visits. Returns how many visits were added.
	 */
	public int match(ShopId shop, String reference, CustomerId customerId) {
		requireWaiting(shop, reference);
		Customer customer = this.customers.get(shop, customerId);
		if (customer.reference() != null && !customer.reference().equalsIgnoreCase(reference)) {
			throw new Refused("customer", "unknown.match.hasReference");
		}
		if (this.customers.findByReference(shop, reference).filter((c) -> !c.id().equals(customerId)).isPresent()) {
			throw new Refused("customer", "unknown.match.taken");
		}
		this.customers.update(shop, customerId,
				new CustomerDetails(reference, customer.name(), customer.preferredName(), customer.phone(),
						customer.mobile(), customer.addressLine(), customer.town(), customer.postcode(),
						customer.latitude(), customer.longitude(), customer.birthday(), customer.household(),
						customer.tags()));
		return release(shop, reference, customerId);
	}

	/** Registers a new customer with the reference and adds its waiting visits. */
	public CustomerId create(ShopId shop, String reference, String name) {
		requireWaiting(shop, reference);
		if (name == null || name.isBlank()) {
			throw new Refused("name", "unknown.create.nameRequired");
		}
		if (name.strip().length() > 120) {
			throw new Refused("name", "unknown.create.nameTooLong");
		}
		if (this.customers.findByReference(shop, reference).isPresent()) {
			throw new Refused("name", "unknown.match.taken");
		}
		CustomerId id = this.customers.register(shop, new CustomerDetails(reference, name.strip(), null, null, null,
				null, null, null, null, null, null, null, List.of()));
		release(shop, reference, id);
		return id;
	}

	private void requireWaiting(ShopId shop, String reference) {
		boolean waiting = this.jdbc
			.sql("select count(*) from unknown_reference_visit where shop_id = ? and reference = ?")
			.params(shop.value(), reference)
			.query(Long.class)
			.single() > 0;
		if (!waiting) {
			throw new NotFoundException("unknown reference");
		}
	}

	private int release(ShopId shop, String reference, CustomerId customer) {
		Map<Visit.Source, List<IncomingVisit>> bySource = new HashMap<>();
		this.jdbc.sql("""
				select source, external_id, seen_at, amount_minor from unknown_reference_visit
				where shop_id = ? and reference = ?""").params(shop.value(), reference).query((rs, n) -> {
			Visit.Source source = Visit.Source.valueOf(rs.getString("source"));
			Instant seenAt = Times.instant(rs, "seen_at");
			String externalId = (source == Visit.Source.IMPORT)
					? "till:" + customer.value() + ":" + seenAt.getEpochSecond() : rs.getString("external_id");
			Long amount = (Long) rs.getObject("amount_minor", Long.class);
			return bySource.computeIfAbsent(source, (s) -> new ArrayList<>())
				.add(new IncomingVisit(externalId, customer, seenAt, amount));
		}).list();
		int added = 0;
		for (Map.Entry<Visit.Source, List<IncomingVisit>> entry : bySource.entrySet()) {
			added += this.batches.add(shop, entry.getKey(), entry.getValue());
		}
		this.jdbc.sql("delete from unknown_reference_visit where shop_id = ? and reference = ?")
			.params(shop.value(), reference)
			.update();
		return added;
	}

}
