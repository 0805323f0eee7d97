package app.extramile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import app.extramile.customers.AwayNotice;
import app.extramile.customers.Contact;
import app.extramile.shared.Role;
import app.extramile.visits.Visit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every word a person reads comes from {@code messages/*.properties}, so Welsh can be
 * added as a translation: no hard-coded text in templates, no missing keys (from
 * templates, validation and Java), no key defined twice.
 */
class I18nCompletenessTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Path MESSAGES = Path.of("src/main/resources/messages");

	private static final Path JAVA = Path.of("src/main/java");

	/**
	 * A start or end tag; quoted attribute values may contain {@code <} and {@code >}.
	 */
	private static final Pattern TAG = Pattern
		.compile("<(/?)([a-zA-Z][\\w:.-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>");

	private static final Pattern COMMENT = Pattern.compile("<!--.*?-->|<!DOCTYPE[^>]*>", Pattern.DOTALL);

	/** Attributes whose value replaces the element's children (or the element). */
	private static final Pattern REPLACES_BODY = Pattern
		.compile("\\sth:(text|utext|replace|insert|errors|remove)\\s*=");

	/** Plain attributes a person reads or hears. */
	private static final Pattern VISIBLE_ATTRIBUTE = Pattern
		.compile("(?<![\\w:-])(placeholder|title|alt|aria-label|value)\\s*=\\s*\"([^\"]*)\"");

	private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
			"meta", "param", "source", "track", "wbr");

	private static final Pattern KEY_IN_TEMPLATE = Pattern.compile("#\\{([^}]*)\\}");

	@Test
	void templatesHaveNoHardCodedText() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Path template : files(TEMPLATES, ".html")) {
			String html = COMMENT.matcher(read(template)).replaceAll(" ");
			Deque<Element> open = new ArrayDeque<>();
			Matcher tag = TAG.matcher(html);
			int textStart = 0;
			while (tag.find()) {
				checkText(html.substring(textStart, tag.start()), open, template, problems);
				textStart = tag.end();
				String name = tag.group(2).toLowerCase(Locale.ROOT);
				String attributes = tag.group(3);
				if (!tag.group(1).isEmpty()) {
					while (!open.isEmpty() && !open.pop().name().equals(name)) {
						// an element closed implicitly (e.g. <p> or <li>)
					}
					continue;
				}
				Matcher attribute = VISIBLE_ATTRIBUTE.matcher(attributes);
				while (attribute.find()) {
					// The value of an input, option or button is sent with the form, not
					// shown.
					boolean submittedOnly = attribute.group(1).equals("value")
							&& (name.equals("input") || name.equals("option") || name.equals("button"));
					if (hasWords(attribute.group(2)) && !submittedOnly) {
						problems.add(template + ": <" + name + "> " + attribute.group(1) + "=\"" + attribute.group(2)
								+ "\" is not from messages");
					}
				}
				if (tag.group(4).isEmpty() && !VOID.contains(name)) {
					// A page's <html th:replace="~{layout :: page(~{::title},
					// ~{::main})}">
					// hands its own title and main to the layout: they are shown.
					boolean replaced = (!name.equals("html") && REPLACES_BODY.matcher(attributes).find())
							|| (!open.isEmpty() && open.peek().replaced());
					open.push(new Element(name, replaced || name.equals("script") || name.equals("style")));
				}
			}
			checkText(html.substring(textStart), open, template, problems);
		}
		assertThat(problems).as("hard-coded text in templates").isEmpty();
	}

	@Test
	void everyKeyUsedInTemplatesExists() throws IOException {
		Map<String, String> messages = allMessages();
		Set<String> missing = new TreeSet<>();
		for (Path template : files(TEMPLATES, ".html")) {
			Matcher key = KEY_IN_TEMPLATE.matcher(read(template));
			while (key.find()) {
				String expression = key.group(1).trim();
				if (expression.startsWith("'")) {
					// #{'role.' + ${...}}: the enums behind these are checked one by one
					// below.
					String prefix = expression.substring(1, expression.indexOf('\'', 1));
					if (messages.keySet().stream().noneMatch((k) -> k.startsWith(prefix))) {
						missing.add(template.getFileName() + ": " + prefix + "*");
					}
				}
				else if (expression.contains("__${")) {
					// #{prefix.__${value}__}: a key built from a value; its prefix must
					// exist.
					String prefix = expression.substring(0, expression.indexOf("__${"));
					if (messages.keySet().stream().noneMatch((k) -> k.startsWith(prefix))) {
						missing.add(template.getFileName() + ": " + prefix + "*");
					}
				}
				else if (!expression.startsWith("${")) {
					String name = expression.replaceFirst("\\(.*$", "").trim();
					if (!messages.containsKey(name)) {
						missing.add(template.getFileName() + ": " + name);
					}
				}
			}
		}
		assertThat(missing).as("message keys used in templates but not defined").isEmpty();
	}

	@Test
	void everyEnumShownByNameHasAMessage() throws IOException {
		Map<String, String> messages = allMessages();
		List<String> keys = new ArrayList<>();
		for (Role role : Role.values()) {
			keys.add("role." + role.name());
		}
		for (Contact.Relationship relationship : Contact.Relationship.values()) {
			keys.add("contact.relationship." + relationship.name());
		}
		for (AwayNotice.Reason reason : AwayNotice.Reason.values()) {
			keys.add("away.reason." + reason.name());
			keys.add("timeline.kind.away." + reason.name().toLowerCase(Locale.ROOT));
		}
		for (Visit.Source source : Visit.Source.values()) {
			keys.add("timeline.kind.visit." + source.name().toLowerCase(Locale.ROOT));
		}
		keys.add("care.access.CARE_NOTES");
		keys.add("care.access.ACCESS_NOTES");
		assertThat(keys).as("messages for enum values").allSatisfy((key) -> assertThat(messages).containsKey(key));
	}

	@Test
	void everyKeyUsedInJavaExists() throws IOException {
		Map<String, String> messages = allMessages();
		Pattern[] uses = { Pattern.compile("\\breject\\(\\s*\"([^\"]+)\""),
				Pattern.compile("\\brejectValue\\([^;]*?,\\s*\"([^\"]+)\"\\s*\\)"),
				Pattern.compile("problems\\.write\\([^;]*?\"([^\"]+)\""),
				Pattern.compile("addAttribute\\(\"label\",\\s*\"([^\"]+)\"\\)") };
		Pattern timelineKind = Pattern.compile("event\\.at\\(\\),\\s*\"([^\"]+)\"");
		Pattern constraint = Pattern.compile("@(NotBlank|NotNull|NotEmpty|Size|Pattern|Past|PastOrPresent|Future|"
				+ "DecimalMin|DecimalMax|Min|Max|Email|Positive|PositiveOrZero)\\b");
		Set<String> missing = new TreeSet<>();
		int found = 0;
		for (Path source : files(JAVA, ".java")) {
			String java = read(source);
			for (Pattern use : uses) {
				Matcher key = use.matcher(java);
				while (key.find()) {
					found++;
					if (!messages.containsKey(key.group(1))) {
						missing.add(source.getFileName() + ": " + key.group(1));
					}
				}
			}
			Matcher kind = timelineKind.matcher(java);
			while (kind.find()) {
				found++;
				// "away." + reason is a prefix: its enum is checked one by one above.
				if (!kind.group(1).endsWith(".") && !messages.containsKey("timeline.kind." + kind.group(1))) {
					missing.add(source.getFileName() + ": timeline.kind." + kind.group(1));
				}
			}
			Matcher annotation = constraint.matcher(java);
			while (annotation.find()) {
				if (!messages.containsKey(annotation.group(1))) {
					missing.add(source.getFileName() + ": " + annotation.group(1) + " (validation message)");
				}
			}
		}
		assertThat(found).as("keys found in Java (is the scan still working?)").isGreaterThan(10);
		assertThat(missing).as("message keys used in Java but not defined").isEmpty();
	}

	@Test
	void noKeyIsDefinedTwice() throws IOException {
		List<String> duplicates = new ArrayList<>();
		for (Path file : files(MESSAGES, ".properties")) {
			Set<String> inFile = new TreeSet<>();
			for (String key : keys(file)) {
				if (!inFile.add(key)) {
					duplicates.add(file.getFileName() + ": " + key + " twice");
				}
			}
		}
		// The basenames are one message source: a key in two files hides one of them.
		Map<String, String> owner = new LinkedHashMap<>();
		for (Path file : files(MESSAGES, ".properties")) {
			if (!file.getFileName().toString().contains("_")) {
				for (String key : new TreeSet<>(keys(file))) {
					String before = owner.putIfAbsent(key, file.getFileName().toString());
					if (before != null) {
						duplicates.add(key + " in " + before + " and " + file.getFileName());
					}
				}
			}
		}
		assertThat(duplicates).as("message keys defined more than once").isEmpty();
	}

	private static void checkText(String text, Deque<Element> open, Path template, List<String> problems) {
		String words = text.replaceAll("\\[\\[.*?]]|\\[\\(.*?\\)]", " ").replace("&nbsp;", " ").trim();
		if (hasWords(words) && (open.isEmpty() || !open.peek().replaced())) {
			problems.add(template + ": \"" + words.replaceAll("\\s+", " ") + "\" inside <"
					+ (open.isEmpty() ? "document" : open.peek().name()) + ">");
		}
	}

	private static boolean hasWords(String text) {
		return text.codePoints().anyMatch(Character::isLetter) && !text.startsWith("${") && !text.startsWith("#{")
				&& !text.startsWith("@{");
	}

	/** The keys of a properties file in order, continuation lines folded. */
	private static List<String> keys(Path file) throws IOException {
		List<String> keys = new ArrayList<>();
		boolean continued = false;
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String trimmed = line.strip();
			boolean wasContinued = continued;
			continued = trimmed.endsWith("\\") && !trimmed.endsWith("\\\\");
			if (wasContinued || trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
				continue;
			}
			Matcher key = Pattern.compile("^((?:\\\\.|[^=:\\s\\\\])+)").matcher(trimmed);
			if (key.find()) {
				keys.add(key.group(1).replaceAll("\\\\(.)", "$1"));
			}
		}
		return keys;
	}

	private static Map<String, String> allMessages() throws IOException {
		Map<String, String> messages = new LinkedHashMap<>();
		for (Path file : files(MESSAGES, ".properties")) {
			if (!file.getFileName().toString().contains("_")) {
				java.util.Properties properties = new java.util.Properties();
				try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					properties.load(reader);
				}
				properties.forEach((k, v) -> messages.put((String) k, (String) v));
			}
		}
		assertThat(messages).as("messages found in " + MESSAGES.toAbsolutePath()).isNotEmpty();
		return messages;
	}

	private static List<Path> files(Path root, String suffix) throws IOException {
		try (Stream<Path> paths = Files.walk(root)) {
			List<Path> found = paths.filter((p) -> p.toString().endsWith(suffix)).sorted().toList();
			assertThat(found).as("files under " + root.toAbsolutePath()).isNotEmpty();
			return found;
		}
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	private record Element(String name, boolean replaced) {
	}

}
