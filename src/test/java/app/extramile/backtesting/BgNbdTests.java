package app.extramile.backtesting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The BG/NBD baseline against the published fit on the CDNOW sample (Fader, Hardie & Lee
 * 2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood -9,582.4.
 */
class BgNbdTests {

	@Test
	void fitsTheCdnowSampleAsPublished() throws Exception {
		Path file = RealHistories.file("cdnow-sample2357.csv");
		if (file == null) {
			return;
		}
		Map<String, TreeSet<Integer>> days = new LinkedHashMap<>();
		for (Backtest.Seen seen : BacktestCommands.readVisits(file)) {
			days.computeIfAbsent(seen.customerId(), (k) -> new TreeSet<>())
				.add((int) seen.at().toLocalDate().toEpochDay());
		}
		List<int[]> histories = new ArrayList<>();
		for (TreeSet<Integer> set : days.values()) {
			histories.add(set.stream().mapToInt(Integer::intValue).toArray());
		}
		// Calibration period: to 1997-09-30 (week 39), times in weeks from the first
		// purchase.
		double end = LocalDate.of(1997, 9, 30).toEpochDay();

		BgNbd fit = BgNbd.fit(BgNbd.summaries(histories, end));

		System.out.println(fit);
		assertThat(histories).hasSize(2357);
		assertThat(fit.r()).isCloseTo(0.243, within(0.002));
		assertThat(fit.alpha()).isCloseTo(4.414, within(0.02));
		assertThat(fit.a()).isCloseTo(0.793, within(0.005));
		assertThat(fit.b()).isCloseTo(2.426, within(0.02));
		assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.5));
	}

	@Test
	void aCustomerIsLessLikelyAliveTheLongerTheyAreNotSeen() {
		BgNbd model = new BgNbd(0.243, 4.414, 0.793, 2.426, Double.NaN);
		assertThat(model.probabilityAlive(0, 0, 30)).isEqualTo(1);
		double soon = model.probabilityAlive(5, 20, 22);
		double later = model.probabilityAlive(5, 20, 40);
		assertThat(soon).isGreaterThan(later).isLessThan(1);
		assertThat(later).isGreaterThan(0);
	}

}
