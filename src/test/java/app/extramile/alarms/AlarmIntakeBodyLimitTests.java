package app.extramile.alarms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import app.extramile.AppTest;
import app.extramile.TestShops;
import app.extramile.customers.CustomerDetails;
import app.extramile.customers.CustomerDirectory;
import app.extramile.customers.CustomerId;
import app.extramile.shared.Role;
import app.extramile.shared.ShopId;
import app.extramile.shared.ShopUser;
import app.extramile.system.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are limited before they are read (issue 21, point 2): 100 MB sent to the alarm
 * intake, which needs no sign-in, four at once, with and without a declared length, over
 * real HTTP to the server running in this JVM. Each is answered 413 within seconds, and
 * the heap does not hold the bodies. The same limit refuses an oversized form post and
 * any {@code /api} body, and a normal alarm still gets through.
 */
@AppTest(systemTime = true)
class AlarmIntakeBodyLimitTests {

	private static final long HUNDRED_MB = 100L * 1024 * 1024;

	private static final long MB = 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	AlarmSetup setup;

	@Autowired
	CustomerDirectory customers;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	/** Reads answers while the body is still being sent: one thread per connection. */
	final ExecutorService readers = Executors.newCachedThreadPool();

	ShopId shop;

	String provider;

	@BeforeEach
	void aProviderAndAPendant() {
		this.shop = TestShops.create(this.jdbc);
		ShopUser owner = TestShops.user(this.shop, Role.OWNER);
		this.provider = "p" + UUID.randomUUID().toString().substring(0, 8);
		this.setup.addProvider(owner, this.provider, AlarmIntakeHttpTests.SECRET);
		CustomerId gwen = this.customers.register(this.shop, new CustomerDetails(null, "Gwen Prydderch", null, null,
				null, "3 Stryd y Capel", null, null, null, null, null, null, List.of()));
		this.setup.addDevice(owner, this.setup.providers(this.shop).get(0).id(), "PENDANT-1", gwen, 3600);
	}

	@AfterEach
	void stopReaders() {
		this.readers.shutdownNow();
	}

	@Test
	void fourHundredMegabyteAlarmsWithADeclaredLengthAreRefusedAtOnceAndNotHeld() throws Exception {
		refusedQuicklyWithFlatMemory(false);
	}

	@Test
	void fourHundredMegabyteAlarmsOfUnknownLengthAreRefusedWhileStreamingAndNotHeld() throws Exception {
		refusedQuicklyWithFlatMemory(true);
	}

	private void refusedQuicklyWithFlatMemory(boolean chunked) throws Exception {
		long before = usedAfterCollecting();
		HeapPeak peak = HeapPeak.start();
		List<Answer> answers = new ArrayList<>();
		ExecutorService senders = Executors.newFixedThreadPool(4);
		try {
			List<Future<Answer>> sent = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				sent.add(senders.submit(() -> post("/api/alarms", "application/json", HUNDRED_MB, chunked)));
			}
			for (Future<Answer> answer : sent) {
				answers.add(answer.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			senders.shutdownNow();
			peak.stop();
		}
		long after = usedAfterCollecting();

		for (Answer answer : answers) {
			assertThat(answer.status()).as(answer.head()).isEqualTo(413);
			assertThat(answer.took()).as("answered while the body was still coming").isLessThan(Duration.ofSeconds(10));
			assertThat(answer.sent()).as("the client could not send it all").isLessThan(HUNDRED_MB);
			assertThat(answer.head().toLowerCase()).contains("content-type: application/problem+json")
				.contains("connection: close");
			JsonNode problem = this.json.readTree(answer.body());
			assertThat(problem.get("status").asInt()).isEqualTo(413);
			assertThat(problem.get("detail").asString()).contains("4 KB");
		}
		assertThat(after - before).as("heap in use after the burst, collected, grew by").isLessThan(50 * MB);
		assertThat(peak.growth(before)).as("heap in use during the burst grew by at most").isLessThan(150 * MB);
	}

	@Test
	void aNormalAlarmStillGetsThroughAndOneByteTooManyDoesNot() throws Exception {
		String body = AlarmIntakeHttpTests.alarm("evt-1", "PENDANT-1", "button");
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String signature = Signatures.sign(AlarmIntakeHttpTests.SECRET.getBytes(StandardCharsets.UTF_8), timestamp,
				bytes);
		Answer accepted = post("/api/alarms", "application/json", bytes, false, "X-Extramile-Provider: " + this.provider
				+ "\r\nX-Extramile-Timestamp: " + timestamp + "\r\nX-Extramile-Signature: " + signature);
		assertThat(accepted.status()).as(accepted.head()).isEqualTo(201);
		assertThat(this.jdbc.sql("select count(*) from alarm where shop_id = ?")
			.param(this.shop.value())
			.query(Integer.class)
			.single()).isOne();

		byte[] padded = Arrays.copyOf(bytes, 4097);
		Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
		assertThat(post("/api/alarms", "application/json", padded, true, "").status()).isEqualTo(413);
		assertThat(post("/api/alarms", "application/json", Arrays.copyOf(padded, 4096), true, "").status())
			.as("4 KB exactly passes the filter and is refused only for want of a signature")
			.isEqualTo(401);
	}

	@Test
	void aFormPostOverOneMegabyteIsRefusedWithAPage() throws Exception {
		Answer declared = send("/login", "application/x-www-form-urlencoded", 2 * MB, false, "Accept: text/html");
		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.head().toLowerCase()).contains("content-type: text/html");
		assertThat(declared.body()).contains("Too much to send");

		Answer chunked = post("/login", "application/x-www-form-urlencoded", 2 * MB, true);
		assertThat(chunked.status()).isEqualTo(413);
	}

	@Test
	void anApiBodyOverItsLimitIsAProblemDetail() throws Exception {
		Answer answer = post("/api/errands", "application/json", 65 * 1024, false);

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.head().toLowerCase()).contains("content-type: application/problem+json");
		JsonNode problem = this.json.readTree(answer.body());
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("title").asString()).isEqualTo("Content Too Large");
		assertThat(problem.get("status").asInt()).isEqualTo(413);
		assertThat(problem.get("detail").asString())
			.isEqualTo("The request body is larger than this endpoint accepts (64 KB).");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/errands");

		// A visit batch may be larger, but not without end: refused at once when
		// declared,
		// and while it is read when not (only with a token: without, nothing reads it).
		Answer declared = post("/api/visits", "application/json", 9 * MB, false);
		assertThat(declared.status()).isEqualTo(413);
		assertThat(this.json.readTree(declared.body()).get("detail").asString()).contains("8192 KB");
		String token = this.tokens.create(this.shop, "Till", null);
		// valid JSON so far, so the parser reads on
		Answer streamed = send("/api/visits", "application/json", 9 * MB,
				"{\"visits\":[".getBytes(StandardCharsets.US_ASCII), (byte) ' ', true,
				"Authorization: Bearer " + token);
		assertThat(streamed.status()).as(streamed.head()).isEqualTo(413);
		assertThat(this.json.readTree(streamed.body()).get("detail").asString()).contains("8192 KB");
	}

	record Answer(int status, String head, String body, long sent, Duration took) {
	}

	/** A body of {@code size} bytes made as it is sent, never held whole. */
	private Answer post(String path, String contentType, long size, boolean chunked) throws Exception {
		return send(path, contentType, size, new byte[0], (byte) 'a', chunked, "");
	}

	private Answer post(String path, String contentType, byte[] body, boolean chunked, String headers)
			throws Exception {
		return send(path, contentType, body.length, body, (byte) ' ', chunked, headers);
	}

	private Answer send(String path, String contentType, long size, boolean chunked, String headers) throws Exception {
		return send(path, contentType, size, new byte[0], (byte) 'a', chunked, headers);
	}

	/**
	 * Sends {@code start}, then {@code filler} up to {@code size} bytes, while reading
	 * the answer: stops sending once it comes.
	 */
	private Answer send(String path, String contentType, long size, byte[] start, byte filler, boolean chunked,
			String headers) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(30_000);
			AtomicBoolean answered = new AtomicBoolean();
			AtomicLong answeredAt = new AtomicLong();
			InputStream in = socket.getInputStream();
			CompletableFuture<byte[]> response = CompletableFuture
				.supplyAsync(() -> readUntilClosed(in, answered, answeredAt), this.readers);
			OutputStream out = socket.getOutputStream();
			long begin = System.nanoTime();
			String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
					+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n")
					+ (headers.isEmpty() ? "" : headers + "\r\n") + "\r\n";
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[16 * 1024];
			Arrays.fill(chunk, filler);
			long sent = 0;
			try {
				while (sent < size && !answered.get()) {
					int n = (int) Math.min(chunk.length, size - sent);
					byte[] part = chunk;
					if (sent < start.length) {
						part = chunk.clone();
						System.arraycopy(start, (int) sent, part, 0, (int) Math.min(n, start.length - sent));
					}
					if (chunked) {
						out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					}
					out.write(part, 0, n);
					if (chunked) {
						out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					}
					sent += n;
				}
				if (chunked && !answered.get()) {
					out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.flush();
			}
			catch (IOException closedByTheServer) {
				// expected once the server has answered and closed the connection
			}
			byte[] raw = response.get(60, TimeUnit.SECONDS);
			Duration took = Duration.ofNanos(((answeredAt.get() != 0) ? answeredAt.get() : System.nanoTime()) - begin);
			String text = new String(raw, StandardCharsets.UTF_8);
			int split = text.indexOf("\r\n\r\n");
			assertThat(split).as("an HTTP answer: %s", text).isPositive();
			String responseHead = text.substring(0, split);
			String responseBody = text.substring(split + 4);
			if (responseHead.toLowerCase().contains("transfer-encoding: chunked")) {
				responseBody = unchunk(responseBody);
			}
			return new Answer(Integer.parseInt(responseHead.substring(9, 12)), responseHead, responseBody, sent, took);
		}
	}

	/**
	 * Everything the server sends until it closes the connection (or resets it, which may
	 * follow an answer to an unread body).
	 */
	private static byte[] readUntilClosed(InputStream in, AtomicBoolean answered, AtomicLong answeredAt) {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				if (n > 0 && !answered.get()) {
					answeredAt.set(System.nanoTime());
					answered.set(true);
				}
				received.write(buffer, 0, n);
				if (complete(received.toString(StandardCharsets.UTF_8))) {
					break;
				}
			}
		}
		catch (IOException reset) {
			// what arrived before is the answer
		}
		answered.set(true);
		return received.toByteArray();
	}

	/** A whole answer, so a connection kept open does not make the test wait. */
	private static boolean complete(String text) {
		int split = text.indexOf("\r\n\r\n");
		if (split < 0) {
			return false;
		}
		String head = text.substring(0, split).toLowerCase();
		String body = text.substring(split + 4);
		int length = head.indexOf("content-length: ");
		if (length >= 0) {
			int end = head.indexOf("\r\n", length);
			int declared = Integer.parseInt(head.substring(length + 16, (end < 0) ? head.length() : end).trim());
			return body.getBytes(StandardCharsets.UTF_8).length >= declared;
		}
		return head.contains("transfer-encoding: chunked") && body.endsWith("0\r\n\r\n");
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int end = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, end + 2, end + 2 + size);
			at = end + 2 + size + 2;
		}
	}

	private static long usedAfterCollecting() throws InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
		}
		return used;
	}

	/** The most heap in use seen while the burst runs, sampled every few milliseconds. */
	static final class HeapPeak {

		private final AtomicLong peak = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private Thread sampler;

		static HeapPeak start() {
			HeapPeak heapPeak = new HeapPeak();
			heapPeak.sampler = new Thread(() -> {
				Runtime runtime = Runtime.getRuntime();
				while (heapPeak.running.get()) {
					heapPeak.peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
					try {
						Thread.sleep(2);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-peak");
			heapPeak.sampler.setDaemon(true);
			heapPeak.sampler.start();
			return heapPeak;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.sampler.join();
		}

		long growth(long from) {
			return this.peak.get() - from;
		}

	}

}
