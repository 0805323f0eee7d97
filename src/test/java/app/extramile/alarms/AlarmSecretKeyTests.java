package app.extramile.alarms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code extramile.alarms.secret-key} unset, the app generates the key on its first
 * start and keeps it in the database; a provider secret sealed with the constant that
 * used to be the default is sealed again with it, and still opens.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = { "db-scheduler.enabled=false", "extramile.alarms.secret-key=" })
class AlarmSecretKeyTests {

	private static final String URL = "jdbc:h2:mem:secret-key-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	private static final UUID PROVIDER = UUID.randomUUID();

	private static String formerlySealed;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AlarmSetup setup;

	@Autowired
	SecretBox secrets;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		Flyway.configure().dataSource(URL, "sa", "").load().migrate();
		try (Connection db = DriverManager.getConnection(URL, "sa", "")) {
			UUID shop = UUID.randomUUID();
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
			update(db, "insert into shop (id, slug, name, time_zone, created_at) values (?, ?, 'Key shop', "
					+ "'Europe/London', ?)", shop, "key-" + shop.toString().substring(0, 8), now);
			formerlySealed = sealWithFormerDefault("a-provider-secret-of-old");
			update(db, "insert into alarm_provider (id, shop_id, name, secret_enc, created_at) values (?, ?, ?, ?, ?)",
					PROVIDER, shop, "old-" + shop.toString().substring(0, 8), formerlySealed, now);
		}
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
	}

	@Test
	void aKeyIsGeneratedAndKeptAndSecretsUnderTheFormerDefaultAreSealedAgain() {
		String kept = this.jdbc.sql("select passphrase from alarm_secret_key where id = 1")
			.query(String.class)
			.single();
		assertThat(kept).isNotEqualTo(SecretBox.FORMER_DEFAULT).hasSizeGreaterThanOrEqualTo(43);

		String stored = this.jdbc.sql("select secret_enc from alarm_provider where id = ?")
			.param(PROVIDER)
			.query(String.class)
			.single();
		assertThat(stored).isNotEqualTo(formerlySealed);
		assertThat(new String(this.secrets.open(stored), StandardCharsets.UTF_8)).isEqualTo("a-provider-secret-of-old");
		assertThat(this.secrets.open(this.secrets.seal("another"))).asString(StandardCharsets.UTF_8)
			.isEqualTo("another");
	}

	private static String sealWithFormerDefault(String secret) throws Exception {
		byte[] key = MessageDigest.getInstance("SHA-256")
			.digest(SecretBox.FORMER_DEFAULT.getBytes(StandardCharsets.UTF_8));
		byte[] iv = new byte[12];
		new SecureRandom().nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
		byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
		return "v1:" + Base64.getEncoder().encodeToString(iv) + ":" + Base64.getEncoder().encodeToString(sealed);
	}

	private static void update(Connection db, String sql, Object... args) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
	}

}
