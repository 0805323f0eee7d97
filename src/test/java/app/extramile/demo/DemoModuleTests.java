package app.extramile.demo;

import java.util.List;

import app.extramile.ExtraMileApplication;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo village is one module at the edge: it may use every other module, no module
 * uses it, and nothing outside it switches on with demo mode.
 */
class DemoModuleTests {

	private static final String DEMO_PACKAGE = "app.extramile.demo";

	@Test
	void noModuleDependsOnTheDemo() {
		ApplicationModules modules = ApplicationModules.of(ExtraMileApplication.class);
		ApplicationModule demo = modules.getModuleByName("demo").orElseThrow();

		List<String> dependents = modules.stream()
			.filter((module) -> !module.equals(demo))
			.filter((module) -> module.getDirectDependencies(modules).contains(demo))
			.map(ApplicationModule::getName)
			.toList();

		assertThat(dependents).isEmpty();
		assertThat(demo.getDirectDependencies(modules).uniqueModules().map(ApplicationModule::getName))
			.as("the demo seeds through the other modules' public API")
			.contains("system", "customers", "visits", "team", "alarms", "errands", "ledger", "impact");
	}

	@Test
	void onlyTheDemoModuleSwitchesOnWithDemoMode() {
		JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
			.importPackages("app.extramile");

		List<String> outside = classes.stream()
			.filter((type) -> !type.getPackageName().startsWith(DEMO_PACKAGE))
			.filter((type) -> type.isAnnotatedWith(ConditionalOnProperty.class))
			.filter(DemoModuleTests::onDemoMode)
			.map(JavaClass::getName)
			.toList();

		assertThat(outside).isEmpty();
		assertThat(classes.stream()
			.filter((type) -> type.getPackageName().equals(DEMO_PACKAGE))
			.filter(DemoModuleTests::onDemoMode)
			.map(JavaClass::getSimpleName)).contains("DemoSeeding", "DemoVillage", "DemoTeam", "DemoLedger");
	}

	private static boolean onDemoMode(JavaClass type) {
		if (!type.isAnnotatedWith(ConditionalOnProperty.class)) {
			return false;
		}
		ConditionalOnProperty condition = type.getAnnotationOfType(ConditionalOnProperty.class);
		return List.of(condition.name()).contains("extramile.demo.enabled");
	}

}
