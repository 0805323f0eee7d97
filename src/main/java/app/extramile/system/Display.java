package app.extramile.system;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;

import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How each person likes to read the pages: larger text, higher contrast. Kept on the
 * account (so it follows them to any device they sign in on) and in a cookie the page
 * layout reads, so no request asks the database for it.
 */
@Component
class Display {

	static final String COOKIE = "extramile-display";

	private final JdbcClient jdbc;

	Display(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What a person chose. */
	record Preferences(boolean largeText, boolean highContrast) {

		static final Preferences PLAIN = new Preferences(false, false);

		/** The classes the page's root element takes. */
		String classes() {
			List<String> classes = new ArrayList<>();
			if (this.largeText) {
				classes.add("large-text");
			}
			if (this.highContrast) {
				classes.add("high-contrast");
			}
			return String.join(" ", classes);
		}

		static Preferences fromClasses(String classes) {
			List<String> chosen = List.of((classes != null) ? classes.split("[ .]") : new String[0]);
			return new Preferences(chosen.contains("large-text"), chosen.contains("high-contrast"));
		}

	}

	Preferences of(ShopId shop, UUID accountId) {
		return this.jdbc.sql("select large_text, high_contrast from account where shop_id = ? and id = ?")
			.params(shop.value(), accountId)
			.query((rs, n) -> new Preferences(rs.getBoolean("large_text"), rs.getBoolean("high_contrast")))
			.optional()
			.orElse(Preferences.PLAIN);
	}

	void save(ShopUser user, Preferences preferences) {
		this.jdbc.sql("update account set large_text = ?, high_contrast = ? where shop_id = ? and id = ?")
			.params(preferences.largeText(), preferences.highContrast(), user.shopId().value(), user.accountId())
			.update();
	}

	/** This browser shows the pages so from now on. */
	static void remember(HttpServletResponse response, Preferences preferences) {
		ResponseCookie cookie = ResponseCookie.from(COOKIE, preferences.classes().replace(' ', '.'))
			.path("/")
			.httpOnly(true)
			.sameSite("Lax")
			.maxAge((preferences.equals(Preferences.PLAIN)) ? 0 : 400L * 24 * 3600)
			.build();
		response.addHeader("Set-Cookie", cookie.toString());
	}

	/** What this browser was asked to show. */
	static Preferences inBrowser(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (COOKIE.equals(cookie.getName())) {
					return Preferences.fromClasses(cookie.getValue());
				}
			}
		}
		return Preferences.PLAIN;
	}

}
