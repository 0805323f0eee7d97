package app.extramile.system;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code health [--url URL]}: asks a running app whether it is up ({@code GET
 * /actuator/health} at {@code --url}, default {@code http://127.0.0.1:$PORT}) and exits 0
 * only when it answers UP. The container image has no shell and no curl, so this is its
 * health check: {@code java -jar /app/extramile.jar health}. It starts no Spring context.
 */
public final class HealthCommand {

	private HealthCommand() {
	}

	public static boolean handles(String command) {
		return "health".equals(command);
	}

	/** The exit status: 0 up, 1 not up or not answering, 2 wrong use. */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		String url = "http://127.0.0.1:" + env.getOrDefault("PORT", "8080");
		if (args.length == 3 && "--url".equals(args[1])) {
			url = args[2];
		}
		else if (args.length != 1) {
			err.println("Usage: health [--url http://127.0.0.1:8080]");
			return 2;
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
		try {
			HttpResponse<String> health = http.send(
					HttpRequest.newBuilder(URI.create(url + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
				out.println("UP");
				return 0;
			}
			out.println("not up: " + health.statusCode() + " " + health.body());
			return 1;
		}
		catch (IOException | IllegalArgumentException ex) {
			out.println("not answering: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

}
