package app.extramile.customers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers like postcodes.io: {@code SY23 1AA} is
 * found, {@code SL0 0SW} answers after two seconds, {@code DN1 1XX} fails with 503, any
 * other postcode is not found (404).
 */
public final class PostcodesStub implements AutoCloseable {

	public static final String FOUND = "SY23 1AA";

	public static final String SLOW = "SL0 0SW";

	public static final String BROKEN = "DN1 1XX";

	public static final double LATITUDE = 52.414719;

	public static final double LONGITUDE = -4.081836;

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	private final Queue<String> paths = new ConcurrentLinkedQueue<>();

	public PostcodesStub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.threads);
		this.server.createContext("/postcodes/", (exchange) -> {
			String postcode = exchange.getRequestURI().getPath().substring("/postcodes/".length());
			this.paths.add(exchange.getRequestURI().getRawPath());
			int status;
			String body;
			if (FOUND.equals(postcode)) {
				status = 200;
				body = """
						{"status":200,"result":{"postcode":"SY23 1AA","latitude":%s,"longitude":%s}}"""
					.formatted(LATITUDE, LONGITUDE);
			}
			else if (SLOW.equals(postcode)) {
				try {
					Thread.sleep(2000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				status = 200;
				body = """
						{"status":200,"result":{"latitude":51.5,"longitude":-0.6}}""";
			}
			else if (BROKEN.equals(postcode)) {
				status = 503;
				body = "Service Unavailable";
			}
			else {
				status = 404;
				body = """
						{"status":404,"error":"Invalid postcode"}""";
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			try {
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
			catch (IOException ex) {
				// The client gave up waiting (the slow postcode).
			}
		});
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The raw paths asked for, in order. */
	public Queue<String> paths() {
		return this.paths;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
