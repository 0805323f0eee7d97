package app.extramile.ledger;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The ledger's settings, under {@code extramile.ledger}.
 *
 * @param currency the currency the shops take (ISO 4217)
 * @param maxAmountMinor the largest single amount, and the largest balance a certificate
 * may hold, in minor units (a typing slip of £1,000,000 is refused, not posted)
 * @param checkAt when the nightly balance check runs (server time)
 * @param lookupsPerWindow public balance lookups allowed per client address and window
 * @param lookupWindow the window for {@code lookupsPerWindow}
 */
@ConfigurationProperties("extramile.ledger")
public record LedgerSettings(String currency, long maxAmountMinor, LocalTime checkAt, int lookupsPerWindow,
		Duration lookupWindow) {

	public LedgerSettings {
		currency = (currency != null) ? currency : "GBP";
		maxAmountMinor = (maxAmountMinor > 0) ? maxAmountMinor : 1_000_000;
		checkAt = (checkAt != null) ? checkAt : LocalTime.of(3, 0);
		lookupsPerWindow = (lookupsPerWindow > 0) ? lookupsPerWindow : 20;
		lookupWindow = (lookupWindow != null) ? lookupWindow : Duration.ofMinutes(10);
	}

}
