package app.extramile.visits;

import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
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

	private static final int CHUNK = 1000;

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
			int[] counts = this.jdbc.batchUpdate("""
					insert into visit (id, shop_id, customer_id, seen_at, source, external_id, amount_minor, created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?)
					on conflict do nothing""", new BatchPreparedStatementSetter() {

				@Override
				public void setValues(PreparedStatement ps, int i) throws SQLException {
					IncomingVisit visit = chunk.get(i);
					ps.setObject(1, UUID.randomUUID());
					ps.setObject(2, shop.value());
					ps.setObject(3, visit.customerId().value());
					ps.setObject(4, Times.column(visit.seenAt()));
					ps.setString(5, source.name());
					ps.setString(6, visit.externalId());
					ps.setObject(7, visit.amountMinor());
					ps.setObject(8, now);
				}

				@Override
				public int getBatchSize() {
					return chunk.size();
				}

			});
			for (int count : counts) {
				// A driver that cannot count rows in a batch says SUCCESS_NO_INFO (-2).
				added += (count == PreparedStatement.SUCCESS_NO_INFO) ? 1 : count;
			}
		}
		if (added > 0) {
			Optional<Instant> latest = visits.stream().map(IncomingVisit::seenAt).max(Comparator.naturalOrder());
			this.events.publishEvent(new VisitsImported(shop, added, latest.orElseThrow()));
		}
		return added;
	}

}
