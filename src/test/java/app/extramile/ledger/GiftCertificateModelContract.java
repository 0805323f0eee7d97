package app.extramile.ledger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import app.extramile.HandMovedClock;
import app.extramile.MutableClock;
import app.extramile.TestShops;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, randomised model test: random sequences of issue, load, redeem, refund,
 * adjust, block, unblock and void, with repeated idempotency keys (same and different
 * requests), bad amounts, unknown codes, days passing and pairs of concurrent calls, each
 * checked against a plain in-memory model after every step, and the nightly check run at
 * the end of each sequence. Set {@code -Dledger.model.seed=...} to replay a failure; the
 * seed is printed when a sequence fails.
 */
abstract class GiftCertificateModelContract {

	static final long MAX = 1_000_000;

	static final ZoneId LONDON = ZoneId.of("Europe/London");

	@Autowired
	GiftCertificates certificates;

	@Autowired
	BalanceCheck check;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	final ExecutorService pair = Executors.newFixedThreadPool(2);

	abstract int sequences();

	@BeforeEach
	void startClock() {
		this.clock.set(HandMovedClock.NOON);
	}

	@AfterEach
	void stopThreads() {
		this.pair.shutdownNow();
	}

	@Test
	void randomSequencesAgreeWithASimpleModelAfterEveryStep() throws Exception {
		long seed = Long.getLong("ledger.model.seed", System.nanoTime());
		Random random = new Random(seed);
		int steps = 0;
		for (int sequence = 0; sequence < sequences(); sequence++) {
			long sequenceSeed = random.nextLong();
			try {
				steps += new Run(new Random(sequenceSeed)).play();
			}
			catch (Throwable ex) {
				throw new AssertionError("model test failed: seed " + seed + ", sequence " + sequence
						+ " (sequence seed " + sequenceSeed + "); replay with -Dledger.model.seed=" + seed, ex);
			}
		}
		System.out.println("Ledger model test: " + sequences() + " sequences, " + steps + " steps, seed " + seed);
	}

	/** The model of one certificate. */
	static final class Cert {

		final String code;

		long balance;

		long spent;

		CertificateState state;

		final LocalDate expiresOn;

		Cert(String code, long balance, LocalDate expiresOn) {
			this.code = code;
			this.balance = balance;
			this.state = (balance > 0) ? CertificateState.ACTIVE : CertificateState.PENDING;
			this.expiresOn = expiresOn;
		}

		Cert copy() {
			Cert copy = new Cert(this.code, 0, this.expiresOn);
			copy.balance = this.balance;
			copy.spent = this.spent;
			copy.state = this.state;
			return copy;
		}

	}

	/** One request as the test sends it: the model's key for "the same request". */
	record Op(String kind, String code, long amount, String reason, LocalDate expiresOn, boolean owner) {

		String fingerprint() {
			// who sends it is not part of the request, as in the ledger
			return this.kind + "|" + this.code + "|" + this.amount + "|" + this.reason + "|" + this.expiresOn;
		}

	}

	/** What the model expects: a refusal, or a balance and state. */
	record Outcome(Reason refused, long balance, CertificateState state) {

		static Outcome refused(Reason reason) {
			return new Outcome(reason, 0, null);
		}

	}

	final class Run {

		final Random random;

		final ShopId shop;

		final ShopUser owner;

		final ShopUser staff;

		final Map<String, Cert> certs = new LinkedHashMap<>();

		/** Remembered successful requests by key. */
		final Map<String, Op> keyOps = new HashMap<>();

		final Map<String, Outcome> keyOutcomes = new HashMap<>();

		final List<String> log = new ArrayList<>();

		int keys;

		Run(Random random) {
			this.random = random;
			this.shop = TestShops.create(GiftCertificateModelContract.this.jdbc);
			this.owner = TestShops.user(this.shop, Role.OWNER);
			this.staff = TestShops.user(this.shop, Role.STAFF);
			GiftCertificateModelContract.this.clock.set(HandMovedClock.NOON);
		}

		LocalDate today() {
			return LocalDate.now(GiftCertificateModelContract.this.clock.withZone(LONDON));
		}

		int play() throws Exception {
			int length = 4 + this.random.nextInt(10);
			for (int step = 0; step < length; step++) {
				if (this.random.nextInt(12) == 0) {
					GiftCertificateModelContract.this.clock.advance(Duration.ofDays(1));
					this.log.add("a day passes");
				}
				else if (this.random.nextInt(10) == 0 && !this.certs.isEmpty()) {
					concurrentPair();
				}
				else {
					String key = chooseKey();
					Op op = (this.keyOps.containsKey(key) && this.random.nextBoolean()) ? this.keyOps.get(key)
							: randomOp();
					this.log.add(key + " " + op);
					Outcome expected = expect(op, key, this.certs);
					Outcome actual = send(op, key);
					assertThat(actual).as(String.join("\n", this.log)).isEqualTo(expected);
					remember(op, key, expected, this.certs);
				}
				compareAll();
			}
			assertThat(GiftCertificateModelContract.this.check.run(this.shop).differences()).isZero();
			return length;
		}

		String chooseKey() {
			if (!this.keyOps.isEmpty() && this.random.nextInt(5) == 0) {
				List<String> used = new ArrayList<>(this.keyOps.keySet());
				return used.get(this.random.nextInt(used.size()));
			}
			return "key-" + (++this.keys);
		}

		Op randomOp() {
			String code = (this.certs.isEmpty() || this.random.nextInt(15) == 0) ? "2222-3333-4444-5555"
					: new ArrayList<>(this.certs.keySet()).get(this.random.nextInt(this.certs.size()));
			boolean owner = this.random.nextInt(3) > 0;
			int pick = this.random.nextInt(100);
			if (pick < 18 || this.certs.isEmpty()) {
				LocalDate expires = (this.random.nextInt(3) == 0) ? today().plusDays(this.random.nextInt(4) - 1) : null;
				return new Op("issue", null, amount(true), null, expires, owner);
			}
			Cert cert = this.certs.get(code);
			// amounts at the edges: exactly the balance, what was spent, the ceiling, and
			// one either side
			boolean edge = cert != null && this.random.nextInt(3) == 0;
			long nudge = this.random.nextInt(3) - 1;
			if (pick < 30) {
				return new Op("load", code, edge ? MAX - cert.balance + nudge : amount(false), null, null, owner);
			}
			if (pick < 60) {
				return new Op("redeem", code, edge ? cert.balance + nudge : amount(false), null, null, owner);
			}
			if (pick < 70) {
				return new Op("refund", code, edge ? cert.spent + nudge : amount(false), null, null, owner);
			}
			if (pick < 80) {
				boolean up = this.random.nextBoolean();
				long delta = edge ? (up ? MAX - cert.balance + nudge : -(cert.balance + nudge))
						: amount(false) * (up ? 1 : -1);
				String reason = (this.random.nextInt(8) == 0) ? " " : "correction";
				return new Op("adjust", code, delta, reason, null, owner);
			}
			if (pick < 87) {
				return new Op("block", code, 0, null, null, owner);
			}
			if (pick < 94) {
				return new Op("unblock", code, 0, null, null, owner);
			}
			return new Op("void", code, 0, null, null, owner);
		}

		long amount(boolean issue) {
			int pick = this.random.nextInt(40);
			if (pick == 0) {
				return -1 - this.random.nextInt(500);
			}
			if (pick == 1) {
				return issue ? 0 : 0;
			}
			if (pick == 2) {
				return MAX + 1 + this.random.nextInt(10);
			}
			if (pick == 3) {
				return MAX - this.random.nextInt(100);
			}
			return 1 + this.random.nextInt(3000);
		}

		/** What the ledger must answer, in the order it checks things. */
		Outcome expect(Op op, String key, Map<String, Cert> certs) {
			switch (op.kind()) {
				case "issue" -> {
					if (op.amount() < 0) {
						return Outcome.refused(Reason.AMOUNT_NOT_POSITIVE);
					}
					if (op.amount() > MAX) {
						return Outcome.refused(Reason.AMOUNT_TOO_LARGE);
					}
					if (op.expiresOn() != null && op.expiresOn().isBefore(today())) {
						return Outcome.refused(Reason.EXPIRY_IN_PAST);
					}
				}
				case "load", "redeem", "refund" -> {
					if (op.amount() <= 0) {
						return Outcome.refused(Reason.AMOUNT_NOT_POSITIVE);
					}
					if (op.amount() > MAX) {
						return Outcome.refused(Reason.AMOUNT_TOO_LARGE);
					}
				}
				case "adjust" -> {
					if (!op.owner()) {
						return Outcome.refused(Reason.OWNER_ONLY);
					}
					if (op.amount() == 0) {
						return Outcome.refused(Reason.AMOUNT_NOT_POSITIVE);
					}
					if (Math.abs(op.amount()) > MAX) {
						return Outcome.refused(Reason.AMOUNT_TOO_LARGE);
					}
					if (op.reason().isBlank()) {
						return Outcome.refused(Reason.REASON_REQUIRED);
					}
				}
				case "unblock", "void" -> {
					if (!op.owner()) {
						return Outcome.refused(Reason.OWNER_ONLY);
					}
				}
				default -> {
				}
			}
			if (this.keyOps.containsKey(key)) {
				return this.keyOps.get(key).fingerprint().equals(op.fingerprint()) ? this.keyOutcomes.get(key)
						: Outcome.refused(Reason.IDEMPOTENCY_KEY_REUSED);
			}
			if (op.kind().equals("issue")) {
				return new Outcome(null, op.amount(),
						(op.amount() > 0) ? CertificateState.ACTIVE : CertificateState.PENDING);
			}
			Cert cert = certs.get(op.code());
			if (cert == null) {
				return Outcome.refused(Reason.UNKNOWN_CODE);
			}
			boolean expired = cert.expiresOn != null && today().isAfter(cert.expiresOn);
			Reason stateReason = switch (cert.state) {
				case PENDING -> Reason.PENDING;
				case BLOCKED -> Reason.BLOCKED;
				case VOID -> Reason.VOID;
				case ACTIVE -> Reason.NOT_BLOCKED;
			};
			long amount = op.amount();
			switch (op.kind()) {
				case "load" -> {
					if (cert.state != CertificateState.PENDING && cert.state != CertificateState.ACTIVE) {
						return Outcome.refused(stateReason);
					}
					if (expired) {
						return Outcome.refused(Reason.EXPIRED);
					}
					if (cert.balance + amount > MAX) {
						return Outcome.refused(Reason.BALANCE_TOO_LARGE);
					}
					return new Outcome(null, cert.balance + amount, CertificateState.ACTIVE);
				}
				case "redeem" -> {
					if (cert.state != CertificateState.ACTIVE) {
						return Outcome.refused(stateReason);
					}
					if (expired) {
						return Outcome.refused(Reason.EXPIRED);
					}
					if (amount > cert.balance) {
						return Outcome.refused(Reason.OVERDRAFT);
					}
					return new Outcome(null, cert.balance - amount, cert.state);
				}
				case "refund" -> {
					if (cert.state != CertificateState.ACTIVE) {
						return Outcome.refused(stateReason);
					}
					if (expired) {
						return Outcome.refused(Reason.EXPIRED);
					}
					if (amount > cert.spent) {
						return Outcome.refused(Reason.REFUND_TOO_LARGE);
					}
					if (cert.balance + amount > MAX) {
						return Outcome.refused(Reason.BALANCE_TOO_LARGE);
					}
					return new Outcome(null, cert.balance + amount, cert.state);
				}
				case "adjust" -> {
					if (cert.state == CertificateState.VOID) {
						return Outcome.refused(Reason.VOID);
					}
					if (cert.balance + amount < 0) {
						return Outcome.refused(Reason.OVERDRAFT);
					}
					if (cert.balance + amount > MAX) {
						return Outcome.refused(Reason.BALANCE_TOO_LARGE);
					}
					return new Outcome(null, cert.balance + amount, cert.state);
				}
				case "block" -> {
					return (cert.state == CertificateState.ACTIVE)
							? new Outcome(null, cert.balance, CertificateState.BLOCKED) : Outcome.refused(stateReason);
				}
				case "unblock" -> {
					return (cert.state == CertificateState.BLOCKED)
							? new Outcome(null, cert.balance, CertificateState.ACTIVE) : Outcome.refused(stateReason);
				}
				case "void" -> {
					return (cert.state != CertificateState.VOID) ? new Outcome(null, 0, CertificateState.VOID)
							: Outcome.refused(Reason.VOID);
				}
				default -> throw new IllegalStateException(op.kind());
			}
		}

		/** Applies a successful, fresh outcome to the model. */
		void remember(Op op, String key, Outcome outcome, Map<String, Cert> certs) {
			if (outcome.refused() != null || this.keyOps.containsKey(key)) {
				return;
			}
			this.keyOps.put(key, op);
			this.keyOutcomes.put(key, outcome);
			if (op.kind().equals("issue")) {
				return; // added by send(), which learns the code
			}
			Cert cert = certs.get(op.code());
			if (op.kind().equals("redeem")) {
				cert.spent += op.amount();
			}
			if (op.kind().equals("refund")) {
				cert.spent -= op.amount();
			}
			cert.balance = outcome.balance();
			cert.state = outcome.state();
		}

		Outcome send(Op op, String key) {
			ShopUser actor = op.owner() ? this.owner : this.staff;
			GiftCertificates api = GiftCertificateModelContract.this.certificates;
			try {
				CertificateReceipt receipt = switch (op.kind()) {
					case "issue" -> api.issue(actor,
							new IssueRequest(op.amount(), "GBP", null, null, null, null, op.expiresOn()), key);
					case "load" -> api.load(actor, op.code(), op.amount(), key);
					case "redeem" -> api.redeem(actor, op.code(), op.amount(), key);
					case "refund" -> api.refund(actor, op.code(), op.amount(), key);
					case "adjust" -> api.adjust(actor, op.code(), op.amount(), op.reason(), key);
					case "block" -> api.block(actor, op.code(), key);
					case "unblock" -> api.unblock(actor, op.code(), key);
					case "void" -> api.voidCertificate(actor, op.code(), key);
					default -> throw new IllegalStateException(op.kind());
				};
				if (op.kind().equals("issue") && !receipt.replayed()) {
					String code = CertificateCodes.grouped(receipt.code());
					this.certs.put(code, new Cert(code, receipt.balanceMinor(), op.expiresOn()));
				}
				return new Outcome(null, receipt.balanceMinor(), receipt.state());
			}
			catch (LedgerRefusedException ex) {
				return Outcome.refused(ex.reason());
			}
		}

		/**
		 * Two redemptions of one certificate at once, or one request sent twice at once:
		 * the answers must be those of one order or the other.
		 */
		void concurrentPair() throws Exception {
			List<String> codes = new ArrayList<>(this.certs.keySet());
			String code = codes.get(this.random.nextInt(codes.size()));
			boolean sameKey = this.random.nextBoolean();
			Op a = new Op("redeem", code, 1 + this.random.nextInt(1500), null, null, false);
			Op b = sameKey ? a : new Op("redeem", code, 1 + this.random.nextInt(1500), null, null, false);
			String keyA = "key-" + (++this.keys);
			String keyB = sameKey ? keyA : "key-" + (++this.keys);
			this.log.add("at once: " + keyA + " " + a + " and " + keyB + " " + b);
			Future<Outcome> first = GiftCertificateModelContract.this.pair
				.submit((Callable<Outcome>) () -> send(a, keyA));
			Future<Outcome> second = GiftCertificateModelContract.this.pair
				.submit((Callable<Outcome>) () -> send(b, keyB));
			Outcome gotA = first.get();
			Outcome gotB = second.get();
			// Order a then b, in a copy of the model
			Map<String, Cert> abCerts = copy();
			Outcome abA = expect(a, keyA, abCerts);
			Outcome abB = expectAfter(a, keyA, abA, b, keyB, abCerts);
			Map<String, Cert> baCerts = copy();
			Outcome baB = expect(b, keyB, baCerts);
			Outcome baA = expectAfter(b, keyB, baB, a, keyA, baCerts);
			boolean ab = Objects.equals(gotA, abA) && Objects.equals(gotB, abB);
			boolean ba = Objects.equals(gotA, baA) && Objects.equals(gotB, baB);
			assertThat(ab || ba).as(String.join("\n", this.log) + "\ngot " + gotA + " and " + gotB).isTrue();
			if (ab) {
				remember(a, keyA, abA, this.certs);
				remember(b, keyB, abB, this.certs);
			}
			else {
				remember(b, keyB, baB, this.certs);
				remember(a, keyA, baA, this.certs);
			}
		}

		/** The second outcome of a pair, after the first was applied to a model copy. */
		Outcome expectAfter(Op first, String firstKey, Outcome firstOutcome, Op second, String secondKey,
				Map<String, Cert> certs) {
			Map<String, Op> savedOps = new HashMap<>(this.keyOps);
			Map<String, Outcome> savedOutcomes = new HashMap<>(this.keyOutcomes);
			remember(first, firstKey, firstOutcome, certs);
			Outcome outcome = expect(second, secondKey, certs);
			this.keyOps.clear();
			this.keyOps.putAll(savedOps);
			this.keyOutcomes.clear();
			this.keyOutcomes.putAll(savedOutcomes);
			return outcome;
		}

		Map<String, Cert> copy() {
			Map<String, Cert> copy = new LinkedHashMap<>();
			this.certs.forEach((code, cert) -> copy.put(code, cert.copy()));
			return copy;
		}

		void compareAll() {
			for (Cert cert : this.certs.values()) {
				GiftCertificate actual = GiftCertificateModelContract.this.certificates.findByCode(this.shop, cert.code)
					.orElseThrow();
				assertThat(actual.balanceMinor()).as(cert.code + " balance\n" + String.join("\n", this.log))
					.isEqualTo(cert.balance);
				assertThat(actual.state()).as(cert.code + " state\n" + String.join("\n", this.log))
					.isEqualTo(cert.state);
			}
		}

	}

}
