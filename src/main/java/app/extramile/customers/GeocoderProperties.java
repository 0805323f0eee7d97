package app.extramile.customers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a customer's location is looked up from their postcode: a postcodes.io-style HTTP
 * API ({@code GET {url}/postcodes/{postcode}}). Without a URL there is no lookup and the
 * customer form explains how to set the location by hand.
 *
 * @param url base URL of the geocoder, or blank for none
 * @param timeout how long the form waits for it (short: someone is at the till)
 */
@ConfigurationProperties("extramile.geocoder")
record GeocoderProperties(String url, Duration timeout) {

	public GeocoderProperties {
		url = (url != null && !url.isBlank()) ? url.strip().replaceAll("/+$", "") : null;
		timeout = (timeout != null) ? timeout : Duration.ofSeconds(3);
	}

}
