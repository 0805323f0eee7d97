package app.extramile.visits.till;

import app.extramile.shared.CsvFile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import app.extramile.customers.CustomerId;
import app.extramile.visits.UnknownReferences.Unmatched;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.till.Rejection.Reason;
import app.extramile.visits.till.TillImport.Mapping;

/**
 * Reads one row of a till export as a visit, or says why it cannot. The external id is
 * {@code till:<customer id>:<epoch second>}, so importing the same file again, or an
 * overlapping export, adds nothing twice.
 */
final class TillRows {

	/** A till clock a little ahead of ours is not "in the future". */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private final Mapping mapping;

	private final ZoneId zone;

	private final Map<String, CustomerId> byReference;

	private final Map<String, CustomerId> byLowerCaseReference = new HashMap<>();

	private final Instant latest;

	TillRows(Mapping mapping, ZoneId zone, Map<String, CustomerId> byReference, Instant now) {
		this.mapping = mapping;
		this.zone = zone;
		this.byReference = byReference;
		this.latest = now.plus(CLOCK_SKEW);
		Set<String> ambiguous = new HashSet<>();
		byReference.forEach((reference, id) -> {
			String key = reference.toLowerCase(Locale.ROOT);
			if (this.byLowerCaseReference.putIfAbsent(key, id) != null) {
				ambiguous.add(key);
			}
		});
		ambiguous.forEach(this.byLowerCaseReference::remove);
	}

	/**
	 * Either a visit or a rejection; a rejected visit of an unknown customer also comes
	 * as {@code unmatched}.
	 */
	record Outcome(IncomingVisit visit, Rejection rejection, Unmatched unmatched) {

	}

	Outcome read(CsvFile.Row row) {
		if (row.brokenQuotes() != null) {
			return rejected(row, Reason.BROKEN_QUOTES, row.brokenQuotes());
		}
		if (row.cells().size() <= this.mapping.widest()) {
			return rejected(row, Reason.MISSING_COLUMN, null);
		}
		String reference = row.cell(this.mapping.referenceColumn());
		if (reference.isEmpty()) {
			return rejected(row, Reason.MISSING_REFERENCE, null);
		}
		CustomerId customer = customer(reference);
		String timeText = row.cell(this.mapping.timeColumn());
		if (timeText.isEmpty()) {
			return rejected(row, Reason.MISSING_TIME, null);
		}
		Optional<Instant> seenAt = TillFormats.time(timeText, this.zone);
		if (seenAt.isEmpty()) {
			return rejected(row, Reason.BAD_TIME, timeText);
		}
		if (seenAt.get().isAfter(this.latest)) {
			return rejected(row, Reason.FUTURE_TIME, timeText);
		}
		Long amount = null;
		if (this.mapping.amountColumn() != null) {
			String amountText = row.cell(this.mapping.amountColumn());
			if (!amountText.isEmpty()) {
				Optional<Long> minor = TillFormats.amountMinor(amountText);
				if (minor.isEmpty()) {
					return rejected(row, Reason.BAD_AMOUNT, amountText);
				}
				amount = minor.get();
			}
		}
		if (customer == null) {
			// A well-formed visit of a customer we do not know (yet): it can wait to be
			// matched, or create its customer.
			return new Outcome(null, Rejection.of(row.line(), Reason.UNKNOWN_CUSTOMER, reference),
					new Unmatched(reference, null, seenAt.get(), amount));
		}
		return visit(customer, seenAt.get(), amount);
	}

	/** The visit of a known customer: {@code till:<customer id>:<epoch second>}. */
	static Outcome visit(CustomerId customer, Instant seenAt, Long amount) {
		String externalId = "till:" + customer.value() + ":" + seenAt.getEpochSecond();
		return new Outcome(new IncomingVisit(externalId, customer, seenAt, amount), null, null);
	}

	private CustomerId customer(String reference) {
		CustomerId exact = this.byReference.get(reference);
		return (exact != null) ? exact : this.byLowerCaseReference.get(reference.toLowerCase(Locale.ROOT));
	}

	private static Outcome rejected(CsvFile.Row row, Reason reason, String detail) {
		return new Outcome(null, Rejection.of(row.line(), reason, detail), null);
	}

}
