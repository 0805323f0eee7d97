package app.extramile.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Backups of the embedded (H2) database, taken while the app runs: H2's {@code BACKUP TO}
 * writes a consistent snapshot as a ZIP without stopping anyone. Nightly ones go to
 * {@code <data-dir>/backups} and the newest {@code extramile.backups.keep} are kept. On
 * PostgreSQL there is nothing to do here: back it up with {@code pg_dump}.
 */
@Component
class Backups {

	private static final Logger log = LoggerFactory.getLogger(Backups.class);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final Path directory;

	private final int keep;

	private final Clock clock;

	Backups(JdbcClient jdbc, DataSource dataSource, @Value("${extramile.data-dir:./data}") Path dataDir,
			@Value("${extramile.backups.keep:7}") int keep, Clock clock) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.directory = dataDir.resolve("backups");
		this.keep = Math.max(1, keep);
		this.clock = clock;
	}

	/** Whether the app runs on its embedded database (the only one backed up here). */
	public boolean embedded() {
		try (var connection = DataSourceUtils.getConnection(this.dataSource)) {
			return connection.getMetaData().getURL().startsWith("jdbc:h2:file:");
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("cannot read the database's address", ex);
		}
	}

	/** A consistent snapshot of the embedded database in {@code file} (a ZIP). */
	public Path backUpTo(Path file) {
		if (!embedded()) {
			throw new IllegalStateException("not on the embedded database: back up PostgreSQL with pg_dump");
		}
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.jdbc.sql("BACKUP TO '" + file.toAbsolutePath().toString().replace("'", "''") + "'").update();
		return file;
	}

	/**
	 * Tonight's backup. It is written under a name no backup has ({@code .zip.part}), the
	 * oldest backups beyond the number kept are removed only once it is complete, and
	 * then it takes its name in one move: the folder never holds more than the number
	 * kept, nor a half-written file under a backup's name (a crash mid-write leaves only
	 * a {@code .part}, removed the next night).
	 */
	Path nightly() {
		Path file = this.directory.resolve("extramile-" + STAMP.format(this.clock.instant()) + ".zip");
		Path part = file.resolveSibling(file.getFileName() + ".part");
		removeUnfinished();
		backUpTo(part);
		List<Path> all = kept();
		for (Path old : all.subList(0, Math.max(0, all.size() - (this.keep - 1)))) {
			remove(old);
		}
		try {
			Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		log.info("Backup of the embedded database written to {}", file);
		return file;
	}

	private void removeUnfinished() {
		if (!Files.isDirectory(this.directory)) {
			return;
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			files.filter((p) -> p.getFileName().toString().matches("extramile-\\d{8}-\\d{6}\\.zip\\.part"))
				.forEach(this::remove);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void remove(Path old) {
		try {
			Files.deleteIfExists(old);
		}
		catch (IOException ex) {
			log.warn("Could not remove the old backup {}", old, ex);
		}
	}

	/** The nightly backups there are, oldest first. */
	List<Path> kept() {
		if (!Files.isDirectory(this.directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((p) -> p.getFileName().toString().matches("extramile-\\d{8}-\\d{6}\\.zip"))
				.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path directory() {
		return this.directory;
	}

}
