package app.extramile.impact;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.impact.ImpactStore.Figures;
import app.extramile.shared.ShopId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The impact store on a real database (H2 and PostgreSQL by the subclasses): a fact
 * counts once however often it arrives (also at once from several threads), months are
 * the shop's months, and the monthly figures always equal the facts behind them.
 */
abstract class ImpactStoreContract {

	@Autowired
	ImpactStore store;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	@BeforeEach
	void newShop() {
		this.clock.set(ImpactClock.START);
		this.shop = TestShops.create(this.jdbc);
	}

	@Test
	void aFactRecordedTwiceCountsOnce() {
		UUID check = UUID.randomUUID();
		Instant at = Instant.parse("2026-11-10T09:00:00Z");
		assertThat(this.store.record(this.shop, ImpactKind.WELFARE_ALL_WELL, check, at, 0)).isTrue();
		assertThat(this.store.record(this.shop, ImpactKind.WELFARE_ALL_WELL, check, at, 0)).isFalse();
		this.store.record(this.shop, ImpactKind.CHARITY_RAISED, UUID.randomUUID(), at, 1234);
		this.store.record(this.shop, ImpactKind.CHARITY_RAISED, UUID.randomUUID(), at, 1);

		Figures november = this.store.month(this.shop, YearMonth.of(2026, 11));
		assertThat(november.facts(ImpactKind.WELFARE_ALL_WELL)).isEqualTo(1);
		assertThat(november.welfareChecks()).isEqualTo(1);
		assertThat(november.amountMinor(ImpactKind.CHARITY_RAISED)).isEqualTo(1235);
		assertThat(this.store.month(this.shop, YearMonth.of(2026, 10)).welfareChecks()).isZero();
	}

	@Test
	void theMonthsHoldingMadeUpHistoryAreNamedAndOnlyThose() {
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), java.time.LocalDate.of(2026, 3, 4), 0,
				true);
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), java.time.LocalDate.of(2026, 3, 9), 0,
				true);
		this.store.record(this.shop, ImpactKind.THANK_YOU, UUID.randomUUID(), java.time.LocalDate.of(2026, 10, 1), 0,
				true);
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), Instant.parse("2026-11-10T09:00:00Z"),
				0);
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), java.time.LocalDate.of(2025, 12, 1), 0,
				true);

		assertThat(this.store.sampleMonths(this.shop, 2026)).containsExactly(YearMonth.of(2026, 3),
				YearMonth.of(2026, 10));
		assertThat(this.store.sampleMonths(TestShops.create(this.jdbc), 2026)).isEmpty();
	}

	@Test
	void theMonthIsTheShopsMonth() {
		// 23:30 UTC on 31 May is 00:30 on 1 June in London (summer time).
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), Instant.parse("2026-05-31T23:30:00Z"),
				0);

		assertThat(this.store.month(this.shop, YearMonth.of(2026, 6)).facts(ImpactKind.GIFT_GIVEN)).isEqualTo(1);
		assertThat(this.store.month(this.shop, YearMonth.of(2026, 5)).facts(ImpactKind.GIFT_GIVEN)).isZero();
	}

	@Test
	void theSameFactFromManyThreadsAtOnceCountsOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Boolean>> calls = new ArrayList<>();
			for (int fact = 0; fact < 10; fact++) {
				UUID source = UUID.randomUUID();
				for (int copy = 0; copy < 4; copy++) {
					calls.add(() -> this.store.record(this.shop, ImpactKind.PAY_IT_FORWARD_GIVEN, source,
							Instant.parse("2026-11-20T10:00:00Z"), 280));
				}
			}
			int counted = 0;
			for (Future<Boolean> result : pool.invokeAll(calls)) {
				counted += result.get() ? 1 : 0;
			}
			assertThat(counted).isEqualTo(10);
		}
		finally {
			pool.shutdownNow();
		}
		Figures november = this.store.month(this.shop, YearMonth.of(2026, 11));
		assertThat(november.facts(ImpactKind.PAY_IT_FORWARD_GIVEN)).isEqualTo(10);
		assertThat(november.amountMinor(ImpactKind.PAY_IT_FORWARD_GIVEN)).isEqualTo(2800);
	}

	@Test
	void manyNewFactsOfOneShopMonthAndKindFromManyThreadsAtOnceAllCountExactly() throws Exception {
		int threads = 8;
		int perThread = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		try {
			List<Callable<Integer>> calls = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				calls.add(() -> {
					start.await();
					int counted = 0;
					for (int i = 0; i < perThread; i++) {
						counted += this.store.record(this.shop, ImpactKind.GIFT_CERTIFICATE_ISSUED, UUID.randomUUID(),
								Instant.parse("2026-11-20T10:00:00Z"), 1500) ? 1 : 0;
					}
					return counted;
				});
			}
			List<Future<Integer>> results = new ArrayList<>();
			for (Callable<Integer> call : calls) {
				results.add(pool.submit(call));
			}
			start.countDown();
			int counted = 0;
			for (Future<Integer> result : results) {
				counted += result.get();
			}
			assertThat(counted).isEqualTo(threads * perThread);
		}
		finally {
			pool.shutdownNow();
		}
		Figures november = this.store.month(this.shop, YearMonth.of(2026, 11));
		assertThat(november.facts(ImpactKind.GIFT_CERTIFICATE_ISSUED)).isEqualTo(threads * perThread);
		assertThat(november.amountMinor(ImpactKind.GIFT_CERTIFICATE_ISSUED)).isEqualTo(threads * perThread * 1500L);
		assertThat(this.store.year(this.shop, 2026).total().facts(ImpactKind.GIFT_CERTIFICATE_ISSUED))
			.isEqualTo(threads * perThread);
		assertThat(this.store.month(this.shop, YearMonth.of(2026, 10)).facts(ImpactKind.GIFT_CERTIFICATE_ISSUED))
			.isZero();
	}

	@Test
	void monthlyFiguresAlwaysEqualTheFactsBehindThem() {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		List<UUID> sources = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			UUID source = (sources.isEmpty() || random.nextInt(3) > 0) ? UUID.randomUUID()
					: sources.get(random.nextInt(sources.size()));
			sources.add(source);
			ImpactKind kind = ImpactKind.values()[Math.abs(source.hashCode()) % ImpactKind.values().length];
			LocalDate on = LocalDate.of(2026, 1, 1).plusDays(Math.abs(source.getLeastSignificantBits() % 365));
			this.store.record(this.shop, kind, source, on, Math.abs(source.getMostSignificantBits() % 10_000), false);
		}
		long distinct = sources.stream().distinct().count();
		ImpactStore.Year year = this.store.year(this.shop, 2026);
		long counted = year.total().facts().values().stream().mapToLong(Long::longValue).sum();
		assertThat(counted).as("seed " + seed).isEqualTo(distinct);
		for (ImpactKind kind : ImpactKind.values()) {
			Long amount = this.jdbc
				.sql("select coalesce(sum(amount_minor), 0) from impact_fact where shop_id = ? and kind = ?")
				.params(this.shop.value(), kind.name())
				.query(Long.class)
				.single();
			assertThat(year.total().amountMinor(kind)).as("seed " + seed + " " + kind).isEqualTo(amount);
			long monthly = year.months().stream().mapToLong((month) -> month.facts(kind)).sum();
			assertThat(monthly).as("seed " + seed + " " + kind).isEqualTo(year.total().facts(kind));
		}
	}

	@Test
	void shopsAreKeptApart() {
		this.store.record(this.shop, ImpactKind.GIFT_GIVEN, UUID.randomUUID(), Instant.parse("2026-11-02T10:00:00Z"),
				0);
		ShopId other = TestShops.create(this.jdbc);

		assertThat(this.store.month(other, YearMonth.of(2026, 11)).facts(ImpactKind.GIFT_GIVEN)).isZero();
		assertThat(this.store.shopsWithFigures(YearMonth.of(2026, 11))).contains(this.shop).doesNotContain(other);
	}

}
