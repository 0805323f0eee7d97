package app.extramile.processes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy as a child process on loopback, round-robin in front of app instances
 * on fixed ports: health checks on {@code /actuator/health} every second, and a request
 * whose connection fails (or whose server dies before answering) tried again on another
 * instance. The configuration is written next to its log.
 */
final class HaProxy implements AutoCloseable {

	static final Path BINARY = Path.of(System.getProperty("extramile.test.haproxy", "/usr/sbin/haproxy"));

	private final Process process;

	private final int port;

	private final Path log;

	private HaProxy(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	static HaProxy start(List<Integer> backends, Path directory) throws Exception {
		Files.createDirectories(directory);
		int port = AppProcess.freePort();
		StringBuilder config = new StringBuilder("""
				global
				    maxconn 1000
				defaults
				    mode http
				    log stdout format raw local0 info
				    option httplog
				    timeout connect 2s
				    timeout client 60s
				    timeout server 30s
				    timeout http-request 10s
				    # a connection refused or reset, or a server that died before answering: another instance
				    retries 3
				    option redispatch 1
				    retry-on conn-failure empty-response
				frontend app
				    bind 127.0.0.1:%d
				    default_backend instances
				backend instances
				    balance roundrobin
				    option httpchk GET /actuator/health
				    http-check expect status 200
				    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 1
				""".formatted(port));
		for (int i = 0; i < backends.size(); i++) {
			config.append("    server app")
				.append(i + 1)
				.append(" 127.0.0.1:")
				.append(backends.get(i))
				.append(" check\n");
		}
		Path file = directory.resolve("haproxy.cfg");
		Files.writeString(file, config);
		Path log = directory.resolve("haproxy.log");
		Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		HaProxy proxy = new HaProxy(process, port, log);
		Instant deadline = Instant.now().plusSeconds(20);
		while (!proxy.listening()) {
			if (!process.isAlive() || Instant.now().isAfter(deadline)) {
				proxy.close();
				throw new IllegalStateException("HAProxy did not start; see " + log);
			}
			Thread.sleep(100);
		}
		return proxy;
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** How many requests HAProxy logged as retried or sent to another instance. */
	long retriedRequests() throws IOException {
		// httplog's retries field: "+n" when redispatched, n when only retried
		return Files.readAllLines(this.log)
			.stream()
			.filter((line) -> line.matches(".* \\d+/\\d+/\\d+/\\d+/\\+?[1-9]\\d* \\d+/\\d+ .*"))
			.count();
	}

	Path log() {
		return this.log;
	}

	@Override
	public void close() throws Exception {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

}
