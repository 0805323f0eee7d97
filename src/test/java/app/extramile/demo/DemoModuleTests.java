package app.extramile.demo;

import java.util.List;

import app.extramile.WrittenClasses;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo village is one module at the edge: it may use every other module, no module
 * uses it, and demo mode is a setting its seeding reads, not a condition on beans.
 */
class DemoModuleTests {

	private static final String DEMO_PACKAGE = "app.extramile.demo";

	@Test
	void noModuleDependsOnTheDemo() {
		ApplicationModules modules = WrittenClasses.modules();
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

	/**
	 * Demo mode is a setting read when the application starts, never a condition on a
	 * bean: the jar's ahead-of-time processed context fixes its beans when the jar is
	 * built (ADR 14), so a bean that appeared only in demo mode would never appear in an
	 * image started that way, and one that vanished in it would be there on every shop.
	 */
	@Test
	void demoModeSwitchesNoBeanOnOrOff() {
		JavaClasses classes = new ClassFileImporter().withImportOption(new WrittenClasses())
			.importPackages("app.extramile");

		List<String> conditional = classes.stream()
			.filter((type) -> type.isAnnotatedWith(ConditionalOnProperty.class) || type.getMethods()
				.stream()
				.anyMatch((method) -> method.isAnnotatedWith(ConditionalOnProperty.class)))
			.map(JavaClass::getName)
			.toList();

		assertThat(conditional).as("beans switched on or off by a setting").isEmpty();
		assertThat(classes.get(DemoSeeding.class)
			.getConstructors()
			.stream()
			.flatMap((constructor) -> constructor.getParameters().stream())
			.filter((parameter) -> parameter.isAnnotatedWith(Value.class))
			.map((parameter) -> parameter.getAnnotationOfType(Value.class).value()))
			.as("the one place that reads demo mode")
			.containsExactly("${extramile.demo.enabled:false}");
	}

}
