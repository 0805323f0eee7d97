package db.migration.welfare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Regular check-ins ("check in and chat every Thursday at 10"): a table of their own, and
 * a third reason a welfare check may be opened for. The reason's CHECK was declared
 * inline in V50, so each database named it differently (PostgreSQL
 * {@code welfare_check_reason_check}, H2 a generated name); this migration finds it by
 * what it checks and replaces it with a named one. Written in Java only for that look-up.
 */
public class V51__welfare_check_ins extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		List<String> reasonChecks = new ArrayList<>();
		try (PreparedStatement find = connection.prepareStatement("""
				select tc.constraint_name, cc.check_clause from information_schema.table_constraints tc
				join information_schema.check_constraints cc
				  on cc.constraint_name = tc.constraint_name and cc.constraint_schema = tc.constraint_schema
				where lower(tc.table_name) = 'welfare_check' and tc.constraint_type = 'CHECK'
				  and tc.table_schema = current_schema""")) {
			try (ResultSet rs = find.executeQuery()) {
				while (rs.next()) {
					String clause = rs.getString(2).toUpperCase();
					if (clause.contains("BY_HAND")) {
						reasonChecks.add(rs.getString(1));
					}
				}
			}
		}
		if (reasonChecks.size() != 1) {
			throw new IllegalStateException("expected one CHECK on welfare_check.reason, found " + reasonChecks);
		}
		try (Statement sql = connection.createStatement()) {
			sql.execute("alter table welfare_check drop constraint \"" + reasonChecks.get(0) + "\"");
			sql.execute("""
					alter table welfare_check add constraint welfare_check_reason
					  check (reason in ('ABSENCE', 'BY_HAND', 'SCHEDULED'))""");
			sql.execute("""
					create table welfare_check_in (
					    id           uuid primary key,
					    shop_id      uuid         not null references shop (id),
					    customer_id  uuid         not null,
					    weekday      int          not null check (weekday between 1 and 7),
					    at_time      time         not null,
					    note         varchar(120),
					    next_due_at  timestamp with time zone not null,
					    created_at   timestamp with time zone not null,
					    created_by   uuid,
					    ended_at     timestamp with time zone
					)""");
			sql.execute("create index welfare_check_in_due on welfare_check_in (next_due_at)");
			sql.execute("create index welfare_check_in_by_shop on welfare_check_in (shop_id, customer_id)");
			sql.execute("alter table welfare_check add column check_in_id uuid");
		}
	}

}
