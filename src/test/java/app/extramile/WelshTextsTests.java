package app.extramile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No missing text, ever: every English message has its Welsh twin and the other way
 * round, with the same arguments; every message reads as an ICU pattern in its language;
 * a Welsh count has all six of Welsh's plural forms, an English one both of English's;
 * and no count is left as "bag(s)".
 */
class WelshTextsTests {

	private static final Path MESSAGES = Path.of("src/main/resources/messages");

	private static final List<String> WELSH_FORMS = List.of("zero", "one", "two", "few", "many", "other");

	/**
	 * A form that stands for one number only may be written as that number: {@code =1}
	 * for English's one, Welsh's one, two, few and many.
	 */
	private static final Map<String, String> EXACTLY = Map.of("zero", "=0", "one", "=1", "two", "=2", "few", "=3",
			"many", "=6");

	/** A plural argument and the start of its forms: {@code {0,plural,}. */
	private static final Pattern PLURAL = Pattern.compile("\\{\\s*(\\d+)\\s*,\\s*plural\\s*,");

	/** An argument's number where it is used: {@code {0}}, {@code {1,choice,...}}. */
	private static final Pattern ARGUMENT = Pattern.compile("\\{\\s*(\\d+)\\s*[,}]");

	@Test
	void everyMessageFileHasItsWelshTwinWithTheSameKeys() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path english : englishFiles()) {
			Path welsh = twin(english);
			if (!Files.exists(welsh)) {
				problems.add(english.getFileName() + " has no Welsh twin " + welsh.getFileName());
				continue;
			}
			Set<String> inEnglish = load(english).keySet();
			Set<String> inWelsh = load(welsh).keySet();
			for (String key : inEnglish) {
				if (!inWelsh.contains(key)) {
					problems.add(welsh.getFileName() + " lacks " + key);
				}
			}
			for (String key : inWelsh) {
				if (!inEnglish.contains(key)) {
					problems.add(welsh.getFileName() + " has " + key + ", which English does not");
				}
			}
		}
		assertThat(englishFiles()).as("message files").hasSizeGreaterThan(10);
		assertThat(problems).as("keys in one language and not the other").isEmpty();
	}

	@Test
	void welshMessagesUseTheSameArgumentsAsEnglish() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path english : englishFiles()) {
			Map<String, String> welsh = Files.exists(twin(english)) ? load(twin(english)) : Map.of();
			load(english).forEach((key, text) -> {
				String translated = welsh.get(key);
				if (translated != null && !arguments(text).equals(arguments(translated))) {
					problems.add(key + ": English uses " + arguments(text) + ", Welsh " + arguments(translated));
				}
			});
		}
		assertThat(problems).as("messages whose arguments differ between the languages").isEmpty();
	}

	@Test
	void everyMessageWithArgumentsReadsAsAnIcuPattern() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path file : allFiles()) {
			ULocale locale = file.getFileName().toString().contains("_cy") ? new ULocale("cy_GB")
					: new ULocale("en_GB");
			load(file).forEach((key, text) -> {
				if (text.contains("{")) {
					try {
						MessageFormat format = new MessageFormat(text, locale);
						Object[] sample = new Object[10];
						for (int i = 0; i < sample.length; i++) {
							sample[i] = 3;
						}
						format.format(sample);
					}
					catch (IllegalArgumentException ex) {
						problems.add(file.getFileName() + " " + key + ": " + ex.getMessage());
					}
				}
			});
		}
		assertThat(problems).as("messages ICU cannot read").isEmpty();
	}

	@Test
	void countsHaveEveryPluralFormOfTheirLanguage() throws IOException {
		List<String> problems = new ArrayList<>();
		int welshCounts = 0;
		for (Path file : allFiles()) {
			boolean welsh = file.getFileName().toString().contains("_cy");
			List<String> needed = welsh ? WELSH_FORMS : List.of("one", "other");
			for (Map.Entry<String, String> message : load(file).entrySet()) {
				for (Set<String> forms : pluralForms(message.getValue())) {
					welshCounts += welsh ? 1 : 0;
					for (String form : needed) {
						if (!forms.contains(form) && !forms.contains(EXACTLY.get(form))) {
							problems.add(file.getFileName() + " " + message.getKey() + " lacks the form " + form);
						}
					}
				}
				if (message.getValue().matches("(?s).*\\w\\((s|es)\\).*")) {
					problems.add(file.getFileName() + " " + message.getKey() + " counts with \"(s)\"");
				}
			}
		}
		assertThat(problems).as("counts without all their plural forms").isEmpty();
		assertThat(welshCounts).as("Welsh counts found (is the scan working?)").isGreaterThan(5);
	}

	@Test
	void welshCountsReadRightForEachForm() {
		MessageFormat format = new MessageFormat(
				"{0,plural,zero{dim siop} one{# siop} two{# siop} few{# siop} many{# siop} other{# siop}}",
				new ULocale("cy_GB"));
		com.ibm.icu.text.PluralRules rules = com.ibm.icu.text.PluralRules.forLocale(new ULocale("cy"));
		assertThat(rules.select(0)).isEqualTo("zero");
		assertThat(rules.select(1)).isEqualTo("one");
		assertThat(rules.select(2)).isEqualTo("two");
		assertThat(rules.select(3)).isEqualTo("few");
		assertThat(rules.select(6)).isEqualTo("many");
		assertThat(rules.select(10)).isEqualTo("other");
		assertThat(format.format(new Object[] { 0 })).isEqualTo("dim siop");
	}

	/** The forms named in each plural argument of a message, nested ones too. */
	static List<Set<String>> pluralForms(String text) {
		List<Set<String>> all = new ArrayList<>();
		Matcher plural = PLURAL.matcher(text);
		while (plural.find()) {
			Set<String> forms = new TreeSet<>();
			int depth = 0;
			StringBuilder selector = new StringBuilder();
			for (int i = plural.end(); i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '{') {
					if (depth == 0) {
						forms.add(selector.toString().strip());
						selector.setLength(0);
					}
					depth++;
				}
				else if (c == '}') {
					if (depth == 0) {
						break;
					}
					depth--;
				}
				else if (depth == 0) {
					selector.append(c);
				}
			}
			all.add(forms);
		}
		return all;
	}

	private static Set<String> arguments(String text) {
		Set<String> used = new TreeSet<>();
		Matcher argument = ARGUMENT.matcher(text);
		while (argument.find()) {
			used.add(argument.group(1));
		}
		return used;
	}

	private static Path twin(Path english) {
		String name = english.getFileName().toString();
		return english.resolveSibling(name.replace(".properties", "_cy.properties"));
	}

	private static List<Path> englishFiles() throws IOException {
		return allFiles().stream().filter((p) -> !p.getFileName().toString().contains("_")).toList();
	}

	private static List<Path> allFiles() throws IOException {
		try (Stream<Path> paths = Files.list(MESSAGES)) {
			return paths.filter((p) -> p.toString().endsWith(".properties")).sorted().toList();
		}
	}

	private static Map<String, String> load(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		Map<String, String> messages = new TreeMap<>();
		properties.forEach((key, value) -> messages.put((String) key, (String) value));
		return messages;
	}

}
