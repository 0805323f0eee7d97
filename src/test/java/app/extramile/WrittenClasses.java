package app.extramile;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The application's classes as written, for the tests that read its structure: not its
 * tests, and not the classes Spring AOT generates into {@code target/classes} when the
 * jar is packaged (bean definitions named {@code ...__BeanDefinitions}, proxies named
 * {@code ...$$SpringCGLIB$$...}; ADR 14), which a build without {@code clean} leaves
 * there for the next test run.
 */
public final class WrittenClasses implements ImportOption {

	private static final ImportOption NOT_TESTS = new ImportOption.DoNotIncludeTests();

	@Override
	public boolean includes(Location location) {
		return NOT_TESTS.includes(location) && !location.contains("__") && !location.contains("$$SpringCGLIB$$");
	}

	/** The application's modules, from the classes as written. */
	public static ApplicationModules modules() {
		return ApplicationModules.of(ExtraMileApplication.class, new WrittenClasses());
	}

}
