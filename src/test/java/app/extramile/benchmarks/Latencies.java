package app.extramile.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency samples in nanoseconds, summarised as nearest-rank percentiles in milliseconds.
 * Benchmarks on a shared, noisy machine report medians and tails, never means.
 */
final class Latencies {

	private long[] samples = new long[1024];

	private int size;

	void add(long nanos) {
		if (this.size == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.size * 2);
		}
		this.samples[this.size++] = nanos;
	}

	void addAll(Latencies other) {
		for (int i = 0; i < other.size; i++) {
			add(other.samples[i]);
		}
	}

	int size() {
		return this.size;
	}

	/** Nearest-rank percentile in milliseconds, e.g. {@code percentile(95)}. */
	double percentile(double p) {
		if (this.size == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.samples, this.size);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000_000.0;
	}

	double median() {
		return percentile(50);
	}

	static String ms(double millis) {
		return String.format(Locale.ROOT, (millis < 10) ? "%.2f" : "%.1f", millis);
	}

	static String ratio(double value, double baseline) {
		return String.format(Locale.ROOT, "%.2f×", value / baseline);
	}

	/**
	 * Benchmark options arrive as {@code key=value} words (from
	 * {@code -Dbenchmark.args}); each becomes the system property {@code bench.key}.
	 */
	static void options(String[] args) {
		for (String arg : args) {
			for (String word : arg.trim().split("\\s+")) {
				int equals = word.indexOf('=');
				if (equals > 0) {
					System.setProperty("bench." + word.substring(0, equals), word.substring(equals + 1));
				}
			}
		}
	}

}
