package app.extramile.system;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.shared.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser sends several requests of one session at once: htmx fragments, the live
 * stream, a double tap. Each page wants the session's CSRF token, which sign-in has just
 * replaced, so every request of the burst adds the same session attribute; none of them
 * may fail for it (spring-session issues 1213 and 2564: the second insert of an attribute
 * broke the primary key and answered 500). Run on H2 and PostgreSQL by the subclasses.
 */
abstract class ConcurrentSessionRequestsContract {

	private static final String PASSWORD = "a long enough sentence";

	private static final int ROUNDS = 5;

	private static final int AT_ONCE = 16;

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	Shops shops;

	@Autowired
	Accounts accounts;

	@LocalServerPort
	int port;

	@Test
	void requestsOfOneSessionAtOnceAllAnswer() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Shop shop = this.shops.create("shop-" + suffix, "Siop " + suffix, ZoneId.of("Europe/London"));
		String username = "staff-" + suffix;
		this.accounts.create(shop.id(), username, "Gethin " + suffix, Role.STAFF, PASSWORD);

		for (int round = 1; round <= ROUNDS; round++) {
			HttpClient browser = signedIn(username);
			List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < AT_ONCE; i++) {
				answers.add(browser.sendAsync(HttpRequest.newBuilder(url("/missing")).build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			Map<Integer, Integer> statuses = new TreeMap<>();
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				statuses.merge(answer.get().statusCode(), 1, Integer::sum);
			}
			assertThat(statuses).as("answers by status in round %d of %d", round, ROUNDS)
				.isEqualTo(Map.of(200, AT_ONCE));
			assertThat(signOut(browser)).as("the stored CSRF token still signs out in round %d", round).isEqualTo(302);
		}
	}

	/**
	 * The CSRF token the session holds after the burst, as a form on the next page sends
	 * it.
	 */
	private int signOut(HttpClient browser) throws Exception {
		String page = browser
			.send(HttpRequest.newBuilder(url("/missing")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = CSRF_FIELD.matcher(page);
		assertThat(csrf.find()).as("CSRF token on the sign-out form").isTrue();
		return browser
			.send(HttpRequest.newBuilder(url("/logout"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1)))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/**
	 * A browser of its own, signed in with the login form (a fresh session each time).
	 */
	private HttpClient signedIn(String username) throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		String loginPage = browser
			.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = CSRF_FIELD.matcher(loginPage);
		assertThat(csrf.find()).as("CSRF token on the login form").isTrue();
		String form = "username=" + username + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
				+ "&_csrf=" + csrf.group(1);
		HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(url("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signIn.statusCode()).as("signed in").isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/"));
		return browser;
	}

	private URI url(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
