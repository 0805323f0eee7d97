package app.extramile.rounds;

import java.util.List;

/**
 * Travel times in seconds between places, the first place being the depot: straight line
 * times a road factor by default, or an OSRM-compatible routing server's table API.
 */
public interface TravelTimes {

	RoundProblem.TravelMatrix between(List<Place> places);

	/** Straight line x road factor at an average speed. */
	static TravelTimes straightLine(double roadFactor, double kilometresPerHour) {
		double metresPerSecond = kilometresPerHour / 3.6;
		return (places) -> {
			int n = places.size();
			long[][] seconds = new long[n][n];
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < n; j++) {
					seconds[i][j] = Math.round(places.get(i).metresTo(places.get(j)) * roadFactor / metresPerSecond);
				}
			}
			return RoundProblem.TravelMatrix.of(seconds);
		};
	}

}
