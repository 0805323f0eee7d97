package app.extramile.rounds;

/**
 * A point on the map in WGS 84 degrees.
 *
 * @param latitude degrees north
 * @param longitude degrees east
 */
public record Place(double latitude, double longitude) {

	public Place {
		if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
			throw new IllegalArgumentException("not a place: " + latitude + "," + longitude);
		}
	}

	/** Great-circle distance in metres (haversine, mean Earth radius). */
	public double metresTo(Place other) {
		double p1 = Math.toRadians(this.latitude);
		double p2 = Math.toRadians(other.latitude);
		double dp = p2 - p1;
		double dl = Math.toRadians(other.longitude - this.longitude);
		double a = Math.sin(dp / 2) * Math.sin(dp / 2)
				+ Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
		return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
	}

}
