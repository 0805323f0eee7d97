package app.extramile.visits;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerId;
import app.extramile.shared.ShopId;
import app.extramile.shared.Times;
import app.extramile.visits.VisitEvents.VisitsImported;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds visits in bulk (till import, visit API, demo village). Each visit carries an
 * external id unique in the shop, so sending or importing the same visits again adds
 * nothing. The caller has already checked that every customer belongs to the shop.
 */
@Service
public class VisitBatches {

	/** Rows per insert statement: 8 parameters each, well under PostgreSQL's 32,767. */
	private static final int CHUNK = 1000;

	private static final String INSERT = """
			insert into visit (id, shop_id, customer_id, seen_at, source, external_id, amount_minor, created_at)
			values """;

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	VisitBatches(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** A visit arriving from outside, with the id that makes re-sending it harmless. */
	public record IncomingVisit(String externalId, CustomerId customerId, Instant seenAt, Long amountMinor) {
	}

	/** Adds the visits not seen before, all or nothing, and returns how many were new. */
	@Transactional
	public int add(ShopId shop, Visit.Source source, List<IncomingVisit> visits) {
		if (visits.isEmpty()) {
			return 0;
		}
		OffsetDateTime now = Times.column(this.clock.instant());
		int added = 0;
		for (int from = 0; from < visits.size(); from += CHUNK) {
			List<IncomingVisit> chunk = visits.subList(from, Math.min(visits.size(), from + CHUNK));
			added += insert(shop, source, chunk, now);
		}
		if (added > 0) {
			Optional<Instant> latest = visits.stream().map(IncomingVisit::seenAt).max(Comparator.naturalOrder());
			this.events.publishEvent(new VisitsImported(shop, added, latest.orElseThrow()));
		}
		return added;
	}

	/**
	 * One multi-row insert per chunk: a single round trip, and an exact count of the new
	 * rows on both databases (a JDBC batch rewritten by the PostgreSQL driver only says
	 * "some rows", which would count duplicates as added).
	 */
	private int insert(ShopId shop, Visit.Source source, List<IncomingVisit> chunk, OffsetDateTime now) {
		StringBuilder sql = new StringBuilder(INSERT.length() + chunk.size() * ROW.length() + 32).append(INSERT);
		for (int i = 0; i < chunk.size(); i++) {
			sql.append((i == 0) ? ROW : "," + ROW);
		}
		sql.append(" on conflict do nothing");
		return this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(sql.toString());
			int p = 1;
			for (IncomingVisit visit : chunk) {
				ps.setObject(p++, UUID.randomUUID());
				ps.setObject(p++, shop.value());
				ps.setObject(p++, visit.customerId().value());
				ps.setObject(p++, Times.column(visit.seenAt()));
				ps.setString(p++, source.name());
				ps.setString(p++, visit.externalId());
				if (visit.amountMinor() != null) {
					ps.setLong(p++, visit.amountMinor());
				}
				else {
					ps.setNull(p++, Types.BIGINT);
				}
				ps.setObject(p++, now);
			}
			return ps;
		});
	}

}
