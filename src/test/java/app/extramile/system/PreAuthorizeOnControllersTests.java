package app.extramile.system;

import java.util.Set;
import java.util.TreeSet;

import app.extramile.ExtraMileApplication;
import app.extramile.WrittenClasses;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app looks for {@code @PreAuthorize} on its own controllers only (the advisor in
 * {@link SecurityConfiguration}): one anywhere else would not be enforced, so none may be
 * anywhere else.
 */
class PreAuthorizeOnControllersTests {

	@Test
	void everyPreAuthorizeIsOnAController() {
		JavaClasses classes = new ClassFileImporter().withImportOption(new WrittenClasses())
			.importPackages(ExtraMileApplication.class.getPackageName());
		Set<String> annotated = new TreeSet<>();
		Set<String> elsewhere = new TreeSet<>();
		for (JavaClass type : classes) {
			boolean controller = type.isAnnotatedWith(Controller.class) || type.isMetaAnnotatedWith(Controller.class);
			if (type.isAnnotatedWith(PreAuthorize.class)) {
				annotated.add(type.getName());
				if (!controller) {
					elsewhere.add(type.getName());
				}
			}
			for (JavaMethod method : type.getMethods()) {
				if (method.isAnnotatedWith(PreAuthorize.class)) {
					annotated.add(method.getFullName());
					if (!controller) {
						elsewhere.add(method.getFullName());
					}
				}
			}
		}
		assertThat(annotated).as("the rule reads the app's classes").hasSizeGreaterThan(50);
		assertThat(elsewhere).as("@PreAuthorize outside a controller, which nothing would enforce").isEmpty();
	}

}
