package app.extramile.absences;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.extramile.AppTest;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.backtesting.Backtest;
import app.extramile.backtesting.VillageSimulator;
import app.extramile.customers.AwayNotice;
import app.extramile.customers.AwayNotices;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.visits.Visit;
import app.extramile.visits.VisitBatches.IncomingVisit;
import app.extramile.visits.VisitBatches;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * The red budget on a simulated village shop, through the sweep as it is scheduled (every
 * open shop, at the clock's time) and the pages over HTTP: the budget turns into a red
 * level that spends about the budget, a different budget gives a different level, and the
 * pages say what it means in the shop's numbers, with each card's rule in words that
 * agree with its figures.
 */
@AppTest
class RedBudgetTests {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	/** Reds a week per 100 regulars: big enough for a few dozen reds in four weeks. */
	private static final double BUDGET = 5;

	private static final int SWEPT_DAYS = 56;

	@Autowired
	AbsenceSweep sweep;

	@Autowired
	AbsenceRules rules;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	AwayNotices awayNotices;

	@Autowired
	VisitBatches visits;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	MockMvc mvc;

	@Test
	void aSimulatedShopSpendsAboutItsRedBudgetAndThePagesSayItInItsNumbers() throws Exception {
		ShopId shop = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(shop, Role.OWNER);
		ShopUser staff = TestShops.user(shop, Role.STAFF);
		LocalDate start = LocalDate.of(2025, 9, 1);
		int days = 420;
		LocalDate end = start.plusDays(days - 1);
		LocalDate sweptFrom = end.minusDays(SWEPT_DAYS - 1);
		VillageSimulator.Village village = new VillageSimulator(7).simulate(200, start, days, 0);

		// The village shop: closed on Sundays and Christmas Day, open early and late
		// enough for a check before the first visit and after the last.
		this.mvc
			.perform(post("/missing/settings").param("day", "1", "2", "3", "4", "5", "6")
				.param("opensAt", "05:00")
				.param("closesAt", "22:00")
				.param("amberOneIn", "20")
				.param("redBudget", String.valueOf(BUDGET))
				.param("redAfterMissedDays", "2")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/missing/settings"));
		this.rules.addClosure(owner, LocalDate.of(2025, 12, 25), null);
		Map<String, CustomerId> ids = new HashMap<>();
		for (VillageSimulator.Truth truth : village.truths()) {
			ids.put(truth.customerId(), this.customers.register(shop, new CustomerDetails(null, truth.customerId(),
					null, "01970 600001", null, null, null, null, null, null, null, null, List.of())));
		}
		for (VillageSimulator.Away away : village.aways()) {
			if (away.announced()) {
				this.awayNotices.record(staff, ids.get(away.customerId()), AwayNotice.Reason.HOLIDAY, away.from(),
						away.to(), null);
			}
		}
		Map<LocalDate, List<IncomingVisit>> byDay = new HashMap<>();
		List<IncomingVisit> before = new ArrayList<>();
		List<Backtest.Seen> seen = new ArrayList<>();
		for (VillageSimulator.Visit visit : village.visits()) {
			IncomingVisit incoming = new IncomingVisit(visit.customerId() + ":" + visit.at(),
					ids.get(visit.customerId()), visit.at().atZone(LONDON).toInstant(), null);
			seen.add(new Backtest.Seen(visit.customerId(), visit.at()));
			if (visit.at().toLocalDate().isBefore(sweptFrom)) {
				before.add(incoming);
			}
			else {
				byDay.computeIfAbsent(visit.at().toLocalDate(), (d) -> new ArrayList<>()).add(incoming);
			}
		}
		this.visits.add(shop, Visit.Source.IMPORT, before);

		// Each open day: a check before the first visit, the day's visits, a check after
		// the last, by the scheduled sweep of every open shop.
		List<Double> levels = new ArrayList<>();
		for (LocalDate day = sweptFrom; !day.isAfter(end); day = day.plusDays(1)) {
			sweepAt(day.atTime(5, 30));
			List<IncomingVisit> today = byDay.get(day);
			if (today != null) {
				this.visits.add(shop, Visit.Source.IMPORT, today);
			}
			sweepAt(day.atTime(21, 30));
			levels.add(this.rules.settings(shop).redBelow());
		}

		AbsenceRules.RedBudget budget = this.rules.redBudget(shop);
		int regulars = new Backtest(0.001, 0, 1).run(seen).regulars();
		assertThat(budget.regulars()).as("regulars counted as the backtest counts them").isEqualTo(regulars);
		double spent = 100.0 * budget.redsLastFourWeeks() / regulars / 4;
		System.out.printf(
				"Red budget %.1f: %d regulars, %d reds in the last four weeks (%d for missed days),"
						+ " %.2f per 100 regulars per week; red level %.5f (from %.5f to %.5f over the weeks)%n",
				BUDGET, regulars, budget.redsLastFourWeeks(), budget.byMissedDaysLastFourWeeks(), spent,
				budget.redBelow(), levels.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
				levels.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
		// Kept to: every red is one of the budget's (missed usual days count in it).
		// Checked
		// here twice a day, not every quarter of an hour, so the gaps that end during the
		// day are seen at their end less often than the level expects: fewer reds.
		assertThat(spent).as("reds per 100 regulars per week, against a budget of %s", BUDGET)
			.isBetween(BUDGET * 0.25, BUDGET * 1.25);
		assertThat(budget.byMissedDaysLastFourWeeks()).as("missed usual days are spent from the budget")
			.isLessThanOrEqualTo(budget.redsLastFourWeeks());
		assertThat(budget.redBelow()).as("the level comes from the shop's own chances, not the default")
			.isNotEqualTo(RhythmPrior.DEFAULT_RED_BELOW);

		// The pages say it in the shop's numbers.
		String perWeek = BudgetWords.rounded(BUDGET * regulars / 100) == Math.rint(BUDGET * regulars / 100)
				? String.valueOf((long) Math.rint(BUDGET * regulars / 100))
				: String.valueOf(BudgetWords.rounded(BUDGET * regulars / 100));
		String list = page("/missing", staff);
		assertThat(list)
			.contains("Your red budget: about " + perWeek + " reds a week for your " + regulars + " regulars.")
			.contains("In the last four weeks the shop had " + budget.redsLastFourWeeks() + " reds, against about "
					+ Math.round(BUDGET * regulars / 100 * 4) + " in the budget.");
		String settings = page("/missing/settings", owner);
		assertThat(settings).contains("Your red budget: about " + perWeek + " reds a week for your " + regulars)
			.contains("less than 1 time in "
					+ String.format(java.util.Locale.UK, "%,d", MissingCustomer.oneIn(budget.redBelow()))
					+ " for them.");
		cardsSayWhyInWordsThatAgree(list, budget.redBelow());

		// A smaller budget: a rarer red level at the next check; a bigger one, a
		// commoner.
		double atBudget = budget.redBelow();
		LocalDate next = end.plusDays(1);
		setBudget(owner, 1);
		sweepAt(next.atTime(5, 30));
		double atOne = this.rules.settings(shop).redBelow();
		setBudget(owner, 15);
		sweepAt(next.atTime(6, 0));
		double atFifteen = this.rules.settings(shop).redBelow();
		System.out.printf("Red level at budget 1: %.5f, at %.1f: %.5f, at 15: %.5f%n", atOne, BUDGET, atBudget,
				atFifteen);
		assertThat(atOne).isLessThan(atBudget);
		assertThat(atFifteen).isGreaterThan(atBudget);
	}

	private void sweepAt(LocalDateTime local) {
		this.clock.set(local.atZone(LONDON).toInstant());
		this.sweep.sweepOpenShops();
	}

	private void setBudget(ShopUser owner, double budget) throws Exception {
		this.mvc
			.perform(post("/missing/settings").param("day", "1", "2", "3", "4", "5", "6")
				.param("opensAt", "05:00")
				.param("closesAt", "22:00")
				.param("amberOneIn", "20")
				.param("redBudget", String.valueOf(budget))
				.param("redAfterMissedDays", "2")
				.with(csrf())
				.with(user(owner)))
			.andExpect(redirectedUrl("/missing/settings"));
	}

	private String page(String path, ShopUser user) throws Exception {
		return this.mvc.perform(get(path).with(user(user))).andReturn().getResponse().getContentAsString();
	}

	private static final Pattern CARD = Pattern
		.compile("<li[^>]*class=\"card level-(red|amber)[^\"]*\"[^>]*>(.*?)</li>", Pattern.DOTALL);

	private static final Pattern HOW_RARE = Pattern.compile("happens about 1 time in ([\\d,]+) for");

	private static final Pattern RED_LEVEL = Pattern.compile("red level \\(1 time in ([\\d,]+),");

	private static final Pattern AMBER_LEVEL = Pattern.compile("amber level \\(1 time in ([\\d,]+)\\)");

	private static final Pattern MISSED = Pattern.compile("Missed (one|\\d+) of their usual days since\\.");

	private static final Pattern MISSED_RULE = Pattern
		.compile("they have missed (one|\\d+) of their usual days \\(red from (one|\\d+),");

	/**
	 * Every card says in words whether it is red or amber and why, and the why agrees
	 * with the card's own figures: as rare as the red level or rarer, the same missed
	 * days, amber as the early level.
	 */
	private static void cardsSayWhyInWordsThatAgree(String html, double redBelow) {
		Matcher card = CARD.matcher(html);
		int red = 0;
		int byChance = 0;
		int byMissedDays = 0;
		while (card.find()) {
			String text = card.group(2);
			long howRare = number(HOW_RARE, text);
			if (card.group(1).equals("red")) {
				red++;
				assertThat(text).contains(">Red<");
				if (text.contains("Red because this gap is unusually long for them")) {
					byChance++;
					long level = number(RED_LEVEL, text);
					assertThat(level).isEqualTo(MissingCustomer.oneIn(redBelow));
					assertThat(howRare).as("as rare as the red level or rarer").isGreaterThanOrEqualTo(level);
				}
				else {
					byMissedDays++;
					if (text.contains("Red for missed days: they would usually have been in")) {
						assertThat(text).contains("Would usually have been in");
						continue;
					}
					Matcher rule = MISSED_RULE.matcher(text);
					Matcher missed = MISSED.matcher(text);
					assertThat(rule.find()).as(text).isTrue();
					assertThat(missed.find()).as(text).isTrue();
					assertThat(rule.group(1)).isEqualTo(missed.group(1));
					assertThat(count(rule.group(1))).isGreaterThanOrEqualTo(count(rule.group(2)));
				}
			}
			else {
				assertThat(text).contains(">Amber<").contains("Amber, the early level");
				assertThat(howRare).isGreaterThanOrEqualTo(number(AMBER_LEVEL, text));
			}
		}
		System.out.printf("Cards: %d red (%d by chance, %d by missed days)%n", red, byChance, byMissedDays);
		assertThat(red).as("red cards on the list").isPositive();
	}

	private static long number(Pattern pattern, String text) {
		Matcher m = pattern.matcher(text);
		assertThat(m.find()).as(pattern + " in " + text).isTrue();
		return Long.parseLong(m.group(1).replace(",", ""));
	}

	private static int count(String words) {
		return words.equals("one") ? 1 : Integer.parseInt(words);
	}

}
