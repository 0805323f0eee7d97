package app.extramile.ledger.api;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
// Its database is its own, so the context is never reused: close it and give its
// connections back.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
class GiftCertificateApiPostgresTests extends GiftCertificateApiContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

}
