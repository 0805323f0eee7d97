package app.extramile.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.ledger.LedgerRefusedException.Reason;
import app.extramile.ledger.LedgerRequests.Answer;
import app.extramile.ledger.LedgerRequests.Claim;
import app.extramile.ledger.LedgerRequests.Outcome;
import app.extramile.ledger.LedgerRequests.Write;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The gift certificates facade: issue, load, redeem (in part), refund onto the
 * certificate, adjust (owners, with a reason), block, unblock and void. Every write takes
 * an idempotency key (see {@link LedgerRequests}) and locks the certificate's row, so two
 * redemptions at once are served one after the other and can never overdraw it. A refused
 * write posts nothing.
 * <p>
 * A refund here is Square's meaning: goods bought with the certificate came back, so
 * their value goes back onto it; it can never exceed what was spent from it.
 */
@Service
public class GiftCertificates {

	private static final String COLUMNS = """
			id, code, state, currency, account_id, buyer_customer_id, buyer_name, recipient_customer_id,
			recipient_name, expires_on, issued_at, version, balance_minor""";

	private static final int NAME_LENGTH = 120;

	private static final int REASON_LENGTH = 300;

	private final JdbcClient jdbc;

	private final Ledger ledger;

	private final LedgerRequests requests;

	private final CustomerDirectory customers;

	private final ShopCalendar calendar;

	private final LedgerSettings settings;

	private final Clock clock;

	GiftCertificates(JdbcClient jdbc, Ledger ledger, LedgerRequests requests, CustomerDirectory customers,
			ShopCalendar calendar, LedgerSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.requests = requests;
		this.customers = customers;
		this.calendar = calendar;
		this.settings = settings;
		this.clock = clock;
	}

	// --- Writes
	// ---------------------------------------------------------------------------------

	public CertificateReceipt issue(ShopUser actor, IssueRequest request, String idempotencyKey) {
		ShopId shop = actor.shopId();
		if (request.amountMinor() < 0) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, "amountMinor");
		}
		checkCeiling(request.amountMinor(), "amountMinor");
		String currency = checkCurrency(request.currency());
		String buyerName = text(request.buyerName(), NAME_LENGTH, "buyerName");
		String recipientName = text(request.recipientName(), NAME_LENGTH, "recipientName");
		checkCustomer(shop, request.buyerId(), "buyerId");
		checkCustomer(shop, request.recipientId(), "recipientId");
		if (request.expiresOn() != null && request.expiresOn().isBefore(this.calendar.today(shop))) {
			throw new LedgerRefusedException(Reason.EXPIRY_IN_PAST, "expiresOn");
		}
		UUID till = this.ledger.shopAccount(shop, AccountKind.TILL, currency);
		String fingerprint = String.join("|", Long.toString(request.amountMinor()), currency,
				String.valueOf(request.buyerId()), String.valueOf(buyerName), String.valueOf(request.recipientId()),
				String.valueOf(recipientName), String.valueOf(request.expiresOn()));
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "ISSUE", fingerprint, actor.accountId(), (claim) -> {
			UUID id = UUID.randomUUID();
			UUID account = UUID.randomUUID();
			CertificateState state = (request.amountMinor() > 0) ? CertificateState.ACTIVE : CertificateState.PENDING;
			// The answer is known before anything is written: claim the key with it and
			// the account, the certificate and its first posting.
			Row row = new Row(id, CertificateCodes.next(), state, currency, account, request.buyerId(), buyerName,
					request.recipientId(), recipientName, request.expiresOn(), null, 1, request.amountMinor());
			Write opening = this.ledger.opening(account, shop, AccountKind.CERTIFICATE, id, currency);
			Write certificate = insert(shop, row, actor.accountId());
			Outcome outcome = new Outcome(id, 1, request.amountMinor(), state.name());
			if (request.amountMinor() > 0) {
				claim.answer(outcome, opening, certificate, this.ledger.posting(shop, currency, claim.requestId(),
						PostingKind.LOAD, till, account, request.amountMinor(), null, actor.accountId()));
			}
			else {
				claim.answer(outcome, opening, certificate);
			}
			touched.set(row);
		});
		return receipt(answer, touched.get());
	}

	public CertificateReceipt load(ShopUser actor, String code, long amountMinor, String idempotencyKey) {
		ShopId shop = actor.shopId();
		checkAmount(amountMinor, "amountMinor");
		String normal = code(code);
		UUID till = this.ledger.shopAccount(shop, AccountKind.TILL, this.settings.currency());
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "LOAD", normal + "|" + amountMinor, actor.accountId(),
				(claim) -> {
					Row row = lock(shop, normal, touched);
					refuseUnless(row, shop, CertificateState.PENDING, CertificateState.ACTIVE);
					long balance = row.balanceMinor();
					if (balance + amountMinor > this.settings.maxAmountMinor()) {
						throw new LedgerRefusedException(Reason.BALANCE_TOO_LARGE, "amountMinor");
					}
					change(claim, row, CertificateState.ACTIVE, balance + amountMinor,
							this.ledger.posting(shop, row.currency(), claim.requestId(), PostingKind.LOAD, till,
									row.accountId(), amountMinor, null, actor.accountId()));
				});
		return receipt(answer, touched.get());
	}

	public CertificateReceipt redeem(ShopUser actor, String code, long amountMinor, String idempotencyKey) {
		return redeem(actor, code, amountMinor, null, idempotencyKey);
	}

	/**
	 * As {@link #redeem(ShopUser, String, long, String)}, with the currency the caller
	 * means (null for the shop's): any other is refused, never taken from the balance.
	 */
	public CertificateReceipt redeem(ShopUser actor, String code, long amountMinor, String currency,
			String idempotencyKey) {
		ShopId shop = actor.shopId();
		if (currency != null) {
			checkCurrency(currency);
		}
		checkAmount(amountMinor, "amountMinor");
		String normal = code(code);
		UUID sales = this.ledger.shopAccount(shop, AccountKind.SALES, this.settings.currency());
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "REDEEM", normal + "|" + amountMinor, actor.accountId(),
				(claim) -> {
					Row row = lock(shop, normal, touched);
					refuseUnless(row, shop, CertificateState.ACTIVE);
					long balance = row.balanceMinor();
					if (amountMinor > balance) {
						throw new LedgerRefusedException(Reason.OVERDRAFT, "amountMinor");
					}
					change(claim, row, row.state(), balance - amountMinor,
							this.ledger.posting(shop, row.currency(), claim.requestId(), PostingKind.REDEEM,
									row.accountId(), sales, amountMinor, null, actor.accountId()));
				});
		return receipt(answer, touched.get());
	}

	/**
	 * Puts the value of returned goods back onto the certificate they were bought with.
	 */
	public CertificateReceipt refund(ShopUser actor, String code, long amountMinor, String idempotencyKey) {
		ShopId shop = actor.shopId();
		checkAmount(amountMinor, "amountMinor");
		String normal = code(code);
		UUID sales = this.ledger.shopAccount(shop, AccountKind.SALES, this.settings.currency());
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "REFUND", normal + "|" + amountMinor, actor.accountId(),
				(claim) -> {
					Row row = lock(shop, normal, touched);
					refuseUnless(row, shop, CertificateState.ACTIVE);
					long spent = -this.ledger.moved(row.accountId(), PostingKind.REDEEM)
							- this.ledger.moved(row.accountId(), PostingKind.REFUND);
					if (amountMinor > spent) {
						throw new LedgerRefusedException(Reason.REFUND_TOO_LARGE, "amountMinor");
					}
					long balance = row.balanceMinor();
					if (balance + amountMinor > this.settings.maxAmountMinor()) {
						throw new LedgerRefusedException(Reason.BALANCE_TOO_LARGE, "amountMinor");
					}
					change(claim, row, row.state(), balance + amountMinor,
							this.ledger.posting(shop, row.currency(), claim.requestId(), PostingKind.REFUND, sales,
									row.accountId(), amountMinor, null, actor.accountId()));
				});
		return receipt(answer, touched.get());
	}

	/**
	 * An owner's correction, up ({@code deltaMinor > 0}) or down, with a reason: a new
	 * posting against the adjustments account, never an edit.
	 */
	public CertificateReceipt adjust(ShopUser actor, String code, long deltaMinor, String reason,
			String idempotencyKey) {
		ShopId shop = actor.shopId();
		if (actor.role() != Role.OWNER) {
			throw new LedgerRefusedException(Reason.OWNER_ONLY, "amountMinor");
		}
		if (deltaMinor == 0) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, "amountMinor");
		}
		checkCeiling(Math.abs(deltaMinor), "amountMinor");
		String why = text(reason, REASON_LENGTH, "reason");
		if (why == null) {
			throw new LedgerRefusedException(Reason.REASON_REQUIRED, "reason");
		}
		String normal = code(code);
		UUID adjustments = this.ledger.shopAccount(shop, AccountKind.ADJUSTMENTS, this.settings.currency());
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "ADJUST", normal + "|" + deltaMinor + "|" + why,
				actor.accountId(), (claim) -> {
					Row row = lock(shop, normal, touched);
					if (row.state() == CertificateState.VOID) {
						throw new LedgerRefusedException(Reason.VOID, "code");
					}
					long balance = row.balanceMinor();
					if (balance + deltaMinor < 0) {
						throw new LedgerRefusedException(Reason.OVERDRAFT, "amountMinor");
					}
					if (balance + deltaMinor > this.settings.maxAmountMinor()) {
						throw new LedgerRefusedException(Reason.BALANCE_TOO_LARGE, "amountMinor");
					}
					UUID debit = (deltaMinor > 0) ? adjustments : row.accountId();
					UUID credit = (deltaMinor > 0) ? row.accountId() : adjustments;
					change(claim, row, row.state(), balance + deltaMinor,
							this.ledger.posting(shop, row.currency(), claim.requestId(), PostingKind.ADJUST, debit,
									credit, Math.abs(deltaMinor), why, actor.accountId()));
				});
		return receipt(answer, touched.get());
	}

	/** Holds an active certificate: nothing can be spent or loaded until unblocked. */
	public CertificateReceipt block(ShopUser actor, String code, String idempotencyKey) {
		return changeState(actor, code, idempotencyKey, "BLOCK", CertificateState.ACTIVE, CertificateState.BLOCKED);
	}

	/** Releases a blocked certificate. Owners only. */
	public CertificateReceipt unblock(ShopUser actor, String code, String idempotencyKey) {
		requireOwner(actor);
		return changeState(actor, code, idempotencyKey, "UNBLOCK", CertificateState.BLOCKED, CertificateState.ACTIVE);
	}

	/**
	 * Closes a certificate for good; what was left on it goes to breakage. Owners only.
	 */
	public CertificateReceipt voidCertificate(ShopUser actor, String code, String idempotencyKey) {
		requireOwner(actor);
		ShopId shop = actor.shopId();
		String normal = code(code);
		UUID breakage = this.ledger.shopAccount(shop, AccountKind.BREAKAGE, this.settings.currency());
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, "VOID", normal, actor.accountId(), (claim) -> {
			Row row = lock(shop, normal, touched);
			if (row.state() == CertificateState.VOID) {
				throw new LedgerRefusedException(Reason.VOID, "code");
			}
			long balance = row.balanceMinor();
			if (balance > 0) {
				change(claim, row, CertificateState.VOID, 0,
						this.ledger.posting(shop, row.currency(), claim.requestId(), PostingKind.VOID, row.accountId(),
								breakage, balance, null, actor.accountId()));
			}
			else {
				change(claim, row, CertificateState.VOID, 0);
			}
		});
		return receipt(answer, touched.get());
	}

	private CertificateReceipt changeState(ShopUser actor, String code, String idempotencyKey, String operation,
			CertificateState from, CertificateState to) {
		ShopId shop = actor.shopId();
		String normal = code(code);
		AtomicReference<Row> touched = new AtomicReference<>();
		Answer answer = this.requests.run(shop, idempotencyKey, operation, normal, actor.accountId(), (claim) -> {
			Row row = lock(shop, normal, touched);
			if (row.state() != from) {
				throw new LedgerRefusedException(switch (row.state()) {
					case VOID -> Reason.VOID;
					case BLOCKED -> Reason.BLOCKED;
					case PENDING -> Reason.PENDING;
					case ACTIVE -> Reason.NOT_BLOCKED;
				}, "code");
			}
			change(claim, row, to, row.balanceMinor());
		});
		return receipt(answer, touched.get());
	}

	// --- Reads
	// ----------------------------------------------------------------------------------

	public Optional<GiftCertificate> findByCode(ShopId shop, String code) {
		String normal = CertificateCodes.normalise(code);
		if (normal == null) {
			return Optional.empty();
		}
		return this.jdbc.sql("select " + COLUMNS + " from gift_certificate where shop_id = ? and code = ?")
			.params(shop.value(), normal)
			.query(GiftCertificates::row)
			.optional()
			.map(this::certificate);
	}

	/** By code in any shop: the public balance page knows only the code. */
	public Optional<GiftCertificate> findByCodeAnywhere(String code) {
		String normal = CertificateCodes.normalise(code);
		if (normal == null) {
			return Optional.empty();
		}
		return this.jdbc.sql("select " + COLUMNS + " from gift_certificate where code = ?")
			.param(normal)
			.query(GiftCertificates::row)
			.optional()
			.map(this::certificate);
	}

	public GiftCertificate get(ShopId shop, UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from gift_certificate where shop_id = ? and id = ?")
			.params(shop.value(), id)
			.query(GiftCertificates::row)
			.optional()
			.map(this::certificate)
			.orElseThrow(() -> new NotFoundException("gift certificate"));
	}

	/** The shop's certificates, newest first. */
	public List<GiftCertificate> list(ShopId shop, int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from gift_certificate where shop_id = ? order by issued_at desc " + "limit ?")
			.params(shop.value(), limit)
			.query(GiftCertificates::row)
			.list()
			.stream()
			.map(this::certificate)
			.toList();
	}

	/** One line of a certificate's history. */
	public record Activity(Instant at, PostingKind kind, long amountMinor, String memo) {
	}

	/**
	 * What happened on a certificate, oldest first; amounts signed as seen by the holder.
	 */
	public List<Activity> history(ShopId shop, UUID id) {
		GiftCertificate certificate = get(shop, id);
		UUID account = accountOf(shop, certificate.id());
		return new ArrayList<>(this.jdbc
			.sql("""
					select posted_at, kind, memo, case when credit_account = ? then amount_minor else -amount_minor end as delta
					from ledger_posting where shop_id = ? and (credit_account = ? or debit_account = ?)
					order by seq""")
			.params(account, shop.value(), account, account)
			.query((rs, n) -> new Activity(Times.instant(rs, "posted_at"), PostingKind.valueOf(rs.getString("kind")),
					rs.getLong("delta"), rs.getString("memo")))
			.list());
	}

	// --- Helpers
	// --------------------------------------------------------------------------------

	private UUID accountOf(ShopId shop, UUID certificate) {
		return this.jdbc.sql("select account_id from gift_certificate where shop_id = ? and id = ?")
			.params(shop.value(), certificate)
			.query(UUID.class)
			.single();
	}

	private GiftCertificate certificate(Row row) {
		return new GiftCertificate(row.id(), row.code(), row.state(), row.currency(), row.balanceMinor(), row.buyerId(),
				row.buyerName(), row.recipientId(), row.recipientName(), row.expiresOn(), row.issuedAt());
	}

	/**
	 * The answer from what the write itself saw (the row it locked or inserted), or, for
	 * a replayed key, from the certificate as stored.
	 */
	private CertificateReceipt receipt(Answer answer, Row touched) {
		Row row = (touched != null && !answer.replayed()) ? touched
				: this.jdbc.sql("select " + COLUMNS + " from gift_certificate where id = ?")
					.param(answer.subjectId())
					.query(GiftCertificates::row)
					.single();
		return new CertificateReceipt(answer.subjectId(), row.code(), CertificateState.valueOf(answer.stateAfter()),
				this.settings.currency(), answer.balanceAfterMinor(), row.expiresOn(), answer.replayed());
	}

	/**
	 * A new certificate. Its code has 79 random bits, so there is no look-up first; the
	 * unique key refuses the all but impossible twin (the issue fails and nothing is
	 * written), so a code is never handed out twice.
	 */
	private Write insert(ShopId shop, Row row, UUID by) {
		return Write.insert("gift_certificate", COLUMNS + ", shop_id, issued_by", row.id(), row.code(),
				row.state().name(), row.currency(), row.accountId(),
				(row.buyerId() != null) ? row.buyerId().value() : null, row.buyerName(),
				(row.recipientId() != null) ? row.recipientId().value() : null, row.recipientName(), row.expiresOn(),
				Times.column(this.clock.instant()), row.version(), row.balanceMinor(), shop.value(), by);
	}

	private Row lock(ShopId shop, String code, AtomicReference<Row> touched) {
		Row row = this.jdbc
			.sql("select " + COLUMNS + " from gift_certificate where shop_id = ? and code = ? for update")
			.params(shop.value(), code)
			.query(GiftCertificates::row)
			.optional()
			.orElseThrow(() -> new LedgerRefusedException(Reason.UNKNOWN_CODE, "code"));
		touched.set(row);
		return row;
	}

	/**
	 * Claims the write's key with its answer, changing the locked row to match, with the
	 * write's postings.
	 */
	private void change(Claim claim, Row row, CertificateState state, long balanceAfter, Write... with) {
		Write[] writes = new Write[with.length + 1];
		writes[0] = Write.update(
				"update gift_certificate set state = ?, balance_minor = ?, version = version + 1 " + "where id = ?",
				state.name(), balanceAfter, row.id());
		System.arraycopy(with, 0, writes, 1, with.length);
		claim.answer(new Outcome(row.id(), row.version() + 1, balanceAfter, state.name()), writes);
	}

	private void refuseUnless(Row row, ShopId shop, CertificateState... allowed) {
		if (!List.of(allowed).contains(row.state())) {
			throw new LedgerRefusedException(switch (row.state()) {
				case PENDING -> Reason.PENDING;
				case BLOCKED -> Reason.BLOCKED;
				case VOID -> Reason.VOID;
				case ACTIVE -> Reason.NOT_BLOCKED;
			}, "code");
		}
		if (row.expiresOn() != null && this.calendar.today(shop).isAfter(row.expiresOn())) {
			throw new LedgerRefusedException(Reason.EXPIRED, "code");
		}
	}

	private static String code(String typed) {
		String normal = CertificateCodes.normalise(typed);
		if (normal == null) {
			throw new LedgerRefusedException(Reason.UNKNOWN_CODE, "code");
		}
		return normal;
	}

	private void checkAmount(long amountMinor, String field) {
		if (amountMinor <= 0) {
			throw new LedgerRefusedException(Reason.AMOUNT_NOT_POSITIVE, field);
		}
		checkCeiling(amountMinor, field);
	}

	private void checkCeiling(long amountMinor, String field) {
		if (amountMinor > this.settings.maxAmountMinor()) {
			throw new LedgerRefusedException(Reason.AMOUNT_TOO_LARGE, field);
		}
	}

	private String checkCurrency(String currency) {
		if (currency == null || !currency.trim().equalsIgnoreCase(this.settings.currency())) {
			throw new LedgerRefusedException(Reason.CURRENCY, "currency");
		}
		return this.settings.currency();
	}

	private void checkCustomer(ShopId shop, CustomerId customer, String field) {
		if (customer != null && this.customers.existing(shop, List.of(customer)).isEmpty()) {
			throw new LedgerRefusedException(Reason.UNKNOWN_CUSTOMER, field);
		}
	}

	private static void requireOwner(ShopUser actor) {
		if (actor.role() != Role.OWNER) {
			throw new LedgerRefusedException(Reason.OWNER_ONLY, "code");
		}
	}

	static String text(String value, int max, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() > max) {
			throw new LedgerRefusedException(Reason.TEXT_TOO_LONG, field);
		}
		return trimmed;
	}

	private record Row(UUID id, String code, CertificateState state, String currency, UUID accountId,
			CustomerId buyerId, String buyerName, CustomerId recipientId, String recipientName, LocalDate expiresOn,
			Instant issuedAt, long version, long balanceMinor) {
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		UUID buyer = rs.getObject("buyer_customer_id", UUID.class);
		UUID recipient = rs.getObject("recipient_customer_id", UUID.class);
		return new Row(rs.getObject("id", UUID.class), rs.getString("code"),
				CertificateState.valueOf(rs.getString("state")), rs.getString("currency").trim(),
				rs.getObject("account_id", UUID.class), (buyer != null) ? new CustomerId(buyer) : null,
				rs.getString("buyer_name"), (recipient != null) ? new CustomerId(recipient) : null,
				rs.getString("recipient_name"), rs.getObject("expires_on", LocalDate.class),
				Times.instant(rs, "issued_at"), rs.getLong("version"), rs.getLong("balance_minor"));
	}

}
