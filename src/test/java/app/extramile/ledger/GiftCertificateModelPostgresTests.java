package app.extramile.ledger;

import app.extramile.RequiresPostgres;
import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@RequiresPostgres
@SpringBootTest(properties = "db-scheduler.enabled=false")
@Import(MutableClock.Config.class)
class GiftCertificateModelPostgresTests extends GiftCertificateModelContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.postgres(registry);
	}

	@Override
	int sequences() {
		return Integer.getInteger("ledger.model.sequences", 1000);
	}

}
