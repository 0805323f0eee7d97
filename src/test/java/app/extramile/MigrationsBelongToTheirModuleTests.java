package app.extramile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module's migrations live in its own folder ({@code db/migration/<module>/}, named
 * after the module, as the file names already say) and change only that module's tables:
 * a module that needs another's data asks it through its facade, or the column moves.
 */
class MigrationsBelongToTheirModuleTests {

	/**
	 * Written before the rule and kept as it is: its checksum is recorded in every
	 * installation, so changing it would stop them starting. {@code V70} widened
	 * {@code welfare_check}'s reasons for checks opened at the door.
	 */
	private static final Set<String> BEFORE_THE_RULE = Set.of("errands/V70__errands.sql welfare_check");

	private static final Pattern CREATE = Pattern.compile("create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern CHANGE = Pattern
		.compile("(?:alter\\s+table\\s+(?:if\\s+exists\\s+)?|update\\s+|insert\\s+into\\s+|delete\\s+from\\s+"
				+ "|drop\\s+table\\s+(?:if\\s+exists\\s+)?|create\\s+(?:unique\\s+)?index\\s+(?:if\\s+not\\s+exists\\s+)?\\w+\\s+on\\s+)(\\w+)",
				Pattern.CASE_INSENSITIVE);

	/** Folder/file name to its SQL, comments removed. */
	private static final Map<String, String> migrations = new TreeMap<>();

	@BeforeAll
	static void readMigrations() throws IOException {
		for (Resource sql : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:db/migration/**/V*__*.sql")) {
			String path = sql.getURL().toString();
			String folderAndName = path.substring(path.lastIndexOf("db/migration/") + "db/migration/".length());
			try (InputStream in = sql.getInputStream()) {
				migrations.put(folderAndName,
						new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", ""));
			}
		}
		assertThat(migrations).as("the migrations found").hasSizeGreaterThan(40);
	}

	@Test
	void eachMigrationIsInTheFolderOfTheModuleItNames() {
		for (String folderAndName : migrations.keySet()) {
			String[] parts = folderAndName.split("/");
			assertThat(parts).as("%s is in a module's folder", folderAndName).hasSize(2);
			String module = parts[0];
			String name = parts[1];
			assertThat(name.substring(name.indexOf("__") + 2)).as(folderAndName).startsWith(module);
			assertThat(MigrationsBelongToTheirModuleTests.class.getResource("/app/extramile/" + module))
				.as("%s names a module of app.extramile", folderAndName)
				.isNotNull();
		}
	}

	@Test
	void noMigrationChangesAnotherModulesTables() {
		Map<String, String> owners = new HashMap<>();
		migrations.forEach((folderAndName, sql) -> {
			Matcher created = CREATE.matcher(sql);
			while (created.find()) {
				owners.putIfAbsent(created.group(1).toLowerCase(Locale.ROOT), folderAndName.split("/")[0]);
			}
		});
		List<String> crossings = new ArrayList<>();
		migrations.forEach((folderAndName, sql) -> {
			String module = folderAndName.split("/")[0];
			Matcher changed = CHANGE.matcher(sql);
			while (changed.find()) {
				String table = changed.group(1).toLowerCase(Locale.ROOT);
				String owner = owners.get(table);
				if (owner != null && !owner.equals(module) && !BEFORE_THE_RULE.contains(folderAndName + " " + table)) {
					crossings.add(folderAndName + " changes " + table + " (" + owner + ")");
				}
			}
		});
		assertThat(owners).as("tables made by the migrations").containsEntry("welfare_check", "welfare");
		assertThat(crossings).as("migrations changing another module's tables").isEmpty();
	}

}
