package app.extramile.customers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerEvents.ConsentRecorded;
import app.extramile.customers.CustomerEvents.ConsentRevoked;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' consent: what each agrees to now (welfare checks, contacting named people,
 * keeping care notes), its history, and signed paper forms with their scanned pages.
 * Recording or withdrawing consent is for roles that may read care data; withdrawing
 * consent to keep care notes or to contact named people erases that data. Scoped by shop.
 */
@Service
@Transactional
public class Consents {

	private final JdbcClient jdbc;

	private final CustomerDirectory directory;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Consents(JdbcClient jdbc, CustomerDirectory directory, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Optional<Consent> current(ShopId shop, CustomerId id) {
		return this.jdbc.sql("""
				select id, welfare_checks, contact_named_people, keep_care_notes, how_given, signed_on, witnessed_by,
				  recorded_at, recorded_by, revoked_at, revoked_how, revoke_signed_on, revoke_witnessed_by
				from consent where shop_id = ? and customer_id = ? and revoked_at is null
				order by recorded_at desc limit 1""")
			.params(shop.value(), id.value())
			.query(Consents::consent)
			.optional()
			.map((c) -> withPages(shop, c));
	}

	/**
	 * Whether any of the shop's customers has consent recorded (the first is a
	 * milestone).
	 */
	@Transactional(readOnly = true)
	public boolean anyRecorded(ShopId shop) {
		return this.jdbc.sql("select count(*) from consent where shop_id = ?")
			.param(shop.value())
			.query(Long.class)
			.single() > 0;
	}

	@Transactional(readOnly = true)
	public List<Consent> history(ShopUser reader, CustomerId id) {
		CustomerData.requireCareReader(reader);
		return this.jdbc.sql("""
				select id, welfare_checks, contact_named_people, keep_care_notes, how_given, signed_on, witnessed_by,
				  recorded_at, recorded_by, revoked_at, revoked_how, revoke_signed_on, revoke_witnessed_by
				from consent where shop_id = ? and customer_id = ? order by recorded_at desc""")
			.params(reader.shopId().value(), id.value())
			.query(Consents::consent)
			.list()
			.stream()
			.map((c) -> withPages(reader.shopId(), c))
			.toList();
	}

	private Consent withPages(ShopId shop, Consent consent) {
		List<Consent.Page> pages = this.jdbc
			.sql("select id, purpose from consent_page where shop_id = ? and consent_id = ? order by uploaded_at")
			.params(shop.value(), consent.id())
			.query((rs, n) -> new Consent.Page(rs.getObject("id", UUID.class),
					"WITHDRAWN".equals(rs.getString("purpose"))))
			.list();
		return new Consent(consent.id(), consent.welfareChecks(), consent.contactNamedPeople(), consent.keepCareNotes(),
				consent.howGiven(), consent.signedOn(), consent.witnessedBy(), consent.recordedAt(),
				consent.recordedBy(), consent.revokedAt(), consent.revokedHow(), consent.revokeSignedOn(),
				consent.revokeWitnessedBy(), pages);
	}

	/**
	 * A scanned consent page of one of the shop's customers, for those who may read care
	 * data.
	 */
	@Transactional(readOnly = true)
	public Optional<Consent.Scan> page(ShopUser reader, CustomerId id, UUID pageId) {
		CustomerData.requireCareReader(reader);
		return this.jdbc
			.sql("select content_type, content from consent_page where shop_id = ? and customer_id = ? and id = ?")
			.params(reader.shopId().value(), id.value(), pageId)
			.query((rs, n) -> new Consent.Scan(rs.getString("content_type"), rs.getBytes("content")))
			.optional();
	}

	/**
	 * Records what the customer agrees to now, replacing any earlier consent. Withdrawing
	 * consent to keep care notes or to contact named people erases that data.
	 */
	public void record(ShopUser writer, CustomerId id, boolean welfareChecks, boolean contactNamedPeople,
			boolean keepCareNotes, String howGiven) {
		record(writer, id, welfareChecks, contactNamedPeople, keepCareNotes, howGiven, null);
	}

	/**
	 * Records consent as above; {@code paper}, when not null, is the signed consent form:
	 * the day it was signed (not in the future), who witnessed it, and its scan if any.
	 */
	public void record(ShopUser writer, CustomerId id, boolean welfareChecks, boolean contactNamedPeople,
			boolean keepCareNotes, String howGiven, Consent.Paper paper) {
		CustomerData.requireCareReader(writer);
		ShopId shop = writer.shopId();
		this.directory.get(shop, id);
		Instant now = this.clock.instant();
		requireSound(shop, paper, now);
		revokeCurrent(shop, id, writer.accountId(), now, null, null);
		UUID consentId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into consent (id, shop_id, customer_id, welfare_checks, contact_named_people, keep_care_notes,
				  how_given, signed_on, witnessed_by, recorded_at, recorded_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(consentId, shop.value(), id.value(), welfareChecks, contactNamedPeople, keepCareNotes,
					CustomerData.blankToNull(howGiven), (paper != null) ? paper.signedOn() : null,
					(paper != null) ? paper.witnessedBy().strip() : null, Times.column(now), writer.accountId())
			.update();
		if (paper != null && paper.scan() != null) {
			keepPage(writer, id, consentId, "GIVEN", paper.scan(), now);
		}
		eraseWithoutConsent(shop, id, contactNamedPeople, keepCareNotes);
		this.events.publishEvent(new ConsentRecorded(shop, id, welfareChecks, contactNamedPeople, keepCareNotes, now));
	}

	public void revoke(ShopUser writer, CustomerId id) {
		revoke(writer, id, null, null);
	}

	/**
	 * Withdraws all consent as above; {@code how} says how they told us, and
	 * {@code paper}, when not null, is the signed withdrawal (its day, witness and scan).
	 */
	public void revoke(ShopUser writer, CustomerId id, String how, Consent.Paper paper) {
		CustomerData.requireCareReader(writer);
		ShopId shop = writer.shopId();
		this.directory.get(shop, id);
		Instant now = this.clock.instant();
		requireSound(shop, paper, now);
		Optional<Consent> current = current(shop, id);
		if (revokeCurrent(shop, id, writer.accountId(), now, how, paper) > 0) {
			if (paper != null && paper.scan() != null && current.isPresent()) {
				keepPage(writer, id, current.get().id(), "WITHDRAWN", paper.scan(), now);
			}
			eraseWithoutConsent(shop, id, false, false);
			this.events.publishEvent(new ConsentRevoked(shop, id, now));
		}
	}

	private int revokeCurrent(ShopId shop, CustomerId id, UUID by, Instant now, String how, Consent.Paper paper) {
		return this.jdbc.sql("""
				update consent set revoked_at = ?, revoked_by = ?, revoked_how = ?, revoke_signed_on = ?,
				  revoke_witnessed_by = ?
				where shop_id = ? and customer_id = ? and revoked_at is null""")
			.params(Times.column(now), by, CustomerData.blankToNull(how), (paper != null) ? paper.signedOn() : null,
					(paper != null) ? paper.witnessedBy().strip() : null, shop.value(), id.value())
			.update();
	}

	private void requireSound(ShopId shop, Consent.Paper paper, Instant now) {
		if (paper == null) {
			return;
		}
		if (paper.signedOn() == null
				|| paper.signedOn().isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(1))) {
			throw new IllegalArgumentException("a paper consent form needs the day it was signed, not in the future");
		}
		if (paper.witnessedBy() == null || paper.witnessedBy().isBlank()) {
			throw new IllegalArgumentException("a paper consent form needs who witnessed it");
		}
		if (paper.scan() != null && (paper.scan().content().length > Consent.Scan.MAX_BYTES
				|| Consent.Scan.typeOf(paper.scan().content()) == null)) {
			throw new IllegalArgumentException("a scanned page is a PDF, JPEG or PNG of at most 5 MB");
		}
	}

	private void keepPage(ShopUser writer, CustomerId id, UUID consentId, String purpose, Consent.Scan scan,
			Instant now) {
		this.jdbc.sql("""
				insert into consent_page (id, shop_id, customer_id, consent_id, purpose, content_type, content,
				  uploaded_at, uploaded_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), writer.shopId().value(), id.value(), consentId, purpose,
					Consent.Scan.typeOf(scan.content()), scan.content(), Times.column(now), writer.accountId())
			.update();
	}

	private void eraseWithoutConsent(ShopId shop, CustomerId id, boolean contactNamedPeople, boolean keepCareNotes) {
		if (!keepCareNotes) {
			this.jdbc.sql("delete from care_profile where shop_id = ? and customer_id = ?")
				.params(shop.value(), id.value())
				.update();
		}
		if (!contactNamedPeople) {
			this.jdbc.sql("delete from customer_contact where shop_id = ? and customer_id = ?")
				.params(shop.value(), id.value())
				.update();
		}
	}

	private static Consent consent(ResultSet rs, int row) throws SQLException {
		return new Consent(rs.getObject("id", UUID.class), rs.getBoolean("welfare_checks"),
				rs.getBoolean("contact_named_people"), rs.getBoolean("keep_care_notes"), rs.getString("how_given"),
				rs.getObject("signed_on", LocalDate.class), rs.getString("witnessed_by"),
				Times.instant(rs, "recorded_at"), rs.getObject("recorded_by", UUID.class),
				Times.instant(rs, "revoked_at"), rs.getString("revoked_how"),
				rs.getObject("revoke_signed_on", LocalDate.class), rs.getString("revoke_witnessed_by"), List.of());
	}

}
