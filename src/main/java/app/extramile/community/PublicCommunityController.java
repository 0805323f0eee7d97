package app.extramile.community;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import app.extramile.shared.Pdf;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Pounds;
import app.extramile.shared.Language;
import app.extramile.system.Bilingual;
import app.extramile.system.Shop;
import app.extramile.system.Shops;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * What anyone may see without signing in, and only what staff marked public: the shop's
 * community page, its events as an iCalendar feed, and an A4 poster for the window.
 */
@Controller
class PublicCommunityController {

	static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

	private static final int POSTER_EVENTS = 6;

	private final CommunityBoard board;

	private final Shops shops;

	private final SpringTemplateEngine templates;

	private final Clock clock;

	private final Pounds pence;

	private final Bilingual bilingual;

	PublicCommunityController(CommunityBoard board, Shops shops, SpringTemplateEngine templates, Clock clock,
			Pounds pence, Bilingual bilingual) {
		this.bilingual = bilingual;
		this.pence = pence;
		this.board = board;
		this.shops = shops;
		this.templates = templates;
		this.clock = clock;
	}

	@GetMapping("/p/{slug}")
	String page(@PathVariable String slug, @RequestParam(name = "bilingual", defaultValue = "false") boolean bilingual,
			Model model) {
		Shop shop = shop(slug);
		List<Language> languages = Bilingual.languages(bilingual);
		model.addAttribute("shop", shop);
		model.addAttribute("texts", this.bilingual);
		model.addAttribute("languages", languages);
		model.addAttribute("bilingual", bilingual);
		model.addAttribute("otherLanguage",
				(languages.get(0) == Language.WELSH && !bilingual) ? Language.ENGLISH : Language.WELSH);
		model.addAttribute("events", events(shop, Integer.MAX_VALUE, languages));
		model.addAttribute("campaigns", this.board.campaigns(shop.id(), true));
		model.addAttribute("notices", this.board.currentNotices(shop.id(), true));
		return "community/public";
	}

	@GetMapping("/p/{slug}/events.ics")
	ResponseEntity<String> calendar(@PathVariable String slug) {
		Shop shop = shop(slug);
		// the calendar's name in the language asked for (?lang=cy from the Welsh page)
		String name = this.bilingual.plain(Bilingual.current(), "community.public.title", shop.name());
		String feed = EventsFeed.write(name, this.board.publicEvents(shop.id()));
		return ResponseEntity.ok()
			.contentType(CALENDAR)
			.cacheControl(CacheControl.noCache())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(slug + "-events.ics").build().toString())
			.body(feed);
	}

	/** An A4 poster for the shop window: what's on, the charities, the notices. */
	@GetMapping("/p/{slug}/poster.pdf")
	ResponseEntity<byte[]> poster(@PathVariable String slug,
			@RequestParam(name = "bilingual", defaultValue = "false") boolean bilingual) {
		Shop shop = shop(slug);
		List<Language> languages = Bilingual.languages(bilingual);
		Context context = new Context(languages.get(0).locale());
		context.setVariable("shop", shop);
		context.setVariable("pounds", this.pence);
		context.setVariable("texts", this.bilingual);
		context.setVariable("languages", languages);
		context.setVariable("events", events(shop, POSTER_EVENTS, languages));
		context.setVariable("campaigns", this.board.campaigns(shop.id(), true));
		context.setVariable("notices", this.board.currentNotices(shop.id(), true));
		String xhtml = this.templates.process("community/poster-pdf", context);
		byte[] pdf = Pdf.fromXhtml(xhtml);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(slug + "-poster.pdf").build().toString())
			.body(pdf);
	}

	private List<EventView> events(Shop shop, int limit, List<Language> languages) {
		ZoneId zone = shop.timeZone();
		return this.board.upcomingEvents(shop.id(), this.clock.instant(), true)
			.stream()
			.limit(limit)
			.map((event) -> EventView.of(event, zone, languages))
			.toList();
	}

	private Shop shop(String slug) {
		return this.shops.findBySlug(slug).orElseThrow(() -> new NotFoundException("shop"));
	}

}
