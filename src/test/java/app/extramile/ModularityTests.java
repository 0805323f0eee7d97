package app.extramile;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module boundaries hold (no cycles, only API types used across modules), each module's
 * API is only what other modules use, and the module documentation under
 * target/spring-modulith-docs is regenerated.
 */
class ModularityTests {

	private final ApplicationModules modules = WrittenClasses.modules();

	/**
	 * Public types of a module's base package that no other module's code uses, kept
	 * public on purpose, with why. Anything else public and unused elsewhere is public by
	 * accident.
	 */
	private static final Map<String, String> KEPT_PUBLIC = Map.ofEntries(
			entry("app.extramile.absences.AbsenceSweep", "welfare, customers and today tests sweep by hand"),
			entry("app.extramile.alarms.AlarmReport", "the demo story test reads the month's response times"),
			entry("app.extramile.backtesting.Backtest", "absences' red budget test judges the model with it"),
			entry("app.extramile.backtesting.VillageSimulator", "absences' red budget test simulates its village"),
			entry("app.extramile.customers.ConsentMissingException",
					"caught by customers.web (a catch clause is not a use the class analysis sees)"),
			entry("app.extramile.demo.Demo", "the demo story test finds the demo shop by its slug"),
			entry("app.extramile.demo.DemoSchema", "the build runs its main to write the demo's prepared schema"),
			entry("app.extramile.notifications.Delivery", "impact's digest test reads what was delivered"),
			entry("app.extramile.notifications.NotificationId", "what Notifier.send answers"),
			entry("app.extramile.rounds.SolomonInstance", "the round planner benchmark reads Solomon instances"),
			entry("app.extramile.timeline.Timeline", "errands and ledger tests check their events reach it"),
			entry("app.extramile.timeline.TimelineItem", "errands and ledger tests check their events reach it"));

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	/**
	 * A module's interface is the public types of its base package (its sub-packages are
	 * internal): each is there because another module uses it, itself or a type nested in
	 * it (an event in its module's holder). The rest is package-private.
	 */
	@Test
	void aModuleOffersOnlyWhatOtherModulesUse() {
		JavaClasses classes = new ClassFileImporter().withImportOption(new WrittenClasses())
			.importPackages(ExtraMileApplication.class.getPackageName());
		Set<String> publicButUnused = new TreeSet<>();
		for (ApplicationModule module : this.modules) {
			if (module.getIdentifier().toString().equals("shared")) {
				continue; // the shared kernel: small value types for every module, by
							// design
			}
			String base = module.getBasePackage().getName();
			Set<String> offered = new TreeSet<>();
			Set<String> used = new TreeSet<>();
			for (JavaClass type : classes) {
				if (!type.getPackageName().equals(base)) {
					continue;
				}
				JavaClass topLevel = topLevel(type);
				if (type.equals(topLevel) && type.getModifiers().contains(JavaModifier.PUBLIC)
						&& !type.getSimpleName().equals("package-info")) {
					offered.add(type.getName());
				}
				if (type.getDirectDependenciesToSelf()
					.stream()
					.anyMatch((d) -> !inside(d.getOriginClass().getPackageName(), base))) {
					used.add(topLevel.getName());
				}
			}
			offered.removeAll(used);
			publicButUnused.addAll(offered);
		}
		assertThat(publicButUnused).as("public, but no other module uses them: make them package-private")
			.containsExactlyInAnyOrderElementsOf(KEPT_PUBLIC.keySet());
	}

	private static JavaClass topLevel(JavaClass type) {
		JavaClass outer = type;
		while (outer.getEnclosingClass().isPresent()) {
			outer = outer.getEnclosingClass().get();
		}
		return outer;
	}

	private static boolean inside(String pkg, String base) {
		return pkg.equals(base);
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(this.modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
	}

}
