package app.extramile.impact;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import app.extramile.impact.ImpactStore.Figures;
import app.extramile.impact.ImpactStore.Year;
import app.extramile.shared.ShopUser;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The impact page: a year of what the shop did, as charts (Chart.js, from a script file:
 * the content security policy allows no inline script), a table with the same numbers for
 * screen readers and print, and a CSV export.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class ImpactController {

	static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final ImpactStore store;

	private final MessageSource messages;

	private final Clock clock;

	ImpactController(ImpactStore store, MessageSource messages, Clock clock) {
		this.store = store;
		this.messages = messages;
		this.clock = clock;
	}

	/** One row of the table: a kind, its twelve months and the year, written out. */
	record Row(ImpactKind kind, List<String> months, String total) {
	}

	@GetMapping("/impact")
	String page(@AuthenticationPrincipal ShopUser user, @RequestParam(required = false) Integer year, Model model) {
		int thisYear = LocalDate.now(this.clock.withZone(this.store.zone(user.shopId()))).getYear();
		int shown = (year != null && year >= 2000 && year <= thisYear + 1) ? year : thisYear;
		Year figures = this.store.year(user.shopId(), shown);
		Locale locale = LocaleContextHolder.getLocale();
		model.addAttribute("year", shown);
		model.addAttribute("previousYear", shown - 1);
		model.addAttribute("nextYear", (shown < thisYear) ? shown + 1 : null);
		model.addAttribute("monthNames", monthNames(locale));
		model.addAttribute("rows", rows(figures, locale));
		// Made-up history (the demo's) is named, so nobody takes it for what the shop
		// did.
		model.addAttribute("sampleMonths",
				this.store.sampleMonths(user.shopId(), shown)
					.stream()
					.map((m) -> m.getMonth().getDisplayName(TextStyle.FULL, locale))
					.collect(Collectors.joining(", ")));
		model.addAttribute("total", figures.total());
		model.addAttribute("givenOut", figures.total().facts(ImpactKind.PAY_IT_FORWARD_GIVEN));
		model.addAttribute("certificates", figures.total().facts(ImpactKind.GIFT_CERTIFICATE_ISSUED));
		model.addAttribute("gifts", figures.total().facts(ImpactKind.GIFT_GIVEN));
		model.addAttribute("raised", cell(figures.total(), ImpactKind.CHARITY_RAISED, locale));
		model.addAttribute("welfareChart", chart(figures, ImpactKind.Group.WELFARE, true, locale));
		model.addAttribute("kindnessChart", chart(figures, ImpactKind.Group.KINDNESS, false, locale));
		model.addAttribute("moneyChart", chart(figures, ImpactKind.Group.MONEY_RAISED, false, locale));
		model.addAttribute("teamChart", chart(figures, ImpactKind.Group.TEAM, false, locale));
		model.addAttribute("errandsChart", chart(figures, ImpactKind.Group.ERRANDS, false, locale));
		model.addAttribute("errandsDone",
				figures.total().facts(ImpactKind.DELIVERY_DONE) + figures.total().facts(ImpactKind.FAVOUR_DONE));
		model.addAttribute("hoursGiven", (figures.total().amountMinor(ImpactKind.DELIVERY_DONE)
				+ figures.total().amountMinor(ImpactKind.FAVOUR_DONE) + 30) / 60);
		long answered = figures.total().facts(ImpactKind.ALARM_ANSWERED);
		model.addAttribute("alarmsAnswered", answered);
		model.addAttribute("averageAnswerSeconds",
				(answered > 0) ? figures.total().amountMinor(ImpactKind.ALARM_ANSWERED) / answered : null);
		return "impact/index";
	}

	@GetMapping("/impact/{year}.csv")
	ResponseEntity<String> csv(@AuthenticationPrincipal ShopUser user, @PathVariable int year) {
		Year figures = this.store.year(user.shopId(), year);
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("impact-" + year + ".csv").build().toString())
			.body(ImpactCsv.write(figures));
	}

	static List<Row> rows(Year figures, Locale locale) {
		List<Row> rows = new ArrayList<>();
		for (ImpactKind kind : ImpactKind.values()) {
			List<String> months = figures.months().stream().map((month) -> cell(month, kind, locale)).toList();
			rows.add(new Row(kind, months, cell(figures.total(), kind, locale)));
		}
		return rows;
	}

	/** A count, or pounds for money raised. */
	static String cell(Figures figures, ImpactKind kind, Locale locale) {
		if (kind == ImpactKind.CHARITY_RAISED) {
			java.text.NumberFormat pounds = java.text.NumberFormat.getCurrencyInstance(locale);
			pounds.setCurrency(java.util.Currency.getInstance("GBP"));
			return pounds.format(java.math.BigDecimal.valueOf(figures.amountMinor(kind), 2));
		}
		return Long.toString(figures.facts(kind));
	}

	private List<String> monthNames(Locale locale) {
		List<String> names = new ArrayList<>();
		for (Month month : Month.values()) {
			names.add(month.getDisplayName(TextStyle.SHORT, locale));
		}
		return names;
	}

	/**
	 * A chart's data as JSON for a {@code data-chart} attribute: month labels, one
	 * dataset per kind in the group; money in pounds.
	 */
	private String chart(Year figures, ImpactKind.Group group, boolean stacked, Locale locale) {
		StringBuilder json = new StringBuilder("{\"stacked\":").append(stacked).append(",\"labels\":[");
		List<String> names = monthNames(locale);
		for (int i = 0; i < names.size(); i++) {
			json.append((i > 0) ? "," : "").append(quote(names.get(i)));
		}
		json.append("],\"datasets\":[");
		boolean first = true;
		for (ImpactKind kind : ImpactKind.values()) {
			if (kind.group() != group) {
				continue;
			}
			json.append(first ? "" : ",")
				.append("{\"label\":")
				.append(quote(this.messages.getMessage(kind.messageKey(), null, locale)))
				.append(",\"data\":[");
			for (int m = 0; m < 12; m++) {
				Figures month = figures.months().get(m);
				json.append((m > 0) ? "," : "");
				if (group == ImpactKind.Group.MONEY_RAISED) {
					json.append(java.math.BigDecimal.valueOf(month.amountMinor(kind), 2).toPlainString());
				}
				else {
					json.append(month.facts(kind));
				}
			}
			json.append("]}");
			first = false;
		}
		return json.append("]}").toString();
	}

	static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
