package app.extramile.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers like Twilio's Messages API: 201 with a sid,
 * or the statuses queued by the test first. It records every request it gets.
 */
final class SmsProviderStub implements AutoCloseable {

	record Received(String method, String path, String authorization, String idempotencyToken, Map<String, String> form,
			int answered) {

		String basicUser() {
			String decoded = new String(Base64.getDecoder().decode(this.authorization.substring("Basic ".length())),
					StandardCharsets.UTF_8);
			return decoded;
		}

	}

	private final HttpServer server;

	private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

	private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private final AtomicInteger sids = new AtomicInteger();

	private volatile int alwaysStatus = 0;

	private volatile long latencyMillis = 0;

	SmsProviderStub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The next requests get these statuses, in order; then 201 again. */
	void thenAnswer(Integer... statuses) {
		this.statuses.addAll(List.of(statuses));
	}

	/** Every request gets this status (0: back to normal). */
	void alwaysAnswer(int status) {
		this.alwaysStatus = status;
	}

	void latency(long millis) {
		this.latencyMillis = millis;
	}

	void reset() {
		this.received.clear();
		this.statuses.clear();
		this.alwaysStatus = 0;
		this.latencyMillis = 0;
	}

	List<Received> received() {
		synchronized (this.received) {
			return List.copyOf(this.received);
		}
	}

	List<Received> accepted() {
		return received().stream().filter((r) -> r.answered() >= 200 && r.answered() < 300).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			if (this.latencyMillis > 0) {
				Thread.sleep(this.latencyMillis);
			}
			Integer queued = this.statuses.poll();
			int status = (this.alwaysStatus != 0) ? this.alwaysStatus : (queued != null) ? queued : 201;
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("I-Twilio-Idempotency-Token"),
					form(new String(body, StandardCharsets.UTF_8)), status));
			String answer = (status == 201)
					? "{\"sid\":\"SM" + this.sids.incrementAndGet() + "\",\"status\":\"queued\"}"
					: "{\"code\":20500,\"message\":\"Internal error\"}";
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
