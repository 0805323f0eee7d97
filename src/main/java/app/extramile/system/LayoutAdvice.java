package app.extramile.system;

import java.time.Clock;

import app.extramile.shared.Language;
import app.extramile.shared.ShopUser;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the shared page layout shows: the shop's name, who is signed in and the navigation
 * for them.
 */
@ControllerAdvice
class LayoutAdvice {

	private final Shops shops;

	private final Clock clock;

	LayoutAdvice(Shops shops, Clock clock) {
		this.shops = shops;
		this.clock = clock;
	}

	/**
	 * When this page was rendered (epoch milliseconds): its live stream asks for what
	 * came since, however late it connects.
	 */
	@ModelAttribute("renderedAt")
	long renderedAt() {
		return this.clock.millis();
	}

	@ModelAttribute("currentShop")
	Shop currentShop() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ShopUser user) {
			return this.shops.find(user.shopId()).orElse(null);
		}
		return null;
	}

	@ModelAttribute("navigation")
	Navigation navigation(HttpServletRequest request) {
		ShopUser user = currentUser();
		if (user == null) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return Navigation.forUser(user, path);
	}

	/** The language a person would switch to from this page. */
	@ModelAttribute("otherLanguage")
	Language otherLanguage() {
		return (Language.of(LocaleContextHolder.getLocale()) == Language.WELSH) ? Language.ENGLISH : Language.WELSH;
	}

	/**
	 * This page's address within the app, to come back to after switching language; the
	 * home page when this answer came from a form sent (its address may not be a page).
	 */
	@ModelAttribute("here")
	String here(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod())) {
			return "/";
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String query = request.getQueryString();
		if (query != null) {
			query = java.util.Arrays.stream(query.split("&"))
				.filter((part) -> !part.startsWith(LanguageConfiguration.PARAMETER + "="))
				.collect(java.util.stream.Collectors.joining("&"));
		}
		return (query == null || query.isEmpty()) ? path : path + "?" + query;
	}

	/** Larger text, higher contrast, as this browser was asked. */
	@ModelAttribute("displayClasses")
	String displayClasses(HttpServletRequest request) {
		return Display.inBrowser(request).classes();
	}

	@ModelAttribute("currentUser")
	ShopUser currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ShopUser user) ? user : null;
	}

}
