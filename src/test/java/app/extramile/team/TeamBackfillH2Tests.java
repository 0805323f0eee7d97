package app.extramile.team;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

class TeamBackfillH2Tests extends TeamBackfillContract {

	private final String url = "jdbc:h2:mem:backfill-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	@Override
	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, "sa", "");
	}

}
