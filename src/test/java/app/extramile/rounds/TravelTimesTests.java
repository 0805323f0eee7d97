package app.extramile.rounds;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Straight-line travel times, and the OSRM table API against a real HTTP server on
 * loopback that answers like OSRM (or fails).
 */
class TravelTimesTests {

	private static final Place SHOP = new Place(52.4140, -4.0810);

	private static final Place FARM = new Place(52.4230, -4.0810);

	private static final Place CHAPEL = new Place(52.4140, -4.0660);

	private HttpServer server;

	private final Queue<String> requests = new ConcurrentLinkedQueue<>();

	private volatile int status = 200;

	private volatile String body = "";

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestURI().toString());
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	private URI base() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/");
	}

	@Test
	void straightLineUsesTheRoadFactorAndSpeed() {
		// 0.009 degrees of latitude is about 1000.8 m; x 1.5 at 36 km/h (10 m/s) = 150 s
		RoundProblem.TravelMatrix matrix = TravelTimes.straightLine(1.5, 36).between(List.of(SHOP, FARM));
		assertThat(SHOP.metresTo(FARM)).isCloseTo(1000.8, within(1.0));
		assertThat(matrix.time(0, 1)).isEqualTo(150);
		assertThat(matrix.time(1, 0)).isEqualTo(150);
		assertThat(matrix.time(0, 0)).isZero();
	}

	@Test
	void osrmTableGivesTheMatrixInLongitudeLatitudeOrder() {
		this.body = """
				{"code":"Ok","durations":[[0,181.4,240],[190,0,300.6],[250,310,0]]}""";
		OsrmTravelTimes osrm = new OsrmTravelTimes(base(), Duration.ofSeconds(5), TravelTimes.straightLine(1.4, 30));
		RoundProblem.TravelMatrix matrix = osrm.between(List.of(SHOP, FARM, CHAPEL));
		assertThat(matrix.time(0, 1)).isEqualTo(181);
		assertThat(matrix.time(1, 2)).isEqualTo(301);
		assertThat(matrix.time(2, 0)).isEqualTo(250);
		assertThat(this.requests).singleElement()
			.isEqualTo("/table/v1/driving/-4.081000,52.414000;-4.081000,52.423000;-4.066000,52.414000"
					+ "?annotations=duration");
	}

	@Test
	void unroutablePairsAndAFailingServerFallBackToTheStraightLine() {
		TravelTimes straight = TravelTimes.straightLine(1.4, 30);
		long estimate = straight.between(List.of(SHOP, FARM)).time(0, 1);
		OsrmTravelTimes osrm = new OsrmTravelTimes(base(), Duration.ofSeconds(5), straight);

		this.body = """
				{"code":"Ok","durations":[[0,null],[95,0]]}""";
		RoundProblem.TravelMatrix partly = osrm.between(List.of(SHOP, FARM));
		assertThat(partly.time(0, 1)).isEqualTo(estimate);
		assertThat(partly.time(1, 0)).isEqualTo(95);

		this.status = 500;
		this.body = "{\"code\":\"Error\"}";
		assertThat(osrm.between(List.of(SHOP, FARM)).time(0, 1)).isEqualTo(estimate);

		this.status = 200;
		this.body = "{\"code\":\"NoTable\"}";
		assertThat(osrm.between(List.of(SHOP, FARM)).time(0, 1)).isEqualTo(estimate);

		this.server.stop(0);
		assertThat(osrm.between(List.of(SHOP, FARM)).time(0, 1)).isEqualTo(estimate);
		assertThat(this.requests).hasSize(3);
	}

}
