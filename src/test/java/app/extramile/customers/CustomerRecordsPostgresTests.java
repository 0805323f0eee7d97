package app.extramile.customers;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
@SpringBootTest(properties = "db-scheduler.enabled=false")
class CustomerRecordsPostgresTests extends CustomerRecordsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

}
