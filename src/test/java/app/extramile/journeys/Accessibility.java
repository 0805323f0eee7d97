package app.extramile.journeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs axe-core (the accessibility engine browsers' own audits use) in a page and fails
 * on any serious or critical violation (WCAG 2.2 A and AA rules and best practices),
 * naming the rule and the first elements it found. The rules whose violations are of
 * minor or moderate impact by axe-core's own data (landmarks, heading order, regions and
 * the like) can never fail this check, so they are not run.
 */
final class Accessibility {

	private static final String AXE = load();

	private Accessibility() {
	}

	/**
	 * Checks the page as it is now. The script is evaluated through the browser's
	 * debugging protocol, so the page's Content Security Policy stays as it is.
	 */
	static void check(Page page, String what) {
		if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
			page.evaluate(AXE);
		}
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("""
				async () => {
				  if (!window.axeSeriousOnly) {
				    // the rules whose violations are at most moderate (a rule's own impact is
				    // every violation's; without one, its checks' highest) never report
				    // anything this check fails on, so they are not run at all
				    const order = { minor: 1, moderate: 2, serious: 3, critical: 4 };
				    const checks = axe._audit.data.checks;
				    const rules = {};
				    for (const rule of axe._audit.rules) {
				      const impacts = rule.impact ? [rule.impact] : [...rule.any, ...rule.all, ...rule.none]
				        .map((c) => (checks[typeof c === 'string' ? c : c.id] || {}).impact);
				      if (impacts.length && impacts.every((i) => order[i] && order[i] < order.serious)) {
				        rules[rule.id] = { enabled: false };
				      }
				    }
				    window.axeSeriousOnly = rules;
				  }
				  const result = await axe.run(document, { resultTypes: ['violations'], rules: window.axeSeriousOnly });
				  return result.violations
				    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
				    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help,
				      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
				}""");
		assertThat(violations).as("serious or critical accessibility violations on %s (%s)", what, page.url())
			.isEmpty();
	}

	private static String load() {
		try (InputStream in = Accessibility.class.getResourceAsStream("/axe.min.js")) {
			if (in == null) {
				throw new IllegalStateException("axe.min.js is not on the test classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
