package app.extramile.backtesting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005, "Counting your customers the easy
 * way", Marketing Science 24(2)), a baseline for Who's missing: while alive a customer
 * buys as a Poisson process whose rate is gamma(r, alpha) across customers; after each
 * purchase they drop out with a probability that is beta(a, b) across customers. Fitted
 * by maximum likelihood to one history; {@link #probabilityAlive} is the chance that a
 * customer has not dropped out. Time is in weeks.
 */
record BgNbd(double r, double alpha, double a, double b, double logLikelihood) {

	/**
	 * One customer's summary: repeat purchases {@code x}, the time of the last one after
	 * the first {@code tx}, and the time observed after the first {@code t} (weeks).
	 */
	public record Summary(int x, double tx, double t) {
	}

	/** Maximum likelihood fit (Nelder-Mead on the logarithms of the four parameters). */
	public static BgNbd fit(List<Summary> customers) {
		int maxX = 0;
		for (Summary s : customers) {
			maxX = Math.max(maxX, s.x());
		}
		int n = customers.size();
		int[] xs = new int[n];
		double[] txs = new double[n];
		double[] ts = new double[n];
		for (int i = 0; i < n; i++) {
			xs[i] = customers.get(i).x();
			txs[i] = customers.get(i).tx();
			ts[i] = customers.get(i).t();
		}
		int top = maxX;
		java.util.function.ToDoubleFunction<double[]> negative = (
				p) -> -logLikelihood(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3]), xs, txs, ts, top);
		double[] best = nelderMead(negative, new double[] { 0, 0, 0, 0 }, 4000);
		best = nelderMead(negative, best, 4000);
		return new BgNbd(Math.exp(best[0]), Math.exp(best[1]), Math.exp(best[2]), Math.exp(best[3]),
				-negative.applyAsDouble(best));
	}

	static double logLikelihood(double r, double alpha, double a, double b, int[] xs, double[] txs, double[] ts,
			int maxX) {
		// ln Gamma(r + x) - ln Gamma(r) and the beta function terms for whole x, as sums.
		double[] gammaR = new double[maxX + 1];
		double[] betaB = new double[maxX + 1];
		for (int x = 1; x <= maxX; x++) {
			gammaR[x] = gammaR[x - 1] + Math.log(r + x - 1);
			betaB[x] = betaB[x - 1] + Math.log(b + x - 1) - Math.log(a + b + x - 1);
		}
		double total = 0;
		double logAlpha = Math.log(alpha);
		for (int i = 0; i < xs.length; i++) {
			int x = xs[i];
			double a1 = gammaR[x] + r * logAlpha;
			double a2 = betaB[x];
			double a3 = -(r + x) * Math.log(alpha + ts[i]);
			double sum;
			if (x > 0) {
				double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + txs[i]);
				double max = Math.max(a3, a4);
				sum = max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
			}
			else {
				sum = a3;
			}
			total += a1 + a2 + sum;
		}
		return Double.isFinite(total) ? total : -Double.MAX_VALUE;
	}

	/** The chance that the customer is still alive (1 before any repeat purchase). */
	public double probabilityAlive(int x, double tx, double t) {
		if (x == 0) {
			return 1;
		}
		double odds = Math
			.exp(Math.log(this.a / (this.b + x - 1)) + (this.r + x) * Math.log((this.alpha + t) / (this.alpha + tx)));
		return 1 / (1 + odds);
	}

	/** Summaries of visit-day histories (epoch days, ascending) observed until a day. */
	static List<Summary> summaries(List<int[]> visitDays, double endDay) {
		List<Summary> summaries = new ArrayList<>(visitDays.size());
		for (int[] days : visitDays) {
			if (days.length == 0 || days[0] > endDay) {
				continue;
			}
			int last = 0;
			while (last + 1 < days.length && days[last + 1] <= endDay) {
				last++;
			}
			summaries.add(new Summary(last, (days[last] - days[0]) / 7.0, (endDay - days[0]) / 7.0));
		}
		return summaries;
	}

	private static double[] nelderMead(java.util.function.ToDoubleFunction<double[]> f, double[] start,
			int iterations) {
		int n = start.length;
		double[][] simplex = new double[n + 1][];
		double[] values = new double[n + 1];
		simplex[0] = start.clone();
		for (int i = 0; i < n; i++) {
			simplex[i + 1] = start.clone();
			simplex[i + 1][i] += 0.5;
		}
		for (int i = 0; i <= n; i++) {
			values[i] = f.applyAsDouble(simplex[i]);
		}
		for (int iteration = 0; iteration < iterations; iteration++) {
			Integer[] order = new Integer[n + 1];
			for (int i = 0; i <= n; i++) {
				order[i] = i;
			}
			double[] v = values;
			Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
			double[][] s = new double[n + 1][];
			double[] sv = new double[n + 1];
			for (int i = 0; i <= n; i++) {
				s[i] = simplex[order[i]];
				sv[i] = values[order[i]];
			}
			simplex = s;
			values = sv;
			if (Math.abs(values[n] - values[0]) < 1e-10 * (1 + Math.abs(values[0]))) {
				break;
			}
			double[] centroid = new double[n];
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					centroid[j] += simplex[i][j] / n;
				}
			}
			double[] reflected = move(centroid, simplex[n], -1);
			double fr = f.applyAsDouble(reflected);
			if (fr < values[0]) {
				double[] expanded = move(centroid, simplex[n], -2);
				double fe = f.applyAsDouble(expanded);
				simplex[n] = (fe < fr) ? expanded : reflected;
				values[n] = Math.min(fe, fr);
			}
			else if (fr < values[n - 1]) {
				simplex[n] = reflected;
				values[n] = fr;
			}
			else {
				double[] contracted = move(centroid, simplex[n], 0.5);
				double fc = f.applyAsDouble(contracted);
				if (fc < values[n]) {
					simplex[n] = contracted;
					values[n] = fc;
				}
				else {
					for (int i = 1; i <= n; i++) {
						simplex[i] = move(simplex[0], simplex[i], 0.5);
						values[i] = f.applyAsDouble(simplex[i]);
					}
				}
			}
		}
		int best = 0;
		for (int i = 1; i <= n; i++) {
			best = (values[i] < values[best]) ? i : best;
		}
		return simplex[best];
	}

	/** {@code from + t * (to - from)}. */
	private static double[] move(double[] from, double[] to, double t) {
		double[] point = new double[from.length];
		for (int i = 0; i < from.length; i++) {
			point[i] = from[i] + t * (to[i] - from[i]);
		}
		return point;
	}

}
