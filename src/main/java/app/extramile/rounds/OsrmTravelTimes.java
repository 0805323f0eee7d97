package app.extramile.rounds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Travel times from an OSRM-compatible server's table service
 * ({@code GET /table/v1/driving/lon,lat;lon,lat?annotations=duration}). Pairs the server
 * cannot route, and the whole matrix when the server fails or is slow, fall back to the
 * straight-line estimate, so a day can always be planned; the fallback is logged.
 */
final class OsrmTravelTimes implements TravelTimes {

	private static final Logger log = LoggerFactory.getLogger(OsrmTravelTimes.class);

	private final URI base;

	private final Duration timeout;

	private final TravelTimes fallback;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	public OsrmTravelTimes(URI base, Duration timeout, TravelTimes fallback) {
		this.base = base;
		this.timeout = timeout;
		this.fallback = fallback;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	@Override
	public RoundProblem.TravelMatrix between(List<Place> places) {
		RoundProblem.TravelMatrix estimate = this.fallback.between(places);
		if (places.size() < 2) {
			return estimate;
		}
		String coordinates = places.stream()
			.map((p) -> String.format(Locale.ROOT, "%.6f,%.6f", p.longitude(), p.latitude()))
			.collect(Collectors.joining(";"));
		String root = this.base.toString().replaceAll("/+$", "");
		URI uri = URI.create(root + "/table/v1/driving/" + coordinates + "?annotations=duration");
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri).timeout(this.timeout).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("routing server answered " + response.statusCode());
			}
			JsonNode body = this.json.readTree(response.body());
			if (!"Ok".equals(body.path("code").asString())) {
				throw new IOException("routing server said " + body.path("code").asString());
			}
			JsonNode durations = body.path("durations");
			int n = places.size();
			if (durations.size() != n) {
				throw new IOException("routing server sent " + durations.size() + " rows for " + n + " places");
			}
			long[][] seconds = new long[n][n];
			int estimated = 0;
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					JsonNode cell = durations.get(i).get(j);
					if (cell == null || cell.isNull()) {
						seconds[i][j] = estimate.time(i, j);
						estimated++;
					}
					else {
						seconds[i][j] = Math.round(cell.asDouble());
					}
				}
			}
			if (estimated > 0) {
				log.warn("Routing server could not route {} of {} pairs; used straight-line estimates for them",
						estimated, n * n);
			}
			return RoundProblem.TravelMatrix.of(seconds);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Routing server unavailable ({}); planning with straight-line estimates", ex.getMessage());
			return estimate;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return estimate;
		}
	}

}
