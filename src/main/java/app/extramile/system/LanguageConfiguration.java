package app.extramile.system;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.extramile.shared.Language;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * Which language a page is in: the person's choice, kept in a cookie (set when they
 * switch, and when they sign in from their account's choice), else what their browser
 * asks for, else English. Nothing is kept on the server, so any instance answers alike.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration implements WebMvcConfigurer {

	static final String COOKIE = "extramile-language";

	/** The query parameter that switches language on any page: {@code ?lang=cy}. */
	static final String PARAMETER = "lang";

	@Bean
	MessageSource messageSource(@Value("${spring.messages.basename}") String[] basenames) {
		IcuMessageSource messages = new IcuMessageSource();
		messages.setBasenames(basenames);
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	@Bean
	LocaleResolver localeResolver() {
		CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
		resolver.setCookieMaxAge(Duration.ofDays(400));
		resolver.setCookieHttpOnly(true);
		resolver.setCookieSameSite("Lax");
		resolver.setDefaultLocaleFunction(LanguageConfiguration::fromBrowser);
		return resolver;
	}

	/** The first of the browser's languages that we speak; English when none. */
	static Locale fromBrowser(HttpServletRequest request) {
		String header = request.getHeader("Accept-Language");
		if (header != null && !header.isBlank()) {
			try {
				for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
					String tag = range.getRange();
					String language = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
					var spoken = Language.of(language);
					if (spoken.isPresent()) {
						return spoken.get().locale();
					}
				}
			}
			catch (IllegalArgumentException ex) {
				// a malformed header: as if none
			}
		}
		return Language.ENGLISH.locale();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new Switch(localeResolver()));
	}

	/**
	 * {@code ?lang=cy} or {@code ?lang=en} on any page switches to that language from
	 * then on; anything else is ignored.
	 */
	static final class Switch implements HandlerInterceptor {

		private final LocaleResolver resolver;

		Switch(LocaleResolver resolver) {
			this.resolver = resolver;
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			// only the address switches, read from the query string itself: asking for
			// the
			// parameters would read a form's body (one refused as too large, say)
			String query = request.getQueryString();
			if (query != null && request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST) {
				for (String part : query.split("&")) {
					if (part.startsWith(PARAMETER + "=")) {
						Language.of(part.substring(PARAMETER.length() + 1))
							.ifPresent((language) -> this.resolver.setLocale(request, response, language.locale()));
					}
				}
			}
			// the answer says its language, for an API client as much as for a browser
			response.setHeader(HttpHeaders.CONTENT_LANGUAGE, this.resolver.resolveLocale(request).getLanguage());
			return true;
		}

	}

}
