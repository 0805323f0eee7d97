package app.extramile.customers;

import java.net.http.HttpClient;
import java.util.Locale;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * A customer's location from their postcode, through the configured postcodes.io-style
 * geocoder. Never throws: a geocoder that is missing, down, slow or does not know the
 * postcode is an answer the form explains, so the person at the till can carry on. Logs
 * never carry the postcode.
 */
@Component
public class Geocoder {

	private static final Logger log = LoggerFactory.getLogger(Geocoder.class);

	/** Letters, digits and spaces, as a UK postcode is written (lenient on the shape). */
	private static final Pattern POSTCODE = Pattern.compile("[A-Z0-9 ]{2,10}");

	private final RestClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	Geocoder(GeocoderProperties properties) {
		if (properties.url() == null) {
			this.http = null;
		}
		else {
			JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
			requests.setReadTimeout(properties.timeout());
			this.http = RestClient.builder().baseUrl(properties.url()).requestFactory(requests).build();
		}
	}

	public boolean configured() {
		return this.http != null;
	}

	/** Looks the postcode up; the answer says what happened. */
	public Answer locate(String postcode) {
		if (this.http == null) {
			return new NotConfigured();
		}
		String typed = (postcode != null) ? postcode.strip().toUpperCase(Locale.ROOT) : "";
		if (typed.isEmpty()) {
			return new NoPostcode();
		}
		if (!POSTCODE.matcher(typed).matches()) {
			return new NotFound();
		}
		try {
			return this.http.get().uri("/postcodes/{postcode}", typed).exchange((request, response) -> {
				int status = response.getStatusCode().value();
				if (status == 404) {
					return new NotFound();
				}
				if (status != 200) {
					log.warn("Geocoder answered HTTP {}", status);
					return new Unavailable();
				}
				JsonNode result = this.json.readTree(response.getBody()).path("result");
				JsonNode lat = result.path("latitude");
				JsonNode lon = result.path("longitude");
				if (!lat.isNumber() || !lon.isNumber()) {
					// postcodes.io knows some postcodes without a location (e.g. PO
					// boxes).
					return new NotFound();
				}
				double latitude = lat.asDouble();
				double longitude = lon.asDouble();
				if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
					log.warn("Geocoder sent a location out of range");
					return new Unavailable();
				}
				return new Found(latitude, longitude);
			});
		}
		catch (RuntimeException ex) {
			log.warn("Geocoder unavailable ({})", ex.getClass().getSimpleName());
			return new Unavailable();
		}
	}

	/** What the geocoder said. */
	public sealed interface Answer permits Found, NotFound, NoPostcode, Unavailable, NotConfigured {

	}

	/** The postcode's location. */
	public record Found(double latitude, double longitude) implements Answer {

	}

	/** The geocoder does not know the postcode (or it is not a postcode). */
	public record NotFound() implements Answer {

	}

	/** Nothing typed to look up. */
	public record NoPostcode() implements Answer {

	}

	/** The geocoder is down, slow, or answered nonsense. */
	public record Unavailable() implements Answer {

	}

	/** No geocoder is set up. */
	public record NotConfigured() implements Answer {

	}

}
