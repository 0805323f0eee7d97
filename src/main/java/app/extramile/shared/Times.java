package app.extramile.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns the same way on H2 and
 * PostgreSQL (the PostgreSQL driver does not bind {@link Instant} itself).
 */
public final class Times {

	private Times() {
	}

	public static OffsetDateTime column(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	public static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
