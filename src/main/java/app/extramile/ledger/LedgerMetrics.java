package app.extramile.ledger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ledger writes, for an operator: the number of postings ever written on this
 * installation (a counter read from the database, so every instance reports the same
 * total: take the maximum across instances, not the sum).
 */
@Component
class LedgerMetrics {

	LedgerMetrics(MeterRegistry meters, JdbcClient jdbc) {
		FunctionCounter
			.builder("extramile.ledger.postings", jdbc,
					(db) -> db.sql("select count(*) from ledger_posting").query(Long.class).single())
			.description("Ledger postings written, on every shop of this installation")
			.register(meters);
	}

}
