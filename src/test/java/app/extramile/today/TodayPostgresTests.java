package app.extramile.today;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
class TodayPostgresTests extends TodayContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

}
