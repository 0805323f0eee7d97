package app.extramile;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Module boundaries hold (no cycles, only API types used across modules), and the module
 * documentation under target/spring-modulith-docs is regenerated.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(ExtraMileApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
	}

}
