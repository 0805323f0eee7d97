package app.extramile.visits.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.visits.UnknownReferences;
import app.extramile.visits.UnknownReferences.Unmatched;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.api.VisitBatchRequest.IncomingVisitDto;
import app.extramile.visits.api.VisitBatchResponse.RejectedVisit;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks each visit of an API batch on its own, resolves all its customers in one or two
 * queries (never one per visit), and adds the good ones with {@link VisitBatches}. A
 * customer of another shop is "unknown", exactly like one that does not exist.
 */
@Component
class VisitIntake {

	static final int EXTERNAL_ID_LENGTH = 120;

	/** A till clock a little ahead of ours is not "in the future". */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private static final int LOOKUP_CHUNK = 1000;

	private final VisitBatches batches;

	private final CustomerDirectory customers;

	private final MessageSource messages;

	private final Clock clock;

	private final UnknownReferences unknownReferences;

	VisitIntake(VisitBatches batches, CustomerDirectory customers, MessageSource messages, Clock clock,
			UnknownReferences unknownReferences) {
		this.unknownReferences = unknownReferences;
		this.batches = batches;
		this.customers = customers;
		this.messages = messages;
		this.clock = clock;
	}

	@Transactional
	VisitBatchResponse take(ShopId shop, List<IncomingVisitDto> items) {
		Instant latest = this.clock.instant().plus(CLOCK_SKEW);
		List<RejectedVisit> rejected = new ArrayList<>();
		Object[] parsed = new Object[items.size()];
		Set<UUID> ids = new HashSet<>();
		boolean byReference = false;
		for (int i = 0; i < items.size(); i++) {
			IncomingVisitDto item = items.get(i);
			Object customer = check(i, item, latest, rejected);
			if (customer instanceof UUID id) {
				ids.add(id);
			}
			else if (customer instanceof String) {
				byReference = true;
			}
			parsed[i] = customer;
		}
		Set<UUID> known = existing(shop, ids);
		Map<String, CustomerId> references = byReference ? this.customers.idsByReference(shop) : Map.of();
		Set<Integer> rejectedIndexes = new HashSet<>();
		rejected.forEach((r) -> rejectedIndexes.add(r.index()));
		List<IncomingVisit> visits = new ArrayList<>(items.size());
		Map<Integer, Unmatched> unmatched = new LinkedHashMap<>();
		for (int i = 0; i < items.size(); i++) {
			if (rejectedIndexes.contains(i)) {
				continue;
			}
			IncomingVisitDto item = items.get(i);
			CustomerId customer = null;
			if (parsed[i] instanceof UUID id) {
				customer = known.contains(id) ? new CustomerId(id) : null;
				if (customer == null) {
					rejected.add(rejection(i, "customerId", "api.visit.customer.unknown"));
				}
			}
			else {
				customer = references.get((String) parsed[i]);
				if (customer == null) {
					unmatched.put(i, new Unmatched((String) parsed[i], item.externalId().trim(), seenAt(item.seenAt()),
							item.amountMinor()));
				}
			}
			if (customer != null) {
				visits.add(new IncomingVisit(item.externalId().trim(), customer, seenAt(item.seenAt()),
						item.amountMinor()));
			}
		}
		// Unknown references: their customers are created (when the shop chose it) or the
		// visits wait for the owner to match them.
		Map<String, CustomerId> created = this.unknownReferences.arrived(shop, Visit.Source.API,
				List.copyOf(unmatched.values()));
		unmatched.forEach((i, visit) -> {
			CustomerId customer = created.get(visit.reference());
			if (customer != null) {
				visits.add(new IncomingVisit(visit.externalId(), customer, visit.seenAt(), visit.amountMinor()));
			}
			else {
				rejected.add(rejection(i, "customerReference", "api.visit.customerReference.unknown"));
			}
		});
		int accepted = this.batches.add(shop, Visit.Source.API, visits);
		rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
		return new VisitBatchResponse(items.size(), accepted, visits.size() - accepted, rejected);
	}

	/**
	 * The customer's id (a UUID) or reference (a String) when the visit is well formed;
	 * otherwise adds its rejection and returns null.
	 */
	private Object check(int i, IncomingVisitDto item, Instant latest, List<RejectedVisit> rejected) {
		if (item == null) {
			rejected.add(rejection(i, "visit", "api.visit.missing"));
			return null;
		}
		if (item.externalId() == null || item.externalId().isBlank()) {
			rejected.add(rejection(i, "externalId", "api.visit.externalId.required"));
			return null;
		}
		if (item.externalId().trim().length() > EXTERNAL_ID_LENGTH) {
			rejected.add(rejection(i, "externalId", "api.visit.externalId.tooLong"));
			return null;
		}
		boolean hasId = item.customerId() != null && !item.customerId().isBlank();
		boolean hasReference = item.customerReference() != null && !item.customerReference().isBlank();
		if (hasId == hasReference) {
			rejected.add(rejection(i, "customerId", hasId ? "api.visit.customer.both" : "api.visit.customer.required"));
			return null;
		}
		Object customer;
		if (hasId) {
			try {
				customer = UUID.fromString(item.customerId().trim());
			}
			catch (IllegalArgumentException ex) {
				rejected.add(rejection(i, "customerId", "api.visit.customerId.invalid"));
				return null;
			}
		}
		else {
			customer = item.customerReference().trim();
		}
		if (item.seenAt() == null || item.seenAt().isBlank()) {
			rejected.add(rejection(i, "seenAt", "api.visit.seenAt.required"));
			return null;
		}
		Instant seenAt;
		try {
			seenAt = seenAt(item.seenAt());
		}
		catch (DateTimeParseException ex) {
			rejected.add(rejection(i, "seenAt", "api.visit.seenAt.invalid"));
			return null;
		}
		if (seenAt.isAfter(latest)) {
			rejected.add(rejection(i, "seenAt", "api.visit.seenAt.future"));
			return null;
		}
		if (item.amountMinor() != null && item.amountMinor() < 0) {
			rejected.add(rejection(i, "amountMinor", "api.visit.amountMinor.negative"));
			return null;
		}
		return customer;
	}

	private static Instant seenAt(String text) {
		return OffsetDateTime.parse(text.trim()).toInstant();
	}

	private Set<UUID> existing(ShopId shop, Set<UUID> ids) {
		Set<UUID> known = new HashSet<>();
		List<CustomerId> all = ids.stream().map(CustomerId::new).toList();
		for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
			this.customers.existing(shop, all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK)))
				.forEach((id) -> known.add(id.value()));
		}
		return known;
	}

	private RejectedVisit rejection(int index, String field, String messageKey) {
		return new RejectedVisit(index, field,
				this.messages.getMessage(messageKey, null, LocaleContextHolder.getLocale()));
	}

}
