package app.extramile.customers.importing;

import app.extramile.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = { "extramile.customers.import.chunk-size=3", "extramile.customers.import.every=200ms" })
class CustomerImportH2Tests extends CustomerImportContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

}
