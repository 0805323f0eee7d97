package app.extramile.shared;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * The tenant: every tenant table carries a {@code shop_id} and every query is scoped by
 * it.
 */
public record ShopId(UUID value) implements Serializable {

	public ShopId {
		Objects.requireNonNull(value, "shop id");
	}

	public static ShopId of(String value) {
		return new ShopId(UUID.fromString(value));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
