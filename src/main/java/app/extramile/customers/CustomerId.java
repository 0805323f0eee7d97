package app.extramile.customers;

import java.util.Objects;
import java.util.UUID;

public record CustomerId(UUID value) {

	public CustomerId {
		Objects.requireNonNull(value, "customer id");
	}

	public static CustomerId of(String value) {
		return new CustomerId(UUID.fromString(value));
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
