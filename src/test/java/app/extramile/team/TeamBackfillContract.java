package app.extramile.team;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import db.migration.welfare.V51__welfare_check_ins;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation from before every account was a team member, upgraded: V65 brings each
 * login no member is linked to onto the team, linking a member of the same name added by
 * hand rather than adding a second. Run on H2 and PostgreSQL by the subclasses.
 */
abstract class TeamBackfillContract {

	private static final OffsetDateTime LONG_AGO = OffsetDateTime.parse("2025-03-01T09:00:00Z");

	/** A connection to a fresh, empty database (or schema). */
	abstract Connection connect() throws SQLException;

	/** Flyway for that database (its schema, for PostgreSQL). */
	FluentConfiguration flyway() {
		return Flyway.configure();
	}

	@Test
	void everyLoginWithoutAMemberJoinsTheTeamLinkedToItsNamesakeOrAsAMemberOfItsOwn() throws SQLException {
		// One connection throughout: with Flyway on a connection of its own (closed after
		// migrating), H2 then refused
		// inserts into tables with a CHECK constraint ("The database has been closed").
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connect(), true);
		FluentConfiguration config = flyway().dataSource(dataSource)
			.locations("classpath:db/migration")
			.outOfOrder(true);
		Flyway.configure()
			.configuration(config)
			.locations("filesystem:" + everyMigrationBut("65"))
			.javaMigrations(new V51__welfare_check_ins())
			.load()
			.migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		try {
			UUID shop = shop(jdbc, "siop");
			UUID elsewhere = shop(jdbc, "elsewhere");
			UUID eleri = account(jdbc, shop, "eleri", "Eleri Prydderch", "OWNER", true, 5);
			jdbc.sql("update account set email = 'eleri@example.org', phone = '07700 900100' where id = ?")
				.param(eleri)
				.update();
			UUID nia = account(jdbc, shop, "nia", "Nia Jones", "STAFF", true, 1);
			UUID menna = account(jdbc, shop, "menna", "Menna Cadwgan", "VOLUNTEER", true, 2);
			UUID huw = account(jdbc, shop, "huw", "Huw Evans", "VOLUNTEER", true, 3);
			UUID dai = account(jdbc, shop, "dai", "Dai", "VOLUNTEER", true, 4);
			UUID gone = account(jdbc, shop, "gone", "Gone Away", "STAFF", false, 6);
			UUID otherNia = account(jdbc, elsewhere, "nia2", "Nia Jones", "OWNER", true, 7);
			UUID niaByHand = member(jdbc, shop, " nia JONES", null, true, 1);
			UUID mennaLinked = member(jdbc, shop, "Menna", menna, true, 2);
			member(jdbc, shop, "Huw Evans", huw, false, 3);
			UUID dai1 = member(jdbc, shop, "Dai", null, true, 4);
			UUID dai2 = member(jdbc, shop, "dai", null, true, 5);

			Flyway.configure().configuration(config).load().migrate();

			assertThat(membersOf(jdbc, shop, nia)).as("linked to the member added by hand").containsExactly(niaByHand);
			assertThat(membersOf(jdbc, shop, menna)).as("already linked: left as it was").containsExactly(mennaLinked);
			assertThat(jdbc.sql("select count(*) from team_member where account_id = ? and active")
				.param(huw)
				.query(Integer.class)
				.single()).as("removed from the team by hand before: stays removed").isZero();
			assertThat(membersOf(jdbc, shop, dai)).as("two members called Dai: which one? neither; a member of his own")
				.containsExactly(dai)
				.doesNotContain(dai1, dai2);
			assertThat(membersOf(jdbc, shop, gone)).as("a disabled login").isEmpty();
			assertThat(membersOf(jdbc, elsewhere, otherNia)).as("a namesake in another shop is not linked")
				.containsExactly(otherNia);

			Map<String, Object> owner = jdbc
				.sql("select name, mobile, email, position, active from team_member where account_id = ?")
				.param(eleri)
				.query()
				.singleRow();
			assertThat(owner).containsEntry("name", "Eleri Prydderch")
				.containsEntry("mobile", "07700 900100")
				.containsEntry("email", "eleri@example.org")
				.containsEntry("active", true);
			int daiPosition = jdbc.sql("select position from team_member where id = ?")
				.param(dai)
				.query(Integer.class)
				.single();
			assertThat((Integer) owner.get("position")).as("after the members there were, owners first")
				.isGreaterThan(5)
				.isLessThan(daiPosition);
			assertThat(jdbc.sql("select count(*) from team_member where shop_id = ?")
				.param(shop)
				.query(Integer.class)
				.single()).as("five members before, the owner and Dai added").isEqualTo(7);

			Flyway.configure().configuration(config).load().migrate();
			assertThat(jdbc.sql("select count(*) from team_member").query(Integer.class).single())
				.as("nothing more on a second start")
				.isEqualTo(8);
		}
		finally {
			dataSource.destroy();
		}
	}

	/** What an installation from before had: every migration but the one. */
	private static Path everyMigrationBut(String version) {
		try {
			Path earlier = Files.createTempDirectory("earlier-migrations");
			for (Resource sql : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:db/migration/**/V*__*.sql")) {
				if (!sql.getFilename().startsWith("V" + version + "__")) {
					try (InputStream in = sql.getInputStream()) {
						Files.copy(in, earlier.resolve(sql.getFilename()));
					}
				}
			}
			return earlier;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<UUID> membersOf(JdbcClient jdbc, UUID shop, UUID account) {
		return jdbc.sql("select id from team_member where shop_id = ? and account_id = ? and active")
			.params(shop, account)
			.query(UUID.class)
			.list();
	}

	private static UUID shop(JdbcClient jdbc, String slug) {
		UUID id = UUID.randomUUID();
		jdbc.sql("insert into shop (id, slug, name, time_zone, created_at) values (?, ?, ?, 'Europe/London', ?)")
			.params(id, slug, slug, LONG_AGO)
			.update();
		return id;
	}

	private static UUID account(JdbcClient jdbc, UUID shop, String username, String name, String role, boolean enabled,
			int day) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into account (id, shop_id, username, display_name, role, password_hash, enabled, created_at)
				values (?, ?, ?, ?, ?, 'x', ?, ?)""")
			.params(id, shop, username, name, role, enabled, LONG_AGO.plusDays(day))
			.update();
		return id;
	}

	private static UUID member(JdbcClient jdbc, UUID shop, String name, UUID account, boolean active, int position) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into team_member (id, shop_id, name, account_id, position, active, created_at)
				values (?, ?, ?, ?, ?, ?, ?)""").params(id, shop, name, account, position, active, LONG_AGO).update();
		return id;
	}

}
