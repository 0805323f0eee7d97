package app.extramile.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's backup and restore of the embedded database, from the command line:
 * <ul>
 * <li>{@code backup --out FILE}: a consistent snapshot as a ZIP. With the app stopped,
 * the database is opened and backed up here; while it runs (the database is in use), the
 * running app is asked for it ({@code POST /operations/backup} at {@code --url}, default
 * {@code http://127.0.0.1:$PORT}, with {@code EXTRAMILE_OPERATIONS_TOKEN}).</li>
 * <li>{@code restore --from FILE}: into an empty data directory only.</li>
 * </ul>
 * The data directory is {@code --data-dir}, else {@code EXTRAMILE_DATA_DIR}, else
 * {@code ./data}.
 */
public final class BackupCommands {

	private static final String DATABASE = "extramile";

	/** H2's error when another process holds the database (the running app). */
	private static final int DATABASE_IN_USE = 90020;

	private BackupCommands() {
	}

	public static boolean handles(String command) {
		return "backup".equals(command) || "restore".equals(command);
	}

	/** Runs a command; the exit status (0 done, 1 refused or failed, 2 wrong use). */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		Map<String, String> options = new java.util.HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				err.println("Unexpected argument: " + args[i]);
				return usage(err);
			}
			options.put(args[i].substring(2), args[++i]);
		}
		Path dataDir = Path.of(options.getOrDefault("data-dir", env.getOrDefault("EXTRAMILE_DATA_DIR", "./data")));
		try {
			if ("backup".equals(args[0])) {
				String target = options.get("out");
				return (target == null) ? usage(err) : backup(dataDir, Path.of(target), options, env, out, err);
			}
			String source = options.get("from");
			return (source == null) ? usage(err) : restore(dataDir, Path.of(source), out, err);
		}
		catch (IOException | SQLException | RuntimeException ex) {
			err.println("Failed: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("Interrupted");
			return 1;
		}
	}

	private static int usage(PrintStream err) {
		err.println("Usage: backup --out FILE [--data-dir DIR] [--url http://127.0.0.1:8080]");
		err.println("       restore --from FILE [--data-dir DIR]");
		return 2;
	}

	private static int backup(Path dataDir, Path target, Map<String, String> options, Map<String, String> env,
			PrintStream out, PrintStream err) throws IOException, SQLException, InterruptedException {
		if (!Files.exists(dataDir.resolve(DATABASE + ".mv.db"))) {
			err.println("No database in " + dataDir.toAbsolutePath()
					+ ": set --data-dir or EXTRAMILE_DATA_DIR (on PostgreSQL, use pg_dump).");
			return 1;
		}
		try (Connection connection = open(dataDir); Statement statement = connection.createStatement()) {
			statement.execute("BACKUP TO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
			out.println("Backed up " + dataDir.toAbsolutePath() + " to " + target.toAbsolutePath());
			return 0;
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != DATABASE_IN_USE) {
				throw ex;
			}
		}
		// The app is running: it takes the snapshot itself
		String port = env.getOrDefault("PORT", env.getOrDefault("SERVER_PORT", "8080"));
		String url = options.getOrDefault("url", "http://127.0.0.1:" + port);
		String token = env.getOrDefault("EXTRAMILE_OPERATIONS_TOKEN", "");
		if (token.isBlank()) {
			err.println("Extra Mile is running and holds the database: set EXTRAMILE_OPERATIONS_TOKEN (the same as the "
					+ "app's) so the backup can be asked of it at " + url + ".");
			return 1;
		}
		HttpResponse<InputStream> response = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.build()
			.send(HttpRequest.newBuilder(URI.create(url + "/operations/backup"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				err.println("The running app at " + url + " answered " + response.statusCode() + ": "
						+ new String(body.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8));
				return 1;
			}
			Path partial = target.resolveSibling(target.getFileName() + ".part");
			Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		out.println("Backed up the running app at " + url + " to " + target.toAbsolutePath());
		return 0;
	}

	private static int restore(Path dataDir, Path source, PrintStream out, PrintStream err)
			throws IOException, SQLException {
		if (!Files.isRegularFile(source)) {
			err.println("No backup at " + source.toAbsolutePath());
			return 1;
		}
		if (Files.exists(dataDir.resolve(DATABASE + ".mv.db"))) {
			err.println("There is a database in " + dataDir.toAbsolutePath()
					+ " already: restore into an empty data directory (move the old one aside first).");
			return 1;
		}
		Files.createDirectories(dataDir);
		unzip(source, dataDir);
		try (Connection connection = open(dataDir);
				var rows = connection.createStatement().executeQuery("select count(*) from shop")) {
			rows.next();
			out.println("Restored " + source.toAbsolutePath() + " into " + dataDir.toAbsolutePath() + " ("
					+ rows.getLong(1) + " shop(s)). Start the app with EXTRAMILE_DATA_DIR=" + dataDir.toAbsolutePath());
		}
		return 0;
	}

	/** The database's files from a backup ZIP, each kept inside the data directory. */
	private static void unzip(Path source, Path dataDir) throws IOException {
		Path root = dataDir.toAbsolutePath().normalize();
		boolean found = false;
		try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(source))) {
			for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				Path target = root.resolve(entry.getName()).normalize();
				if (!target.startsWith(root) || entry.isDirectory()) {
					continue;
				}
				found |= target.getFileName().toString().equals(DATABASE + ".mv.db");
				Files.createDirectories(target.getParent());
				Files.copy(zip, target);
			}
		}
		if (!found) {
			throw new IOException(source + " is not a backup of Extra Mile's embedded database");
		}
	}

	private static Connection open(Path dataDir) throws SQLException {
		return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(DATABASE)
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE", "sa", "");
	}

}
