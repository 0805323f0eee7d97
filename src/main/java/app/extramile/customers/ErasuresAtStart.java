package app.extramile.customers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Erased customers stay erased after a database is restored from an older backup: at
 * every start, every recorded erasure is applied again ({@link CustomerRecords}). A
 * failure is logged loudly but does not stop the app: alarms and welfare deadlines must
 * keep running.
 */
@Component
class ErasuresAtStart {

	private static final Logger log = LoggerFactory.getLogger(ErasuresAtStart.class);

	private final CustomerRecords records;

	ErasuresAtStart(CustomerRecords records) {
		this.records = records;
	}

	@EventListener(ApplicationReadyEvent.class)
	void eraseAgain() {
		try {
			int applied = this.records.eraseAgainAfterRestore();
			if (applied > 0) {
				log.info("{} erasure(s) applied again at start", applied);
			}
		}
		catch (RuntimeException ex) {
			// Alarms and welfare deadlines must run even so; the next start tries again.
			log.error("Erasures could not be applied again at start; fix the erasure record and restart", ex);
		}
	}

}
