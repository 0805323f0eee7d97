package app.extramile.visits.till;

import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = { "extramile.visits.import.chunk-size=3", "extramile.visits.import.sweep-every=1h" })
class TillImportH2Tests extends TillImportContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

}
