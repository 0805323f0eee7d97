package app.extramile.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.NotFoundException;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.shared.Times;
import app.extramile.shared.Tokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alarm providers (owner-managed, with their encrypted secrets) and the devices of
 * customers (owners and staff).
 */
@Service
@Transactional
public class AlarmSetup {

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	private final CustomerDirectory customers;

	private final Clock clock;

	AlarmSetup(JdbcClient jdbc, SecretBox secrets, CustomerDirectory customers, Clock clock) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.customers = customers;
		this.clock = clock;
	}

	/** A provider as the intake needs it; the secret never leaves this module. */
	record Provider(UUID id, ShopId shopId, String name, byte[] secret) {

		@Override
		public String toString() {
			return "Provider[" + this.name + "]";
		}

	}

	public record ProviderView(UUID id, String name, Instant createdAt) {
	}

	public record Device(UUID id, UUID providerId, String providerName, String deviceId, CustomerId customerId,
			int heartbeatSeconds, Instant lastHeartbeatAt, Instant supervisionAlertedAt) {

		/** Silent longer than its heartbeat period at {@code now}. */
		public boolean silent(Instant now) {
			Instant since = (this.lastHeartbeatAt != null) ? this.lastHeartbeatAt : null;
			return since != null && since.plusSeconds(this.heartbeatSeconds).isBefore(now);
		}

	}

	/**
	 * Registers a provider. With a blank secret one is generated. The secret is returned
	 * once, to be shown once; only its encryption is stored.
	 * @throws IllegalArgumentException naming the field ({@code name} or {@code secret})
	 */
	public String addProvider(ShopUser owner, String name, String secret) {
		requireOwner(owner);
		if (name == null || !name.trim().matches("[a-z0-9][a-z0-9_-]{0,59}")) {
			throw new IllegalArgumentException("name");
		}
		String value = (secret == null || secret.isBlank()) ? Tokens.newToken("") : secret.trim();
		if (value.length() < 16 || value.length() > 200) {
			throw new IllegalArgumentException("secret");
		}
		try {
			this.jdbc.sql("""
					insert into alarm_provider (id, shop_id, name, secret_enc, created_at) values (?, ?, ?, ?, ?)""")
				.params(UUID.randomUUID(), owner.shopId().value(), name.trim(), this.secrets.seal(value),
						Times.column(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalArgumentException("name");
		}
		return value;
	}

	/** Sets a new secret for a provider of the shop (returned once). */
	public String rotateSecret(ShopUser owner, UUID providerId) {
		requireOwner(owner);
		String value = Tokens.newToken("");
		int updated = this.jdbc.sql("update alarm_provider set secret_enc = ? where shop_id = ? and id = ?")
			.params(this.secrets.seal(value), owner.shopId().value(), providerId)
			.update();
		if (updated == 0) {
			throw new NotFoundException("alarm provider");
		}
		return value;
	}

	@Transactional(readOnly = true)
	public List<ProviderView> providers(ShopId shop) {
		return this.jdbc.sql("select id, name, created_at from alarm_provider where shop_id = ? order by name")
			.param(shop.value())
			.query((rs, n) -> new ProviderView(rs.getObject("id", UUID.class), rs.getString("name"),
					Times.instant(rs, "created_at")))
			.list();
	}

	/**
	 * The providers of that name, in every shop: a provider's name is unique within its
	 * shop only, so the intake tells them apart by whose secret signed the request.
	 * Oldest first.
	 */
	@Transactional(readOnly = true)
	List<Provider> providersNamed(String name) {
		if (name == null || name.length() > 60) {
			return List.of();
		}
		return this.jdbc
			.sql("select id, shop_id, name, secret_enc from alarm_provider where name = ? " + "order by created_at, id")
			.param(name)
			.query((rs, n) -> new Provider(rs.getObject("id", UUID.class),
					new ShopId(rs.getObject("shop_id", UUID.class)), rs.getString("name"),
					this.secrets.open(rs.getString("secret_enc"))))
			.list();
	}

	/**
	 * Gives a customer a device.
	 * @throws IllegalArgumentException naming the field
	 */
	public UUID addDevice(ShopUser staff, UUID providerId, String deviceId, CustomerId customer, int heartbeatSeconds) {
		requireStaff(staff);
		this.customers.get(staff.shopId(), customer);
		if (providers(staff.shopId()).stream().noneMatch((p) -> p.id().equals(providerId))) {
			throw new IllegalArgumentException("providerId");
		}
		if (deviceId == null || !deviceId.trim().matches("[A-Za-z0-9._:-]{1,100}")) {
			throw new IllegalArgumentException("deviceId");
		}
		if (heartbeatSeconds < 60 || heartbeatSeconds > 7 * 24 * 3600) {
			throw new IllegalArgumentException("heartbeatSeconds");
		}
		UUID id = UUID.randomUUID();
		try {
			this.jdbc.sql("""
					insert into alarm_device (id, shop_id, provider_id, device_id, customer_id, heartbeat_seconds,
					  active, created_at) values (?, ?, ?, ?, ?, ?, true, ?)""")
				.params(id, staff.shopId().value(), providerId, deviceId.trim(), customer.value(), heartbeatSeconds,
						Times.column(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalArgumentException("deviceId");
		}
		return id;
	}

	public void removeDevice(ShopUser staff, UUID id) {
		requireStaff(staff);
		this.jdbc
			.sql("delete from alarm_device where shop_id = ? and id = ? and not exists "
					+ "(select 1 from alarm a where a.device_row_id = alarm_device.id)")
			.params(staff.shopId().value(), id)
			.update();
		this.jdbc.sql("update alarm_device set active = false where shop_id = ? and id = ?")
			.params(staff.shopId().value(), id)
			.update();
	}

	@Transactional(readOnly = true)
	public List<Device> devices(ShopId shop) {
		return this.jdbc.sql(DEVICE_SELECT + " where d.shop_id = ? and d.active order by d.device_id")
			.param(shop.value())
			.query((rs, n) -> device(rs))
			.list();
	}

	@Transactional(readOnly = true)
	Optional<Device> device(UUID providerId, String deviceId) {
		return this.jdbc.sql(DEVICE_SELECT + " where d.provider_id = ? and d.device_id = ? and d.active")
			.params(providerId, deviceId)
			.query((rs, n) -> device(rs))
			.optional();
	}

	static final String DEVICE_SELECT = """
			select d.id, d.provider_id, p.name, d.device_id, d.customer_id, d.heartbeat_seconds, d.last_heartbeat_at,
			  d.supervision_alerted_at, d.shop_id from alarm_device d join alarm_provider p on p.id = d.provider_id""";

	static Device device(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Device(rs.getObject("id", UUID.class), rs.getObject("provider_id", UUID.class), rs.getString("name"),
				rs.getString("device_id"), new CustomerId(rs.getObject("customer_id", UUID.class)),
				rs.getInt("heartbeat_seconds"), Times.instant(rs, "last_heartbeat_at"),
				Times.instant(rs, "supervision_alerted_at"));
	}

	private static void requireOwner(ShopUser user) {
		if (user.role() != Role.OWNER) {
			throw new AccessDeniedException("alarm providers are managed by owners");
		}
	}

	static void requireStaff(ShopUser user) {
		if (user.role() != Role.OWNER && user.role() != Role.STAFF) {
			throw new AccessDeniedException("owners and staff only");
		}
	}

}
