package app.extramile.rounds;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How travel times are estimated: straight line x {@code roadFactor} at {@code speedKmh}
 * by default; with {@code osrmUrl} set, an OSRM-compatible server's table API (falling
 * back to the estimate when it fails).
 *
 * @param roadFactor how much longer roads are than the straight line
 * @param speedKmh average driving speed
 * @param osrmUrl base URL of an OSRM-compatible routing server, or null
 * @param osrmTimeout how long to wait for it
 */
@ConfigurationProperties("extramile.rounds")
public record RoundsProperties(Double roadFactor, Double speedKmh, URI osrmUrl, Duration osrmTimeout) {

	public RoundsProperties {
		roadFactor = (roadFactor != null) ? roadFactor : 1.4;
		speedKmh = (speedKmh != null) ? speedKmh : 30.0;
		osrmTimeout = (osrmTimeout != null) ? osrmTimeout : Duration.ofSeconds(5);
	}

}
