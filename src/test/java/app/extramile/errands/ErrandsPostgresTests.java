package app.extramile.errands;

import app.extramile.HandMovedClock;
import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
@SpringBootTest(properties = "db-scheduler.enabled=false")
@Import(HandMovedClock.class)
class ErrandsPostgresTests extends ErrandsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

}
