package app.extramile.visits.till;

import java.time.Instant;
import java.util.UUID;

/**
 * One upload of till history and where its import has got to. The file itself is loaded
 * only by the worker.
 */
record TillImport(UUID id, String fileName, int sizeBytes, char delimiter, boolean hasHeader, Mapping mapping,
		Status status, Integer totalRows, int rowsDone, int added, int duplicates, int rejected, String failure,
		Instant createdAt, Instant finishedAt) {

	enum Status {

		/** Uploaded, waiting for the columns to be chosen. */
		UPLOADED,
		/** Columns chosen, waiting for a worker. */
		QUEUED,
		/** A worker is importing it, chunk by chunk. */
		RUNNING,
		/** Every row was imported or rejected. */
		DONE,
		/** The worker stopped on an error; it can be tried again from the last chunk. */
		FAILED

	}

	/** Which columns (from 0) hold the customer reference, the time and the amount. */
	record Mapping(Integer referenceColumn, Integer timeColumn, Integer amountColumn) {

		boolean complete() {
			return this.referenceColumn != null && this.timeColumn != null;
		}

		int widest() {
			return Math.max(this.referenceColumn,
					Math.max(this.timeColumn, (this.amountColumn != null) ? this.amountColumn : -1));
		}

	}

	public boolean inProgress() {
		return this.status == Status.QUEUED || this.status == Status.RUNNING;
	}

	public boolean finished() {
		return this.status == Status.DONE;
	}

	public int percentDone() {
		if (this.status == Status.DONE) {
			return 100;
		}
		if (this.totalRows == null || this.totalRows == 0) {
			return 0;
		}
		return (int) Math.min(99, (100L * this.rowsDone) / this.totalRows);
	}

}
