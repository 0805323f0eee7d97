package app.extramile.customers;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postcode lookup against a real HTTP server on loopback that answers like
 * postcodes.io (found, not found, broken, slow), one that is not there at all, and none
 * configured.
 */
class GeocoderTests {

	private final PostcodesStub stub = new PostcodesStub();

	@AfterEach
	void stop() {
		this.stub.close();
	}

	private Geocoder geocoder(String url) {
		return new Geocoder(new GeocoderProperties(url, Duration.ofMillis(500)));
	}

	@Test
	void findsTheLocationOfAKnownPostcodeWhateverTheCaseAndSpacesAroundIt() {
		Geocoder.Answer answer = geocoder(this.stub.url() + "/").locate("  sy23 1aa ");
		assertThat(answer).isEqualTo(new Geocoder.Found(PostcodesStub.LATITUDE, PostcodesStub.LONGITUDE));
		assertThat(this.stub.paths()).containsExactly("/postcodes/SY23%201AA");
	}

	@Test
	void anUnknownPostcodeIsNotFound() {
		assertThat(geocoder(this.stub.url()).locate("ZZ9 9ZZ")).isInstanceOf(Geocoder.NotFound.class);
	}

	@Test
	void textThatCannotBeAPostcodeIsNotFoundWithoutAsking() {
		assertThat(geocoder(this.stub.url()).locate("../../admin?x=1")).isInstanceOf(Geocoder.NotFound.class);
		assertThat(this.stub.paths()).isEmpty();
	}

	@Test
	void aGeocoderThatFailsIsUnavailable() {
		assertThat(geocoder(this.stub.url()).locate(PostcodesStub.BROKEN)).isInstanceOf(Geocoder.Unavailable.class);
	}

	@Test
	void aGeocoderThatIsDownIsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertThat(geocoder("http://127.0.0.1:" + closedPort).locate(PostcodesStub.FOUND))
			.isInstanceOf(Geocoder.Unavailable.class);
	}

	@Test
	void aSlowGeocoderIsUnavailableAfterTheTimeoutNotWhenItAnswers() {
		long start = System.nanoTime();
		Geocoder.Answer answer = geocoder(this.stub.url()).locate(PostcodesStub.SLOW);
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(answer).isInstanceOf(Geocoder.Unavailable.class);
		assertThat(waited).isLessThan(Duration.ofMillis(1800));
	}

	@Test
	void withoutAUrlThereIsNoLookup() {
		Geocoder none = geocoder("  ");
		assertThat(none.configured()).isFalse();
		assertThat(none.locate(PostcodesStub.FOUND)).isInstanceOf(Geocoder.NotConfigured.class);
		assertThat(this.stub.paths()).isEmpty();
	}

	@Test
	void nothingTypedIsNotLookedUp() {
		assertThat(geocoder(this.stub.url()).locate(" ")).isInstanceOf(Geocoder.NoPostcode.class);
		assertThat(this.stub.paths()).isEmpty();
	}

}
