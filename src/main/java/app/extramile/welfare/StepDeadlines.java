package app.extramile.welfare;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import app.extramile.shared.Refused;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How long each kind of step may take before its assignee is reminded, set by the owner
 * per shop (between 5 minutes and a day); kinds not set keep their defaults
 * ({@link StepKind#allowed()}). A change applies to steps opened from then on.
 */
@Service
@Transactional
class StepDeadlines {

	static final int MIN_MINUTES = 5;

	static final int MAX_MINUTES = 1440;

	private final JdbcClient jdbc;

	StepDeadlines(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public Duration allowed(ShopId shop, StepKind kind) {
		return this.jdbc.sql("select minutes from welfare_deadline where shop_id = ? and kind = ?")
			.params(shop.value(), kind.name())
			.query(Integer.class)
			.optional()
			.map((minutes) -> Duration.ofMinutes(minutes))
			.orElse(kind.allowed());
	}

	@Transactional(readOnly = true)
	public Map<StepKind, Duration> all(ShopId shop) {
		Map<StepKind, Duration> all = new EnumMap<>(StepKind.class);
		for (StepKind kind : StepKind.values()) {
			all.put(kind, allowed(shop, kind));
		}
		return all;
	}

	/** Sets every kind given; nothing is stored if any is out of range. */
	public void update(ShopUser owner, Map<StepKind, Integer> minutes) {
		if (owner.role() != Role.OWNER) {
			throw new AccessDeniedException("only the owner sets how long steps may take");
		}
		for (StepKind kind : StepKind.values()) {
			Integer value = minutes.get(kind);
			if (value == null || value < MIN_MINUTES || value > MAX_MINUTES) {
				throw new Refused(kind.name(), "deadlines.refused");
			}
		}
		for (StepKind kind : StepKind.values()) {
			int updated = this.jdbc.sql("update welfare_deadline set minutes = ? where shop_id = ? and kind = ?")
				.params(minutes.get(kind), owner.shopId().value(), kind.name())
				.update();
			if (updated == 0) {
				this.jdbc.sql("insert into welfare_deadline (shop_id, kind, minutes) values (?, ?, ?)")
					.params(owner.shopId().value(), kind.name(), minutes.get(kind))
					.update();
			}
		}
	}

}
