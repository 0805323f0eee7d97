package app.extramile.customers.importing;

import java.time.Instant;
import java.util.UUID;

import app.extramile.shared.TableFile;

/**
 * One upload of a customer list and where its import has got to. The file itself is
 * loaded only to read it.
 */
record CustomerImport(UUID id, String fileName, TableFile.Format format, char delimiter, Columns columns,
		Choice duplicatesChoice, Status status, Integer totalRows, int rowsDone, int added, int merged, int skipped,
		int rejected, String failure, Instant createdAt, Instant finishedAt) {

	/** Where the import has got to; messages {@code customerImport.status.*}. */
	public enum Status {

		/** Uploaded, waiting for the columns and duplicates to be confirmed. */
		UPLOADED,
		/** Confirmed, waiting for the durable task. */
		QUEUED,
		/** Being imported, chunk by chunk. */
		RUNNING,
		/** Every row was imported, merged, skipped or rejected. */
		DONE,
		/** Stopped on an error; it can be tried again from the last chunk. */
		FAILED

	}

	/** What to do with a row that is likely an existing customer. */
	public enum Choice {

		MERGE, SKIP

	}

	public boolean inProgress() {
		return this.status == Status.QUEUED || this.status == Status.RUNNING;
	}

	public boolean finished() {
		return this.status == Status.DONE;
	}

	public boolean hasHeader() {
		return this.columns.hasHeader();
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
