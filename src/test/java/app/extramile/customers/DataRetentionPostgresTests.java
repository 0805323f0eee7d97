package app.extramile.customers;

import app.extramile.HandMovedClock;
import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
@SpringBootTest
@Import(HandMovedClock.class)
class DataRetentionPostgresTests extends DataRetentionContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

}
