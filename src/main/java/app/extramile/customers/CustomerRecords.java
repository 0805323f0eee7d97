package app.extramile.customers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import app.extramile.customers.CustomerEvents.CustomerDataExported;
import app.extramile.customers.CustomerEvents.CustomerErased;
import app.extramile.shared.Pdf;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's data rights (UK GDPR), for the shop's owner: access (everything held about
 * her, from every module, as a ZIP of JSON files and a readable PDF) and erasure (every
 * module removes or irreversibly pseudonymises what it holds). Each module answers
 * through its own {@link PersonalData} bean, so this module never reads another's tables.
 *
 * <p>
 * An erasure is recorded twice, by ids only: in the database
 * ({@code customer_rights_request}) and in a file outside it
 * ({@code extramile.customers.erasure-file}). At every start both are read and every
 * erased customer is erased again, so restoring a backup from before an erasure does not
 * bring her back (the file survives a database restore; the table covers an instance that
 * lost its file).
 */
@Service
@Transactional
public class CustomerRecords {

	private static final Logger log = LoggerFactory.getLogger(CustomerRecords.class);

	/** The name an erased customer keeps (the column may not be empty). */
	public static final String ERASED_NAME = "-";

	private final JdbcClient jdbc;

	private final CustomerDirectory customers;

	private final CareAccessLog accessLog;

	private final ObjectProvider<PersonalData> modules;

	private final ITemplateEngine templates;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Path erasureFile;

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	CustomerRecords(JdbcClient jdbc, CustomerDirectory customers, CareAccessLog accessLog,
			ObjectProvider<PersonalData> modules, ITemplateEngine templates, ApplicationEventPublisher events,
			Clock clock, @Value("${extramile.customers.erasure-file:./erasures.txt}") Path erasureFile) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.accessLog = accessLog;
		this.modules = modules;
		this.templates = templates;
		this.events = events;
		this.clock = clock;
		this.erasureFile = erasureFile;
	}

	// --- Access
	// ---------------------------------------------------------------------------------

	/**
	 * Everything held about one customer, as a ZIP: one JSON file per part (profile, care
	 * profile, consents, contacts, away notices, care access log, then each module's
	 * parts) and {@code summary.pdf}, readable by the customer. Owners only. The export
	 * is recorded (a rights request, a logged reveal of her care and access notes, and an
	 * entry on her timeline).
	 */
	public Export export(ShopUser owner, CustomerId id, Locale locale) {
		requireOwner(owner);
		ShopId shop = owner.shopId();
		Customer customer = this.customers.get(shop, id);
		Instant now = this.clock.instant();
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>(ownParts(shop, id));
		for (PersonalData module : this.modules.orderedStream().toList()) {
			module.export(shop, id).forEach((part, rows) -> parts.put(part, plain(rows)));
		}
		record(shop, id, "EXPORT", owner.accountId(), now);
		this.accessLog.write(owner, id, "CARE_NOTES");
		this.accessLog.write(owner, id, "ACCESS_NOTES");
		this.events.publishEvent(new CustomerDataExported(shop, id, now));
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip, StandardCharsets.UTF_8)) {
			for (Map.Entry<String, List<Map<String, Object>>> part : parts.entrySet()) {
				out.putNextEntry(new ZipEntry(part.getKey() + ".json"));
				out.write(this.json.writeValueAsBytes(part.getValue()));
				out.closeEntry();
			}
			int page = 0;
			for (Map<String, Object> scan : this.jdbc.sql("""
					select content_type, content from consent_page where shop_id = ? and customer_id = ?
					order by uploaded_at""").params(shop.value(), id.value()).query().listOfRows()) {
				String type = String.valueOf(scan.get("content_type"));
				String extension = type.endsWith("pdf") ? "pdf" : type.endsWith("png") ? "png" : "jpg";
				out.putNextEntry(new ZipEntry("consent-page-" + (++page) + "." + extension));
				out.write((byte[]) scan.get("content"));
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("summary.pdf"));
			out.write(summary(customer, parts, now, locale));
			out.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		log.info("Data export made for customer {} by account {}", id, owner.accountId());
		return new Export("customer-" + id.value() + ".zip", zip.toByteArray());
	}

	/** A finished export: its file name and bytes. */
	public record Export(String fileName, byte[] bytes) {
	}

	private Map<String, List<Map<String, Object>>> ownParts(ShopId shop, CustomerId id) {
		Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
		parts.put("profile", rows("""
				select id, reference, name, preferred_name, phone, mobile, address_line, town, postcode, latitude,
				  longitude, birthday, household, tags, notes, act_at_amber, archived_at, created_at, updated_at
				from customer where shop_id = ? and id = ?""", shop, id));
		parts.put("care-profile",
				rows("""
						select lives_alone, personal_alarm, vulnerable, free_delivery, mobility_notes, sight_notes, hearing_notes,
						  usual_items, newspaper, care_notes, access_notes, updated_at, updated_by
						from care_profile where shop_id = ? and customer_id = ?""",
						shop, id));
		parts.put("consents", rows("""
				select welfare_checks, contact_named_people, keep_care_notes, how_given, signed_on, witnessed_by,
				  recorded_at, recorded_by, revoked_at, revoked_by, revoked_how, revoke_signed_on, revoke_witnessed_by
				from consent where shop_id = ? and customer_id = ? order by recorded_at""", shop, id));
		parts.put("consent-pages", rows("""
				select p.purpose, p.content_type, p.uploaded_at, c.recorded_at as consent_recorded_at
				from consent_page p join consent c on c.id = p.consent_id
				where p.shop_id = ? and p.customer_id = ? order by p.uploaded_at""", shop, id));
		parts.put("contacts", rows("""
				select name, relationship, phone, has_key, ring_order from customer_contact
				where shop_id = ? and customer_id = ? order by ring_order""", shop, id));
		parts.put("away-notices", rows("""
				select reason, from_date, to_date, note, created_at, cancelled_at from away_notice
				where shop_id = ? and customer_id = ? order by from_date""", shop, id));
		parts.put("care-access-log", rows("""
				select account_id, what, at from care_access_log where shop_id = ? and customer_id = ? order by at""",
				shop, id));
		parts.put("rights-requests", rows("""
				select kind, at, by_account from customer_rights_request
				where shop_id = ? and customer_id = ? order by at""", shop, id));
		return parts;
	}

	private List<Map<String, Object>> rows(String sql, ShopId shop, CustomerId id) {
		return plain(this.jdbc.sql(sql).params(shop.value(), id.value()).query().listOfRows());
	}

	/**
	 * Rows as JSON-friendly values, the same on H2 and PostgreSQL: times as ISO instants,
	 * ids and dates as text, bytes as Base64.
	 */
	static List<Map<String, Object>> plain(List<Map<String, Object>> rows) {
		List<Map<String, Object>> plain = new ArrayList<>(rows.size());
		for (Map<String, Object> row : rows) {
			Map<String, Object> out = new LinkedHashMap<>();
			row.forEach((column, value) -> out.put(column.toLowerCase(Locale.ROOT), plainValue(value)));
			plain.add(out);
		}
		return plain;
	}

	private static Object plainValue(Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
			return value;
		}
		if (value instanceof Timestamp t) {
			return t.toInstant().toString();
		}
		if (value instanceof OffsetDateTime t) {
			return t.toInstant().toString();
		}
		if (value instanceof java.sql.Date d) {
			return d.toLocalDate().toString();
		}
		if (value instanceof Time t) {
			return t.toLocalTime().toString();
		}
		if (value instanceof byte[] bytes) {
			return Base64.getEncoder().encodeToString(bytes);
		}
		if (value instanceof TemporalAccessor || value instanceof UUID) {
			return value.toString();
		}
		return value.toString();
	}

	private byte[] summary(Customer customer, Map<String, List<Map<String, Object>>> parts, Instant at, Locale locale) {
		Context context = new Context(locale);
		context.setVariable("customer", customer);
		context.setVariable("parts", parts);
		context.setVariable("madeAt", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.format(at.atZone(java.time.ZoneOffset.UTC)));
		String xhtml = this.templates.process("customers/data-export-pdf", context);
		byte[] pdf = Pdf.fromXhtml(xhtml);
		return pdf;
	}

	// --- Erasure
	// --------------------------------------------------------------------------------

	/**
	 * Erases a customer everywhere: her profile keeps only its id (the name becomes
	 * {@link #ERASED_NAME}, everything else is emptied, and she is archived), her care
	 * profile, contacts and notes are deleted, and every module erases its part. Money
	 * stays where it was (postings and balances); impact keeps its totals. Owners only.
	 */
	public void erase(ShopUser owner, CustomerId id) {
		requireOwner(owner);
		ShopId shop = owner.shopId();
		this.customers.get(shop, id);
		Instant now = this.clock.instant();
		eraseEverywhere(shop, id, now);
		record(shop, id, "ERASURE", owner.accountId(), now);
		appendToFile(shop, id, now);
		this.events.publishEvent(new CustomerErased(shop, id, now));
		log.info("Customer {} erased by account {}", id, owner.accountId());
	}

	/** When the customer was erased, if she was. */
	@Transactional(readOnly = true)
	public Optional<Instant> erasedAt(ShopId shop, CustomerId id) {
		return this.jdbc.sql("""
				select at from customer_rights_request where shop_id = ? and customer_id = ? and kind = 'ERASURE'
				order by at limit 1""")
			.params(shop.value(), id.value())
			.query((rs, n) -> Times.instant(rs, "at"))
			.list()
			.stream()
			.findFirst();
	}

	private void eraseEverywhere(ShopId shop, CustomerId id, Instant now) {
		Optional<PersonalData.Mentions> mentions = this.jdbc
			.sql("select reference, name, phone, mobile from customer where shop_id = ? and id = ? and name <> ?")
			.params(shop.value(), id.value(), ERASED_NAME)
			.query((rs, n) -> new PersonalData.Mentions(rs.getString("reference"), rs.getString("name"),
					rs.getString("phone"), rs.getString("mobile")))
			.optional();
		if (mentions.isPresent()) {
			for (PersonalData module : this.modules.orderedStream().toList()) {
				module.eraseMentions(shop, id, mentions.get());
			}
		}
		this.jdbc.sql("""
				update customer set reference = null, name = :erased, preferred_name = null, search_key = '',
				  phone = null, mobile = null, address_line = null, town = null, postcode = null, latitude = null,
				  longitude = null, birthday = null, household = null, tags = null, notes = null, act_at_amber = false,
				  archived_at = coalesce(archived_at, :now), updated_at = :now
				where shop_id = :shop and id = :id""")
			.param("erased", ERASED_NAME)
			.param("now", Times.column(now))
			.param("shop", shop.value())
			.param("id", id.value())
			.update();
		for (String table : List.of("care_profile", "customer_contact", "customer_import_key")) {
			this.jdbc.sql("delete from " + table + " where shop_id = ? and customer_id = ?")
				.params(shop.value(), id.value())
				.update();
		}
		this.jdbc.sql("""
				update consent set how_given = null, witnessed_by = null, revoked_how = null, revoke_witnessed_by = null
				where shop_id = ? and customer_id = ?""").params(shop.value(), id.value()).update();
		this.jdbc.sql("delete from consent_page where shop_id = ? and customer_id = ?")
			.params(shop.value(), id.value())
			.update();
		this.jdbc.sql("update away_notice set note = null where shop_id = ? and customer_id = ? and note is not null")
			.params(shop.value(), id.value())
			.update();
		for (PersonalData module : this.modules.orderedStream().toList()) {
			module.erase(shop, id);
		}
	}

	private void record(ShopId shop, CustomerId id, String kind, UUID by, Instant at) {
		this.jdbc.sql("""
				insert into customer_rights_request (id, shop_id, customer_id, kind, at, by_account)
				values (?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), shop.value(), id.value(), kind, Times.column(at), by)
			.update();
	}

	// --- The erasure record outside the database

	private synchronized void appendToFile(ShopId shop, CustomerId id, Instant at) {
		try {
			if (this.erasureFile.getParent() != null) {
				Files.createDirectories(this.erasureFile.getParent());
			}
			Files.writeString(this.erasureFile, shop.value() + " " + id.value() + " " + at + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
					StandardOpenOption.SYNC);
		}
		catch (IOException ex) {
			// The database row still holds the erasure; the file is the copy that
			// survives a restore. Refuse rather than erase without it.
			throw new UncheckedIOException("could not write the erasure record " + this.erasureFile, ex);
		}
	}

	private Set<Erased> fromFile() {
		Set<Erased> erased = new LinkedHashSet<>();
		if (!Files.isReadable(this.erasureFile)) {
			return erased;
		}
		try {
			for (String line : Files.readAllLines(this.erasureFile, StandardCharsets.UTF_8)) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length >= 3) {
					try {
						erased.add(new Erased(new ShopId(UUID.fromString(fields[0])),
								new CustomerId(UUID.fromString(fields[1])), Instant.parse(fields[2])));
					}
					catch (RuntimeException ex) {
						log.warn("Erasure record {}: a line that is not an erasure was skipped", this.erasureFile);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return erased;
	}

	private record Erased(ShopId shop, CustomerId customer, Instant at) {
	}

	/**
	 * At start: every customer erased, by the database's record or the file's, is erased
	 * again, and each record is completed from the other. Idempotent; cheap when nothing
	 * came back.
	 * @return how many erasures were applied again
	 */
	public int eraseAgainAfterRestore() {
		Set<Erased> inFile = fromFile();
		List<Erased> inDatabase = this.jdbc.sql("""
				select shop_id, customer_id, min(at) as at from customer_rights_request where kind = 'ERASURE'
				group by shop_id, customer_id""")
			.query((rs, n) -> new Erased(new ShopId(rs.getObject("shop_id", UUID.class)),
					new CustomerId(rs.getObject("customer_id", UUID.class)), Times.instant(rs, "at")))
			.list();
		Set<String> known = new LinkedHashSet<>();
		inDatabase.forEach((e) -> known.add(e.shop().value() + " " + e.customer().value()));
		Set<String> filed = new LinkedHashSet<>();
		inFile.forEach((e) -> filed.add(e.shop().value() + " " + e.customer().value()));
		int applied = 0;
		for (Erased e : inFile) {
			boolean shopExists = this.jdbc.sql("select count(*) from shop where id = ?")
				.param(e.shop().value())
				.query(Integer.class)
				.single() > 0;
			if (!shopExists) {
				continue;
			}
			if (known.add(e.shop().value() + " " + e.customer().value())) {
				record(e.shop(), e.customer(), "ERASURE", null, e.at());
				log.info("Customer {} was erased after this database's backup: erased again", e.customer());
			}
			eraseEverywhere(e.shop(), e.customer(), this.clock.instant());
			applied++;
		}
		for (Erased e : inDatabase) {
			if (!filed.contains(e.shop().value() + " " + e.customer().value())) {
				appendToFile(e.shop(), e.customer(), e.at());
				eraseEverywhere(e.shop(), e.customer(), this.clock.instant());
				applied++;
			}
		}
		return applied;
	}

	private static void requireOwner(ShopUser user) {
		if (user.role() != Role.OWNER) {
			throw new AccessDeniedException("a customer's data rights are for the owner");
		}
	}

}
