package app.extramile.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Gift certificates on a real database (H2 and PostgreSQL by the subclasses): exact
 * balances, idempotency keys, refusals that post nothing, redemptions at once that never
 * overdraw, and the nightly check.
 */
abstract class GiftCertificatesContract {

	@Autowired
	GiftCertificates certificates;

	@Autowired
	BalanceCheck check;

	@Autowired
	PayItForward pools;

	@Autowired
	KindnessTotals kindness;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	ShopId shop;

	ShopUser owner;

	ShopUser staff;

	int keys;

	@BeforeEach
	void newShop() {
		this.clock.set(HandMovedClock.NOON);
		this.shop = TestShops.create(this.jdbc);
		this.owner = TestShops.user(this.shop, Role.OWNER);
		this.staff = TestShops.user(this.shop, Role.STAFF);
	}

	String key() {
		return "k" + (++this.keys);
	}

	String issue(long amount) {
		return this.certificates.issue(this.staff, IssueRequest.of(amount, "GBP"), key()).code();
	}

	long balance(String code) {
		return this.certificates.findByCode(this.shop, code).orElseThrow().balanceMinor();
	}

	long postings() {
		return this.jdbc.sql("select count(*) from ledger_posting where shop_id = ?")
			.param(this.shop.value())
			.query(Long.class)
			.single();
	}

	void assertRefused(ThrowingCallable call, Reason reason, String field) {
		long before = postings();
		assertThatThrownBy(call).isInstanceOfSatisfying(LedgerRefusedException.class, (ex) -> {
			assertThat(ex.reason()).isEqualTo(reason);
			assertThat(ex.field()).isEqualTo(field);
		});
		assertThat(postings()).as("nothing posted").isEqualTo(before);
	}

	@Test
	void aTwentyPoundCertificateSpentTwiceAtSevenFiftyLeavesFivePounds() {
		CertificateReceipt issued = this.certificates.issue(this.staff, IssueRequest.of(2000, "GBP"), "buy");
		CertificateReceipt first = this.certificates.redeem(this.staff, issued.code(), 750, "spend-1");
		CertificateReceipt second = this.certificates.redeem(this.staff,
				CertificateCodes.grouped(issued.code()).toLowerCase(), 750, "spend-2");

		assertThat(issued.state()).isEqualTo(CertificateState.ACTIVE);
		assertThat(issued.code()).hasSize(16).matches("[" + CertificateCodes.ALPHABET + "]+");
		assertThat(first.balanceMinor()).isEqualTo(1250);
		assertThat(second.balanceMinor()).isEqualTo(500);
		assertThat(balance(issued.code())).isEqualTo(500);
		assertThat(this.certificates.history(this.shop, issued.certificateId()))
			.extracting(GiftCertificates.Activity::kind, GiftCertificates.Activity::amountMinor)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(PostingKind.LOAD, 2000L),
					org.assertj.core.groups.Tuple.tuple(PostingKind.REDEEM, -750L),
					org.assertj.core.groups.Tuple.tuple(PostingKind.REDEEM, -750L));
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void theSameKeyAndRequestAnswersTheFirstResultAndPostsOnce() {
		String code = issue(2000);
		CertificateReceipt first = this.certificates.redeem(this.staff, code, 500, "till-7-0042");
		CertificateReceipt again = this.certificates.redeem(this.owner, code, 500, "till-7-0042");
		this.certificates.redeem(this.staff, code, 100, key());
		CertificateReceipt later = this.certificates.redeem(this.staff, code, 500, "till-7-0042");

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.balanceMinor()).isEqualTo(1500);
		assertThat(later.balanceMinor()).as("still the first answer").isEqualTo(1500);
		assertThat(balance(code)).isEqualTo(1400);
	}

	@Test
	void theSameKeyWithADifferentRequestIsRefused() {
		String code = issue(2000);
		String other = issue(1000);
		this.certificates.redeem(this.staff, code, 500, "key-1");

		assertRefused(() -> this.certificates.redeem(this.staff, code, 600, "key-1"), Reason.IDEMPOTENCY_KEY_REUSED,
				"Idempotency-Key");
		assertRefused(() -> this.certificates.redeem(this.staff, other, 500, "key-1"), Reason.IDEMPOTENCY_KEY_REUSED,
				"Idempotency-Key");
		assertRefused(() -> this.certificates.load(this.staff, code, 500, "key-1"), Reason.IDEMPOTENCY_KEY_REUSED,
				"Idempotency-Key");
		assertRefused(() -> this.certificates.redeem(this.staff, code, 1, " "), Reason.IDEMPOTENCY_KEY_INVALID,
				"Idempotency-Key");
		assertThat(balance(code)).isEqualTo(1500);
		assertThat(balance(other)).isEqualTo(1000);
	}

	@Test
	void aRefusedRequestKeepsNothingSoItsKeyMayBeRetried() {
		String code = issue(500);
		assertRefused(() -> this.certificates.redeem(this.staff, code, 700, "retry"), Reason.OVERDRAFT, "amountMinor");
		this.certificates.load(this.staff, code, 500, key());

		assertThat(this.certificates.redeem(this.staff, code, 700, "retry").balanceMinor()).isEqualTo(300);
	}

	@Test
	void badInputIsRefusedWithAClearReasonAndPostsNothing() {
		String code = issue(1000);
		assertRefused(() -> this.certificates.redeem(this.staff, code, -5, key()), Reason.AMOUNT_NOT_POSITIVE,
				"amountMinor");
		assertRefused(() -> this.certificates.redeem(this.staff, code, 0, key()), Reason.AMOUNT_NOT_POSITIVE,
				"amountMinor");
		assertRefused(() -> this.certificates.issue(this.staff, IssueRequest.of(1_000_001, "GBP"), key()),
				Reason.AMOUNT_TOO_LARGE, "amountMinor");
		assertRefused(() -> this.certificates.issue(this.staff, IssueRequest.of(-1, "GBP"), key()),
				Reason.AMOUNT_NOT_POSITIVE, "amountMinor");
		assertRefused(() -> this.certificates.issue(this.staff, IssueRequest.of(100, "EUR"), key()), Reason.CURRENCY,
				"currency");
		assertRefused(() -> this.certificates.load(this.staff, code, 999_500, key()), Reason.BALANCE_TOO_LARGE,
				"amountMinor");
		assertRefused(() -> this.certificates.redeem(this.staff, code, 1001, key()), Reason.OVERDRAFT, "amountMinor");
		assertRefused(() -> this.certificates.redeem(this.staff, "2222-2222-2222-2222", 1, key()), Reason.UNKNOWN_CODE,
				"code");
		assertRefused(() -> this.certificates.redeem(this.staff, "not a code", 1, key()), Reason.UNKNOWN_CODE, "code");
		assertRefused(() -> this.certificates.refund(this.staff, code, 1, key()), Reason.REFUND_TOO_LARGE,
				"amountMinor");
		assertRefused(() -> this.certificates.adjust(this.staff, code, 100, "goodwill", key()), Reason.OWNER_ONLY,
				"amountMinor");
		assertRefused(() -> this.certificates.adjust(this.owner, code, 100, " ", key()), Reason.REASON_REQUIRED,
				"reason");
		assertRefused(() -> this.certificates.adjust(this.owner, code, -1001, "typo", key()), Reason.OVERDRAFT,
				"amountMinor");
		assertRefused(
				() -> this.certificates.issue(this.staff, new IssueRequest(100, "GBP",
						new CustomerId(java.util.UUID.randomUUID()), null, null, null, null), key()),
				Reason.UNKNOWN_CUSTOMER, "buyerId");
		assertRefused(
				() -> this.certificates.issue(this.staff,
						new IssueRequest(100, "GBP", null, null, null, null, LocalDate.of(2026, 11, 23)), key()),
				Reason.EXPIRY_IN_PAST, "expiresOn");
		assertThat(balance(code)).isEqualTo(1000);
	}

	@Test
	void blockedVoidPendingAndExpiredCertificatesCannotBeSpent() {
		String blocked = issue(1000);
		this.certificates.block(this.staff, blocked, key());
		String cancelled = issue(1000);
		this.certificates.voidCertificate(this.owner, cancelled, key());
		String pending = issue(0);
		String expiring = this.certificates
			.issue(this.staff, new IssueRequest(1000, "GBP", null, null, null, "Nia", LocalDate.of(2026, 11, 30)),
					key())
			.code();
		this.certificates.redeem(this.staff, expiring, 100, key());
		this.clock.advance(Duration.ofDays(7));

		assertRefused(() -> this.certificates.redeem(this.staff, blocked, 1, key()), Reason.BLOCKED, "code");
		assertRefused(() -> this.certificates.redeem(this.staff, cancelled, 1, key()), Reason.VOID, "code");
		assertRefused(() -> this.certificates.load(this.staff, cancelled, 1, key()), Reason.VOID, "code");
		assertRefused(() -> this.certificates.redeem(this.staff, pending, 1, key()), Reason.PENDING, "code");
		assertRefused(() -> this.certificates.redeem(this.staff, expiring, 1, key()), Reason.EXPIRED, "code");
		assertRefused(() -> this.certificates.unblock(this.staff, blocked, key()), Reason.OWNER_ONLY, "code");
		assertThat(this.certificates.unblock(this.owner, blocked, key()).state()).isEqualTo(CertificateState.ACTIVE);
		assertThat(this.certificates.load(this.staff, pending, 300, key()).state()).isEqualTo(CertificateState.ACTIVE);
		assertThat(balance(cancelled)).isZero();
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void refundsAndAdjustmentsAreNewPostings() {
		String code = issue(2000);
		this.certificates.redeem(this.staff, code, 1500, key());
		assertThat(this.certificates.refund(this.staff, code, 400, key()).balanceMinor()).isEqualTo(900);
		assertRefused(() -> this.certificates.refund(this.staff, code, 1101, key()), Reason.REFUND_TOO_LARGE,
				"amountMinor");
		assertThat(this.certificates.adjust(this.owner, code, -150, "Counted twice at the till", key()).balanceMinor())
			.isEqualTo(750);
		assertThat(this.certificates.adjust(this.owner, code, 250, "Goodwill", key()).balanceMinor()).isEqualTo(1000);
		CertificateReceipt voided = this.certificates.voidCertificate(this.owner, code, key());

		assertThat(voided.state()).isEqualTo(CertificateState.VOID);
		assertThat(voided.balanceMinor()).isZero();
		assertThat(postings()).isEqualTo(6);
		assertThat(this.jdbc
			.sql("select count(*) from ledger_posting where shop_id = ? and kind = 'ADJUST' and memo " + "is not null")
			.param(this.shop.value())
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void theDatabaseRefusesAnUnbalancedOrNegativePosting() {
		String code = issue(1000);
		java.util.UUID account = this.jdbc.sql("select account_id from gift_certificate where code = ?")
			.param(code)
			.query(java.util.UUID.class)
			.single();
		java.util.UUID request = this.jdbc.sql("select id from ledger_request where shop_id = ? limit 1")
			.param(this.shop.value())
			.query(java.util.UUID.class)
			.single();
		String insert = """
				insert into ledger_posting (id, shop_id, currency, debit_account, credit_account, amount_minor, kind,
				  request_id, posted_at) values (?, ?, 'GBP', ?, ?, ?, 'ADJUST', ?, current_timestamp)""";

		assertThatThrownBy(() -> this.jdbc.sql(insert)
			.params(java.util.UUID.randomUUID(), this.shop.value(), account, account, 5, request)
			.update()).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		java.util.UUID till = this.jdbc.sql("select id from ledger_account where shop_id = ? and code = 'till'")
			.param(this.shop.value())
			.query(java.util.UUID.class)
			.single();
		assertThatThrownBy(() -> this.jdbc.sql(insert)
			.params(java.util.UUID.randomUUID(), this.shop.value(), till, account, -5, request)
			.update()).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		ShopId other = TestShops.create(this.jdbc);
		assertThatThrownBy(() -> this.jdbc.sql(insert)
			.params(java.util.UUID.randomUUID(), other.value(), till, account, 5, request)
			.update()).as("both legs in the posting's shop")
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
	}

	@Test
	void theNightlyCheckFindsAPostingThatWasTamperedWith() {
		String code = issue(2000);
		this.certificates.redeem(this.staff, code, 500, key());
		assertThat(this.check.run(this.shop).differences()).isZero();

		this.jdbc.sql("update ledger_posting set amount_minor = 400 where shop_id = ? and kind = 'REDEEM'")
			.param(this.shop.value())
			.update();
		BalanceCheck.Result result = this.check.run(this.shop);

		assertThat(result.differences()).isEqualTo(2);
		assertThat(result.detail()).contains("rebuilt 1600, running balance 1500")
			.contains("rebuilt 1600, last answered 1500");
		assertThat(this.check.latest(this.shop, 5)).hasSize(2);
	}

	@Test
	void theNightlyCheckFindsARunningBalanceThatDriftedFromThePostings() {
		String code = issue(2000);
		this.certificates.redeem(this.staff, code, 500, key());
		this.jdbc.sql("update gift_certificate set balance_minor = 1900 where shop_id = ?")
			.param(this.shop.value())
			.update();

		BalanceCheck.Result result = this.check.run(this.shop);

		assertThat(result.differences()).isEqualTo(1);
		assertThat(result.detail()).contains("rebuilt 1500, running balance 1900");
	}

	@Test
	void theDatabaseRefusesARunningBalanceBelowZero() {
		issue(2000);
		assertThatThrownBy(() -> this.jdbc.sql("update gift_certificate set balance_minor = -1 where shop_id = ?")
			.param(this.shop.value())
			.update()).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
	}

	@Test
	void fiftyRedemptionsAtOnceNeverOverdraw() throws Exception {
		String code = issue(2000);
		int threads = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				String key = "concurrent-" + i;
				results.add(pool.submit(() -> {
					start.await();
					try {
						this.certificates.redeem(this.staff, code, 150, key);
						return true;
					}
					catch (LedgerRefusedException ex) {
						assertThat(ex.reason()).isEqualTo(Reason.OVERDRAFT);
						return false;
					}
				}));
			}
			start.countDown();
			int succeeded = 0;
			for (Future<Boolean> result : results) {
				succeeded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(succeeded).isEqualTo(13);
			assertThat(balance(code)).isEqualTo(2000 - 13 * 150);
			assertThat(this.check.run(this.shop).differences()).isZero();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void fiftyRetriesOfOneRequestAtOncePostOnce() throws Exception {
		String code = issue(2000);
		int threads = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<CertificateReceipt>> results = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return this.certificates.redeem(this.staff, code, 150, "the-same-key");
				}));
			}
			start.countDown();
			int fresh = 0;
			for (Future<CertificateReceipt> result : results) {
				CertificateReceipt receipt = result.get(60, TimeUnit.SECONDS);
				assertThat(receipt.balanceMinor()).isEqualTo(1850);
				fresh += receipt.replayed() ? 0 : 1;
			}
			assertThat(fresh).isEqualTo(1);
			assertThat(balance(code)).isEqualTo(1850);
			assertThat(postings()).isEqualTo(2);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aRetryIsAnsweredAsTheFirstRequestWasEvenWhenItWouldNowBeRefused() {
		String code = issue(1000);
		CertificateReceipt first = this.certificates.redeem(this.staff, code, 1000, "all-of-it");
		CertificateReceipt again = this.certificates.redeem(this.staff, code, 1000, "all-of-it");
		this.certificates.block(this.owner, code, key());
		CertificateReceipt blocked = this.certificates.redeem(this.staff, code, 1000, "all-of-it");

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).as("not refused as an overdraft").isTrue();
		assertThat(again.balanceMinor()).isZero();
		assertThat(blocked.replayed()).as("not refused as blocked").isTrue();
		assertThat(blocked.state()).isEqualTo(CertificateState.ACTIVE);
		assertRefused(() -> this.certificates.redeem(this.staff, code, 999, "all-of-it"), Reason.IDEMPOTENCY_KEY_REUSED,
				"Idempotency-Key");
		assertRefused(() -> this.certificates.redeem(this.staff, "2222-2222-2222-2222", 1000, "all-of-it"),
				Reason.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key");
		assertThat(postings()).isEqualTo(2);
		assertThat(this.check.run(this.shop).differences()).isZero();
	}

	@Test
	void fiftyRetriesOfOneIssueAtOnceIssueOneCertificate() throws Exception {
		int threads = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<CertificateReceipt>> results = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return this.certificates.issue(this.staff, IssueRequest.of(2500, "GBP"), "one-issue");
				}));
			}
			start.countDown();
			int fresh = 0;
			java.util.Set<String> codes = new java.util.HashSet<>();
			for (Future<CertificateReceipt> result : results) {
				CertificateReceipt receipt = result.get(60, TimeUnit.SECONDS);
				assertThat(receipt.balanceMinor()).isEqualTo(2500);
				assertThat(receipt.state()).isEqualTo(CertificateState.ACTIVE);
				codes.add(receipt.code());
				fresh += receipt.replayed() ? 0 : 1;
			}
			assertThat(fresh).isEqualTo(1);
			assertThat(codes).hasSize(1);
			assertThat(this.certificates.list(this.shop, 10)).hasSize(1);
			assertThat(balance(codes.iterator().next())).isEqualTo(2500);
			assertThat(postings()).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void fiftyRetriesAtOnceOfSpendingTheWholeBalanceAllGetTheFirstAnswer() throws Exception {
		String code = issue(1500);
		int threads = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<CertificateReceipt>> results = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return this.certificates.redeem(this.staff, code, 1500, "spend-it-all");
				}));
			}
			start.countDown();
			int fresh = 0;
			for (Future<CertificateReceipt> result : results) {
				CertificateReceipt receipt = result.get(60, TimeUnit.SECONDS);
				assertThat(receipt.balanceMinor()).isZero();
				fresh += receipt.replayed() ? 0 : 1;
			}
			assertThat(fresh).isEqualTo(1);
			assertThat(balance(code)).isZero();
			assertThat(postings()).isEqualTo(2);
			assertThat(this.check.run(this.shop).differences()).isZero();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theImpactPageIsToldWhatTheLedgerDidInTheShopsOwnMonthsCountingEachWriteOnce() {
		// 23:30 on 30 September by the clock is 00:30 on 1 October in London (summer
		// time): October's.
		this.clock.set(Instant.parse("2026-09-30T23:30:00Z"));
		this.certificates.issue(this.staff, IssueRequest.of(2000, "GBP"), "buy-1");
		this.certificates.issue(this.staff, IssueRequest.of(2000, "GBP"), "buy-1");
		this.certificates.issue(this.staff, IssueRequest.of(0, "GBP"), "waits-for-payment");
		assertThatThrownBy(() -> this.certificates.issue(this.staff, IssueRequest.of(-5, "GBP"), "refused"))
			.isInstanceOf(LedgerRefusedException.class);
		UUID coffee = this.pools.open(this.staff, "Coffee", 280L);
		this.pools.donate(this.staff, coffee, 3, 0, null, null, "donate-1");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-1");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-1");
		this.clock.set(Instant.parse("2026-11-24T12:00:00Z"));
		this.certificates.issue(this.staff, IssueRequest.of(1500, "GBP"), "buy-2");
		this.pools.giveOut(this.staff, coffee, 0, null, null, "give-2");

		Map<YearMonth, KindnessTotals.Month> months = this.kindness.months(this.shop, YearMonth.of(2026, 9),
				YearMonth.of(2026, 12));

		assertThat(months).containsOnlyKeys(YearMonth.of(2026, 10), YearMonth.of(2026, 11));
		assertThat(months.get(YearMonth.of(2026, 10))).as("a replayed key counts once; a refusal not at all")
			.isEqualTo(new KindnessTotals.Month(2, 2000, 1, 280));
		assertThat(months.get(YearMonth.of(2026, 11))).isEqualTo(new KindnessTotals.Month(1, 1500, 1, 280));
		assertThat(this.kindness.month(this.shop, YearMonth.of(2026, 9)))
			.isEqualTo(new KindnessTotals.Month(0, 0, 0, 0));
		assertThat(this.kindness.shops(YearMonth.of(2026, 10))).contains(this.shop);
		assertThat(this.kindness.shops(YearMonth.of(2026, 9))).doesNotContain(this.shop);
	}

}
