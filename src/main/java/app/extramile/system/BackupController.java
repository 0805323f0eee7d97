package app.extramile.system;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /operations/backup}: a consistent snapshot of the embedded database while
 * the app runs, as a ZIP, for the operator holding the operations token (the
 * {@code backup} command asks here when the app is running). On PostgreSQL: 409, use
 * {@code pg_dump}.
 */
@RestController
class BackupController {

	private final Backups backups;

	BackupController(Backups backups) {
		this.backups = backups;
	}

	@PostMapping("/operations/backup")
	ResponseEntity<?> backup() throws IOException {
		if (!this.backups.embedded()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"This installation runs on PostgreSQL: back it up with pg_dump (see the README).");
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(problem);
		}
		Path file = this.backups.backUpTo(this.backups.directory().resolve(".online-" + UUID.randomUUID() + ".zip"));
		// sent from this request's thread (no async dispatch), the snapshot removed once
		// read
		InputStream content = new FilterInputStream(Files.newInputStream(file)) {
			@Override
			public void close() throws IOException {
				try {
					super.close();
				}
				finally {
					Files.deleteIfExists(file);
				}
			}
		};
		InputStreamResource body = new InputStreamResource(content);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.contentLength(size(file))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("extramile-backup.zip").build().toString())
			.body(body);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
