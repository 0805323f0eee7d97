package app.extramile.team;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

@RequiresPostgres
class TeamBackfillPostgresTests extends TeamBackfillContract {

	private final String schema = "t_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);

	private final String url = TestDatabases.POSTGRES_URL + "?currentSchema=" + this.schema;

	@Override
	FluentConfiguration flyway() {
		return Flyway.configure().schemas(this.schema).defaultSchema(this.schema).createSchemas(true);
	}

	@Override
	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
	}

}
